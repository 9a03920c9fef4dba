using System;
using System.Collections.Generic;

namespace TapeTrack.Sync.Definitions;

/// <summary>
/// A compiled filter of the definition language: <c>*</c>, <c>?</c>, sets <c>[abc]</c>, ranges
/// <c>[a-z]</c>, <c>[4|5]</c>, negated sets <c>[!...]</c>, alternatives <c>(A|B)</c> and a leading
/// <c>!</c> that negates the whole pattern. Matches the whole value, case-sensitively.
/// Compiled once; <see cref="IsMatch(System.ReadOnlySpan{char})"/> allocates nothing.
/// </summary>
internal sealed class Pattern : IEquatable<Pattern>
{
    private const int MaxAlternatives = 4096;
    private const int MaxNesting = 32;
    private const string PublishedUnclosedExample = "!([0-9]*";
    private readonly Token[][] _sequences;
    private readonly bool _negated;

    private Pattern(string text, Token[][] sequences, bool negated, string? warning, int warningPosition)
    {
        Text = text;
        WarningPosition = warningPosition;
        _sequences = sequences;
        _negated = negated;
        Warning = warning;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>A warning about how the pattern was read (an unclosed <c>(</c> closed at its end), or <see langword="null"/>.</summary>
    public string? Warning { get; }

    /// <summary>The zero-based position in <see cref="Text"/> that <see cref="Warning"/> is about.</summary>
    internal int WarningPosition { get; }

    /// <summary>Compiles a pattern.</summary>
    /// <param name="text">The pattern.</param>
    /// <exception cref="PatternException">The pattern is malformed; <see cref="PatternException.Position"/> says where.</exception>
    public static Pattern Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var parser = new Parser(text);
        return parser.Parse();
    }

    /// <summary>Whether the whole value matches.</summary>
    /// <param name="value">The value.</param>
    public bool IsMatch(ReadOnlySpan<char> value)
    {
        foreach (var sequence in _sequences)
        {
            if (MatchSequence(sequence, value))
            {
                return !_negated;
            }
        }

        return _negated;
    }

    /// <summary>Whether the whole value matches.</summary>
    /// <param name="value">The value; <see langword="null"/> is empty.</param>
    public bool IsMatch(string? value) => IsMatch((value ?? string.Empty).AsSpan());

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Whether two patterns are written the same (and so match the same values).</summary>
    /// <param name="other">The other pattern.</param>
    public bool Equals(Pattern? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Pattern);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    // Classic wildcard matching with one backtrack point: correct because every token but * is one character.
    private static bool MatchSequence(Token[] tokens, ReadOnlySpan<char> value)
    {
        int t = 0, v = 0, starT = -1, starV = 0;
        while (v < value.Length)
        {
            if (t < tokens.Length && tokens[t].Kind != TokenKind.Star && tokens[t].Matches(value[v]))
            {
                t++;
                v++;
            }
            else if (t < tokens.Length && tokens[t].Kind == TokenKind.Star)
            {
                starT = t++;
                starV = v;
            }
            else if (starT >= 0)
            {
                t = starT + 1;
                v = ++starV;
            }
            else
            {
                return false;
            }
        }

        while (t < tokens.Length && tokens[t].Kind == TokenKind.Star)
        {
            t++;
        }

        return t == tokens.Length;
    }

    private enum TokenKind : byte
    {
        Literal,
        Any,
        Star,
        Set,
    }

    private readonly struct Token
    {
        private readonly char _literal;
        private readonly char[]? _ranges; // pairs of inclusive bounds
        private readonly bool _negatedSet;

        private Token(TokenKind kind, char literal, char[]? ranges, bool negatedSet)
        {
            Kind = kind;
            _literal = literal;
            _ranges = ranges;
            _negatedSet = negatedSet;
        }

        public TokenKind Kind { get; }

        public static Token Literal(char c) => new(TokenKind.Literal, c, null, false);

        public static Token Any() => new(TokenKind.Any, '\0', null, false);

        public static Token Star() => new(TokenKind.Star, '\0', null, false);

        public static Token Set(char[] ranges, bool negated) => new(TokenKind.Set, '\0', ranges, negated);

        public bool Matches(char c)
        {
            switch (Kind)
            {
                case TokenKind.Literal:
                    return c == _literal;
                case TokenKind.Any:
                    return true;
                case TokenKind.Set:
                    var ranges = _ranges!;
                    for (int i = 0; i < ranges.Length; i += 2)
                    {
                        if (c >= ranges[i] && c <= ranges[i + 1])
                        {
                            return !_negatedSet;
                        }
                    }

                    return _negatedSet;
                default:
                    return false;
            }
        }
    }

    private sealed class Parser
    {
        private readonly string _text;
        private int _pos;
        private string? _warning;
        private int _warningPosition;

        public Parser(string text) => _text = text;

        public Pattern Parse()
        {
            bool negated = false;
            if (_text.Length > 0 && _text[0] == '!')
            {
                negated = true;
                _pos = 1;
            }

            var sequences = ParseAlternatives(topLevel: true, openAt: -1, depth: 0);
            var result = new Token[sequences.Count][];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = Simplify(sequences[i]);
            }

            return new Pattern(_text, result, negated, _warning, _warningPosition);
        }

        // Returns every alternation-free sequence the text up to ')' (or the end) stands for.
        private List<List<Token>> ParseAlternatives(bool topLevel, int openAt, int depth)
        {
            if (depth > MaxNesting)
            {
                throw new PatternException($"'(' nested more than {MaxNesting} deep", openAt);
            }

            var alternatives = new List<List<Token>>();
            var current = new List<List<Token>> { new() };
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == ')' && !topLevel)
                {
                    _pos++;
                    alternatives.AddRange(current);
                    return alternatives;
                }

                if (c == '|' && !topLevel)
                {
                    _pos++;
                    alternatives.AddRange(current);
                    if (alternatives.Count > MaxAlternatives)
                    {
                        throw new PatternException($"too many alternatives (more than {MaxAlternatives})", openAt);
                    }

                    current = new List<List<Token>> { new() };
                    continue;
                }

                if (c == '(')
                {
                    int open = _pos++;
                    var inner = ParseAlternatives(topLevel: false, openAt: open, depth: depth + 1);
                    if ((long)current.Count * inner.Count > MaxAlternatives)
                    {
                        throw new PatternException($"too many alternatives (more than {MaxAlternatives})", open);
                    }

                    var product = new List<List<Token>>(current.Count * inner.Count);
                    foreach (var prefix in current)
                    {
                        foreach (var suffix in inner)
                        {
                            var joined = new List<Token>(prefix.Count + suffix.Count);
                            joined.AddRange(prefix);
                            joined.AddRange(suffix);
                            product.Add(joined);
                        }
                    }

                    current = product;
                    continue;
                }

                var token = ParseToken();
                foreach (var sequence in current)
                {
                    sequence.Add(token);
                }
            }

