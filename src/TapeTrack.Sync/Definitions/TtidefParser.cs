using System.Collections.Generic;

namespace TapeTrack.Sync.Definitions;

/// <summary>
/// Reads tokens as statements <c>Name(arg, ...);</c>. After a syntax error it skips to the next <c>;</c>, or to a
/// name that starts a line and is followed by <c>(</c>, so one pass reports the errors of every statement.
/// </summary>
internal sealed class TtidefParser
{
    private readonly List<TtidefToken> _tokens;
    private readonly TtidefDiagnostics _diagnostics;
    private int _pos;

    public TtidefParser(List<TtidefToken> tokens, TtidefDiagnostics diagnostics)
    {
        _tokens = tokens;
        _diagnostics = diagnostics;
    }

    private TtidefToken Current => _tokens[_pos];

    public List<TtidefStatement> Parse()
    {
        var statements = new List<TtidefStatement>();
        while (Current.Kind != TtidefTokenKind.EndOfFile)
        {
            if (Current.Kind == TtidefTokenKind.Semicolon)
            {
                _pos++;
                continue;
            }

            var statement = ParseStatement();
            if (statement is not null)
            {
                statements.Add(statement);
            }
        }

        return statements;
    }

    private TtidefStatement? ParseStatement()
    {
        var name = Current;
        if (name.Kind != TtidefTokenKind.Identifier)
        {
            Fail(name, $"expected a statement name, found {name.Describe()}", tainted: false);
            return null;
        }

        _pos++;
        if (Current.Kind != TtidefTokenKind.OpenParen)
        {
            Fail(Current, $"expected '(' after '{TtidefNames.Shorten(name.Text)}', found {Current.Describe()}", tainted: false);
            return null;
        }

        _pos++;
        var arguments = new List<TtidefToken>();
        bool tainted = false;
        if (Current.Kind != TtidefTokenKind.CloseParen)
        {
            while (true)
            {
                var argument = Current;
                if (argument.Kind is not (TtidefTokenKind.Identifier or TtidefTokenKind.Integer or TtidefTokenKind.String or TtidefTokenKind.Invalid))
                {
                    Fail(argument, $"expected an argument (a name, a number or a string), found {argument.Describe()}", tainted);
                    return null;
                }

                tainted |= argument.HasError;
                arguments.Add(argument);
                _pos++;
                if (Current.Kind == TtidefTokenKind.Comma)
                {
                    _pos++;
                    continue;
                }

                if (Current.Kind == TtidefTokenKind.CloseParen)
                {
                    break;
                }

                Fail(Current, $"expected ',' or ')' after argument {arguments.Count} of {TtidefNames.Shorten(name.Text)}, found {Current.Describe()}", tainted);
                return null;
            }
        }

        var close = Current;
        _pos++;
        if (Current.Kind == TtidefTokenKind.Semicolon)
        {
            _pos++;
        }
        else if (!tainted)
        {
            // Reported right after ')', where the ';' belongs; the next token is parsed as a new statement.
            _diagnostics.Error(close.Location.Shift(1), $"expected ';' after ')' of {TtidefNames.Shorten(name.Text)}");
        }

        return new TtidefStatement(name, arguments, close);
    }

    private void Fail(TtidefToken at, string message, bool tainted)
    {
        // After a token the lexer already reported (an unterminated string, say), the rest of the statement is noise.
        if (!tainted && !at.HasError)
        {
            _diagnostics.Error(at.Location, message);
        }

        Recover();
    }

    private void Recover()
    {
        while (Current.Kind != TtidefTokenKind.EndOfFile)
        {
            if (Current.Kind == TtidefTokenKind.Semicolon)
            {
                _pos++;
                return;
            }

            if (Current.Kind == TtidefTokenKind.Identifier && Current.FirstOnLine
                && _tokens[_pos + 1].Kind == TtidefTokenKind.OpenParen)
            {
                return;
            }

            _pos++;
        }
    }
}
