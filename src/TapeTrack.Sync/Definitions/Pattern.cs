using System;
using System.Collections.Generic;

namespace TapeTrack.Sync.Definitions;

/// <summary>
/// A compiled filter of the definition language: <c>*</c>, <c>?</c>, sets <c>[abc]</c>, ranges
/// <c>[a-z]</c>, <c>[4|5]</c>, negated sets <c>[!...]</c>, alternatives <c>(A|B)</c> and a leading
/// <c>!</c> that negates the whole pattern. Matches the whole value, case-sensitively.
/// Compiled once into a position automaton (Glushkov), so that matching costs one step per character of
/// the value, whatever the pattern: no backtracking, no expansion of alternatives;
/// <see cref="IsMatch(System.ReadOnlySpan{char})"/> allocates nothing.
/// </summary>
internal sealed class Pattern : IEquatable<Pattern>
{
    /// <summary>The most characters to match (<c>*</c>, <c>?</c>, sets and literals) a pattern may hold; bounds the cost of a step.
    /// TapeTrack documents filters of up to 256 characters, so a filter it accepts is never refused here.</summary>
    internal const int MaxPositions = 256;
    private const int MaxNesting = 32;
    private const string PublishedUnclosedExample = "!([0-9]*";
    private readonly Automaton _automaton;
    private readonly bool _negated;

    // The common shapes, matched without the automaton: a plain text ("Library") and a text then one star
    // ("CLN*"); the automaton answers the same for them (a test compares the two on many values).
    private readonly Shape _shape;
    private readonly string _fixed;

    private Pattern(string text, Automaton automaton, bool negated, string? warning, int warningPosition)
    {
        Text = text;
        WarningPosition = warningPosition;
        _automaton = automaton;
        _negated = negated;
        Warning = warning;
        var body = text.AsSpan(negated ? 1 : 0);
        var head = body.Length > 0 && body[body.Length - 1] == '*' ? body.Slice(0, body.Length - 1) : body;
        _fixed = head.ToString();
        _shape = head.IndexOfAny("*?[(".AsSpan()) >= 0 ? Shape.General : head.Length == body.Length ? Shape.Exact : Shape.Prefix;
    }

    private enum Shape : byte
    {
        General,
        Exact,
        Prefix,
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
    public bool IsMatch(ReadOnlySpan<char> value) => _shape switch
    {
        // the first character tested apart: most values that do not match differ in it (a heading's "volume" against
        // a volume id), and the test is cheaper than a comparison of the whole text
        Shape.Exact => value.Length == _fixed.Length && (value.Length == 0 || value[0] == _fixed[0]) && value.SequenceEqual(_fixed.AsSpan()),
        Shape.Prefix => value.Length >= _fixed.Length && (_fixed.Length == 0 || value[0] == _fixed[0]) && value.StartsWith(_fixed.AsSpan()),
        _ => _automaton.Matches(value),
    } != _negated;

    /// <summary>The one value the pattern matches, when it has no wildcard, set or alternative and is not negated;
    /// otherwise <see langword="null"/> (the one-pass import compares such values directly).</summary>
    internal string? ExactText => _shape == Shape.Exact && !_negated ? _fixed : null;

    /// <summary>The character a value must start with to match (a plain or prefix pattern, not negated, with a first
    /// character), or -1: a value that starts with another does not match.</summary>
    internal int RequiredFirst => _shape != Shape.General && !_negated && _fixed.Length > 0 ? _fixed[0] : -1;

    /// <summary>Whether the whole value matches, by the automaton alone (for tests of the shortcuts).</summary>
    internal bool IsMatchByAutomaton(ReadOnlySpan<char> value) => _automaton.Matches(value) != _negated;

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
                case TokenKind.Star:
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

            var root = ParseAlternatives(topLevel: true, openAt: -1, depth: 0);
            return new Pattern(_text, Automaton.Build(root, _tokens), negated, _warning, _warningPosition);
        }

        private readonly List<Token> _tokens = new();

        // The text up to ')' (or the end): alternatives, each a sequence of positions and groups.
        private Node ParseAlternatives(bool topLevel, int openAt, int depth)
        {
            if (depth > MaxNesting)
            {
                throw new PatternException($"'(' nested more than {MaxNesting} deep", openAt);
            }

            var alternatives = new List<Node>();
            var current = new List<Node>();
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == ')' && !topLevel)
                {
                    _pos++;
                    alternatives.Add(Node.Sequence(current));
                    return Node.Alternatives(alternatives);
                }

