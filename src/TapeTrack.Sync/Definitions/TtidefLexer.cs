using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TapeTrack.Sync.Definitions;

/// <summary>
/// Splits definition text into tokens, keeping file, line and column for each. Strings end on their own line;
/// inside them <c>%NAME%</c> is replaced by a variable and <c>%%</c> by <c>%</c>. Reports into the diagnostics and
/// never throws on any text.
/// </summary>
internal sealed class TtidefLexer
{
    private const char LeftTypographicQuote = '\u201C';
    private const char RightTypographicQuote = '\u201D';
    private readonly string _text;
    private readonly string _file;
    private readonly TtidefDiagnostics _diagnostics;
    private readonly Func<string, string?> _variable;
    private readonly StringBuilder _value = new();
    private readonly List<int> _columns = new();
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _lastTokenLine;

    public TtidefLexer(string text, string file, TtidefDiagnostics diagnostics, Func<string, string?> variable)
    {
        _text = text;
        _file = file;
        _diagnostics = diagnostics;
        _variable = variable;
    }

    public List<TtidefToken> Tokenize()
    {
        var tokens = new List<TtidefToken>();
        if (_text.Length > 0 && _text[0] == '\uFEFF')
        {
            _pos = 1;
            _lineStart = 1;
        }

        while (true)
        {
            SkipTrivia();
            if (_pos >= _text.Length)
            {
                tokens.Add(new TtidefToken(TtidefTokenKind.EndOfFile, string.Empty, Here(), _lastTokenLine != _line));
                return tokens;
            }

            tokens.Add(Next());
        }
    }