            if (!topLevel)
            {
                // Only the published example "!([0-9]*" is forgiven its missing ')': any other unclosed '(' is an error.
                if (!string.Equals(_text, PublishedUnclosedExample, StringComparison.Ordinal))
                {
                    throw new PatternException("'(' is not closed by ')'", openAt);
                }

                _warningPosition = openAt;
                _warning = $"'(' at position {openAt + 1} is not closed; it is closed at the end of the pattern";
            }

            alternatives.AddRange(current);
            return alternatives;
        }

        private Token ParseToken()
        {
            char c = _text[_pos];
            switch (c)
            {
                case '*':
                    _pos++;
                    return Token.Star();
                case '?':
                    _pos++;
                    return Token.Any();
                case '[':
                    return ParseSet();
                default:
                    _pos++;
                    return Token.Literal(c);
            }
        }

        private Token ParseSet()
        {
            int open = _pos++;
            bool negated = false;
            if (_pos < _text.Length && _text[_pos] == '!')
            {
                negated = true;
                _pos++;
            }

            var ranges = new List<char>();
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    throw new PatternException("'[' is not closed by ']'", open);
                }

                char c = _text[_pos];
                if (c == ']' && (ranges.Count > 0 || _pos > open + (negated ? 2 : 1)))
                {
                    _pos++;
                    break;
                }

                if (c == ']')
                {
                    throw new PatternException("'[]' is an empty set", open);
                }

                if (c == '|')
                {
                    // [4|5]: '|' separates members
                    _pos++;
                    continue;
                }

                if (_pos + 2 < _text.Length && _text[_pos + 1] == '-' && _text[_pos + 2] != ']')
                {
                    char low = c, high = _text[_pos + 2];
                    if (high < low)
                    {
                        throw new PatternException($"the range '{low}-{high}' runs backwards", _pos);
                    }

                    ranges.Add(low);
                    ranges.Add(high);
                    _pos += 3;
                    continue;
                }

                ranges.Add(c);
                ranges.Add(c);
                _pos++;
            }

            return Token.Set(ranges.ToArray(), negated);
        }

        private static Token[] Simplify(List<Token> tokens)
        {
            // "**" is "*": fold runs so matching never backtracks over empty stars.
            var result = new List<Token>(tokens.Count);
            foreach (var token in tokens)
            {
                if (token.Kind == TokenKind.Star && result.Count > 0 && result[result.Count - 1].Kind == TokenKind.Star)
                {
                    continue;
                }

                result.Add(token);
            }

            return result.ToArray();
        }
    }
}