                if (c == '|' && !topLevel)
                {
                    _pos++;
                    alternatives.Add(Node.Sequence(current));
                    current = new List<Node>();
                    continue;
                }

                if (c == '(')
                {
                    int open = _pos++;
                    current.Add(ParseAlternatives(topLevel: false, openAt: open, depth: depth + 1));
                    continue;
                }

                int at = _pos;
                var token = ParseToken();

                // "**" is "*"
                if (token.Kind == TokenKind.Star && current.Count > 0 && current[current.Count - 1] is { IsPosition: true } last && _tokens[last.Position].Kind == TokenKind.Star)
                {
                    continue;
                }

                if (_tokens.Count == MaxPositions)
                {
                    throw new PatternException($"the pattern has more than {MaxPositions} characters to match", at);
                }

                _tokens.Add(token);
                current.Add(Node.At(_tokens.Count - 1));
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

            alternatives.Add(Node.Sequence(current));
            return Node.Alternatives(alternatives);
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
    }

    /// <summary>A pattern as a tree: a position (one token), a sequence, or alternatives.</summary>
    private sealed class Node
    {
        private Node(int position, List<Node>? children, bool isSequence)
        {
            Position = position;
            Children = children;
            IsSequence = isSequence;
        }

        public int Position { get; }

        public List<Node>? Children { get; }

        public bool IsSequence { get; }

        public bool IsPosition => Children is null;

        public static Node At(int position) => new(position, null, false);

        public static Node Sequence(List<Node> children) => children.Count == 1 ? children[0] : new(-1, children, true);

        public static Node Alternatives(List<Node> children) => children.Count == 1 ? children[0] : new(-1, children, false);
    }

    /// <summary>
    /// The Glushkov automaton of a pattern: one state per position, <c>*</c> a position that follows itself.
    /// A match keeps the set of positions reached as a bit set and takes each character in one step whose
    /// cost is bounded by <see cref="MaxPositions"/>: linear in the value, never backtracking.
    /// </summary>
    private sealed class Automaton
    {
        private readonly Token[] _tokens;
        private readonly int _words;
        private readonly ulong[] _first;
        private readonly ulong[] _last;
        private readonly ulong[] _follow; // _words per position
        private readonly ulong[] _nibbleFollow; // _words per (group of 4 positions, which of them): the union of their follows
        private readonly ulong[] _ascii; // _words per character below 128: the positions it matches
        private readonly bool _nullable;

        private Automaton(Token[] tokens, ulong[] first, ulong[] last, ulong[] follow, bool nullable, int words)
        {
            _tokens = tokens;
            _first = first;
            _last = last;
            _follow = follow;
            _nullable = nullable;
            _words = words;
            _nibbleFollow = new ulong[words * 16 * 16 * words];
            for (int group = 0; group < words * 16; group++)
            {
                for (int nibble = 1; nibble < 16; nibble++)
                {
                    var target = _nibbleFollow.AsSpan(((group * 16) + nibble) * words, words);
                    for (int bit = 0; bit < 4; bit++)
                    {
                        int p = (group * 4) + bit;
                        if ((nibble & (1 << bit)) != 0 && p < tokens.Length)
                        {
                            Or(target, follow.AsSpan(p * words, words));
                        }
                    }
                }
            }

            _ascii = new ulong[128 * words];
            for (int c = 0; c < 128; c++)
            {
                for (int p = 0; p < tokens.Length; p++)
                {
                    if (tokens[p].Matches((char)c))
                    {
                        _ascii[(c * words) + (p >> 6)] |= 1UL << (p & 63);
                    }
                }
            }
        }

        public static Automaton Build(Node root, List<Token> tokenList)
        {
            var tokens = tokenList.ToArray();
            int words = Math.Max(1, (tokens.Length + 63) >> 6);
            var follow = new ulong[tokens.Length * words];
            var (nullable, first, last) = Visit(root, tokens, follow, words);
            return new Automaton(tokens, first, last, follow, nullable, words);
        }

        public bool Matches(ReadOnlySpan<char> value)
        {
            if (value.IsEmpty)
            {
                return _nullable;
            }

            int words = _words;
            var nibbleFollow = _nibbleFollow;
            Span<ulong> current = stackalloc ulong[MaxPositions / 64];
            Span<ulong> next = stackalloc ulong[MaxPositions / 64];
            current = current.Slice(0, words);
            next = next.Slice(0, words);
            Span<ulong> mask = stackalloc ulong[MaxPositions / 64];
            mask = mask.Slice(0, words);

            Step(_first, value[0], current, mask);
            for (int i = 1; i < value.Length; i++)
            {
                next.Clear();
                bool any = false;
                for (int w = 0; w < words; w++)
                {
                    ulong bits = current[w];
                    for (int g = 0; bits != 0; g++, bits >>= 4)
                    {
                        int nibble = (int)(bits & 15);
                        if (nibble == 0)
                        {
                            continue;
                        }

                        // the follows of up to four positions at once: a step costs at most 16 × words² operations
                        int at = ((((w * 16) + g) * 16) + nibble) * words;
                        for (int k = 0; k < words; k++)
                        {
                            next[k] |= nibbleFollow[at + k];
                        }

                        any = true;
                    }
                }

                if (!any)
                {
                    return false;
                }

                Step(next, value[i], current, mask);
            }

            for (int w = 0; w < words; w++)
            {
                if ((current[w] & _last[w]) != 0)
                {
                    return true;
                }
            }

            return false;
        }

        // current = reachable ∩ positions that match c
        private void Step(ReadOnlySpan<ulong> reachable, char c, Span<ulong> current, Span<ulong> mask)
        {
            int words = _words;
            if (c < 128)
            {
                int at = c * words;
                for (int w = 0; w < words; w++)
                {
                    current[w] = reachable[w] & _ascii[at + w];
                }

                return;
            }

            mask.Clear();
            for (int w = 0; w < words; w++)
            {
                ulong bits = reachable[w];
                while (bits != 0)
                {
                    int p = (w << 6) + TrailingZeros(bits);
                    bits &= bits - 1;
                    if (_tokens[p].Matches(c))
                    {
                        mask[w] |= 1UL << (p & 63);
                    }
                }
            }

            mask.CopyTo(current);
        }

        private static int TrailingZeros(ulong bits)
        {
#if NETSTANDARD2_0
            int n = 0;
            while ((bits & 1) == 0)
            {
                bits >>= 1;
                n++;
            }

            return n;
#else
            return System.Numerics.BitOperations.TrailingZeroCount(bits);
#endif
        }

        private static (bool Nullable, ulong[] First, ulong[] Last) Visit(Node node, Token[] tokens, ulong[] follow, int words)
        {
            if (node.IsPosition)
            {
                var set = new ulong[words];
                int p = node.Position;
                set[p >> 6] |= 1UL << (p & 63);
                bool star = tokens[p].Kind == TokenKind.Star;
                if (star)
                {
                    follow[(p * words) + (p >> 6)] |= 1UL << (p & 63);
                }

                return (star, set, (ulong[])set.Clone());
            }

            if (!node.IsSequence)
            {
                bool nullable = false;
                var first = new ulong[words];
                var last = new ulong[words];
                foreach (var child in node.Children!)
                {
                    var (n, f, l) = Visit(child, tokens, follow, words);
                    nullable |= n;
                    Or(first, f);
                    Or(last, l);
                }

                return (nullable, first, last);
            }

            bool seqNullable = true;
            var seqFirst = new ulong[words];
            var seqLast = new ulong[words];
            foreach (var child in node.Children!)
            {
                var (n, f, l) = Visit(child, tokens, follow, words);
                for (int w = 0; w < words; w++)
                {
                    ulong bits = seqLast[w];
                    while (bits != 0)
                    {
                        int p = (w << 6) + TrailingZeros(bits);
                        bits &= bits - 1;
                        Or(follow.AsSpan(p * words, words), f);
                    }
                }

                if (seqNullable)
                {
                    Or(seqFirst, f);
                }

                if (!n)
                {
                    Array.Clear(seqLast, 0, words);
                }

                Or(seqLast, l);
                seqNullable &= n;
            }

            return (seqNullable, seqFirst, seqLast);
        }

        private static void Or(Span<ulong> target, ReadOnlySpan<ulong> source)
        {
            for (int w = 0; w < target.Length; w++)
            {
                target[w] |= source[w];
            }
        }
    }
}