    private TtidefLocation Here() => new(_file, _line, _pos - _lineStart + 1);

    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\r' || c == '\n')
            {
                _pos += c == '\r' && _pos + 1 < _text.Length && _text[_pos + 1] == '\n' ? 2 : 1;
                _line++;
                _lineStart = _pos;
            }
            else if (c is ' ' or '\t' or '\f' or '\v' or '\u00A0' or '\uFEFF')
            {
                _pos++;
            }
            else if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] is not ('\r' or '\n'))
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private TtidefToken Next()
    {
        var at = Here();
        bool first = _lastTokenLine != _line;
        char c = _text[_pos];
        TtidefToken token;
        if (IsIdentifierStart(c))
        {
            int start = _pos;
            while (_pos < _text.Length && IsIdentifierPart(_text[_pos]))
            {
                _pos++;
            }

            var text = _text.Substring(start, _pos - start);
            token = new TtidefToken(TtidefTokenKind.Identifier, text, at, first) { Value = text };
        }
        else if (IsDigit(c) || (c is '-' or '+' && _pos + 1 < _text.Length && IsDigit(_text[_pos + 1])))
        {
            token = LexInteger(at, first);
        }
        else if (c is '"' or LeftTypographicQuote or RightTypographicQuote)
        {
            token = LexString(at, first);
        }
        else
        {
            var kind = c switch
            {
                '(' => TtidefTokenKind.OpenParen,
                ')' => TtidefTokenKind.CloseParen,
                ',' => TtidefTokenKind.Comma,
                ';' => TtidefTokenKind.Semicolon,
                _ => TtidefTokenKind.EndOfFile,
            };
            if (kind == TtidefTokenKind.EndOfFile)
            {
                token = SkipUnexpected(at, first);
            }
            else
            {
                _pos++;
                token = new TtidefToken(kind, Punctuation(c), at, first);
            }
        }

        _lastTokenLine = _line;
        return token;
    }

    private TtidefToken SkipUnexpected(TtidefLocation at, bool firstOnLine)
    {
        // One error for a run of characters that cannot start a token; the parser then treats the run as reported.
        int start = _pos;
        char first = _text[_pos];
        if (first is '\'' or '\u2018' or '\u2019')
        {
            // A single-quoted string: swallow it to its closing quote on this line, so it is one error, not two.
            _pos++;
            while (_pos < _text.Length && _text[_pos] is not ('\r' or '\n'))
            {
                if (_text[_pos++] is '\'' or '\u2018' or '\u2019')
                {
                    break;
                }
            }
        }

        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (IsIdentifierStart(c) || IsDigit(c) || c is '"' or LeftTypographicQuote or RightTypographicQuote or '(' or ')' or ',' or ';' or '#'
                || c is ' ' or '\t' or '\r' or '\n' or '\f' or '\v' or '\u00A0' or '\uFEFF')
            {
                break;
            }

            _pos++;
        }

        string shown = first < ' ' || char.IsSurrogate(first) || first == '\u007F'
            ? $"U+{(int)first:X4}"
            : $"'{first}'";
        string hint = first is '\'' or '\u2018' or '\u2019' ? "; strings are written in double quotes" : string.Empty;
        _diagnostics.Error(at, $"unexpected character {shown}{hint}");
        return new TtidefToken(TtidefTokenKind.Invalid, _text.Substring(start, _pos - start), at, firstOnLine) { HasError = true };
    }

    private TtidefToken LexInteger(TtidefLocation at, bool first)
    {
        int start = _pos;
        if (_text[_pos] is '-' or '+')
        {
            _pos++;
        }

        while (_pos < _text.Length && IsDigit(_text[_pos]))
        {
            _pos++;
        }

        var text = _text.Substring(start, _pos - start);
        var token = new TtidefToken(TtidefTokenKind.Integer, text, at, first) { Value = text };
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number))
        {
            token.Number = number;
        }
        else
        {
            _diagnostics.Error(at, $"the number {TtidefNames.Shorten(text)} is too large");
            token.HasError = true;
        }

        return token;
    }

    private TtidefToken LexString(TtidefLocation at, bool first)
    {
        int open = _pos;
        bool typographic = _text[_pos] != '"';

        // a string opened with '"' ends only at '"': TMSS10Sync reads typographic quotes inside it as characters
        // (a report written by Word or Excel holds them), so only a string pasted with them opening it ends at one
        bool plain = !typographic;
        bool typographicInside = false;
        _pos++;
        var value = _value.Clear();
        var columns = _columns;
        columns.Clear();
        bool closed = false;
        bool lonePercentWarned = false;
        bool unknownVariable = false;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c is '\r' or '\n')
            {
                break;
            }

            int column = _pos - _lineStart + 1;

            // two double quotes stand for one (ttidef.md [ext]), so a quoted CSV heading can be matched
            if (c == '"' && _pos + 1 < _text.Length && _text[_pos + 1] == '"')
            {
                value.Append('"');
                columns.Add(column);
                _pos += 2;
                continue;
            }

            if (c == '"' || (!plain && c is LeftTypographicQuote or RightTypographicQuote))
            {
                typographic |= c != '"';
                closed = true;
                break;
            }

            typographicInside |= c is LeftTypographicQuote or RightTypographicQuote;

            if (c != '%')
            {
                value.Append(c);
                columns.Add(column);
                _pos++;
                continue;
            }

            if (_pos + 1 < _text.Length && _text[_pos + 1] == '%')
            {
                value.Append('%');
                columns.Add(column);
                _pos += 2;
                continue;
            }

            int nameStart = _pos + 1;
            int nameEnd = nameStart;
            while (nameEnd < _text.Length && IsIdentifierPart(_text[nameEnd]))
            {
                nameEnd++;
            }

            if (nameEnd > nameStart && nameEnd < _text.Length && _text[nameEnd] == '%')
            {
                var name = _text.Substring(nameStart, nameEnd - nameStart);
                var replacement = _variable(name);
                if (replacement is null)
                {
                    unknownVariable = true;
                    _diagnostics.Error(new TtidefLocation(_file, _line, column), $"unknown variable '%{TtidefNames.Shorten(name)}%' (give it to the loader or set it in the environment; write '%%' for a literal '%')");
                }
                else
                {
                    value.Append(replacement);
                    for (int i = 0; i < replacement.Length; i++)
                    {
                        columns.Add(column);
                    }
                }

                _pos = nameEnd + 1;
                continue;
            }

            // A '%' that starts neither '%%' nor '%NAME%' is kept, as TapeTrack does.
            if (!lonePercentWarned)
            {
                lonePercentWarned = true;
                _diagnostics.Warning(new TtidefLocation(_file, _line, column), "a lone '%' is taken literally; write '%%' for a percent sign");
            }

            value.Append('%');
            columns.Add(column);
            _pos++;
        }

        columns.Add(_pos - _lineStart + 1);
        var token = new TtidefToken(TtidefTokenKind.String, _text.Substring(open + 1, _pos - open - 1), at, first)
        {
            Value = value.ToString(),
            Columns = columns.ToArray(),
        };
        // A string missing a variable is not used: checks of its value would only repeat the error.
        token.HasError = unknownVariable;
        if (closed)
        {
            _pos++;
        }
        else
        {
            _diagnostics.Error(at, typographicInside
                ? "unterminated string: a string must end with '\"' on the line it starts (a typographic quote \u201C or \u201D does not end a string that starts with '\"')"
                : "unterminated string: a string must end with '\"' on the line it starts");
            token.HasError = true;
        }

        if (typographic)
        {
            _diagnostics.Warning(at, "typographic quotes (\u201C \u201D) are taken as '\"'; write plain double quotes");
        }

        return token;
    }

    private static string Punctuation(char c) => c switch
    {
        '(' => "(",
        ')' => ")",
        ',' => ",",
        _ => ";",
    };

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsIdentifierStart(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or '_';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || IsDigit(c);
}
