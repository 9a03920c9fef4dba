namespace TapeTrack.Sync.Definitions;

/// <summary>
/// A token with its position. A string's <see cref="Value"/> has variables and <c>%%</c> already replaced;
/// <see cref="Columns"/> gives the source column of each of its characters, plus one for its end.
/// </summary>
internal sealed class TtidefToken
{
    public TtidefToken(TtidefTokenKind kind, string text, TtidefLocation location, bool firstOnLine)
    {
        Kind = kind;
        Text = text;
        Location = location;
        FirstOnLine = firstOnLine;
    }

    public TtidefTokenKind Kind { get; }

    /// <summary>The token as written (a string without its quotes).</summary>
    public string Text { get; }

    public TtidefLocation Location { get; }

    public bool FirstOnLine { get; }

    /// <summary>A string's value after substitution; an identifier's or number's text otherwise.</summary>
    public string Value { get; set; } = string.Empty;

    public int Number { get; set; }

    public int[]? Columns { get; set; }

    /// <summary>Whether the lexer already reported a problem with this token (an unterminated string, say).</summary>
    public bool HasError { get; set; }

    /// <summary>Where character <paramref name="index"/> of <see cref="Value"/> came from.</summary>
    public TtidefLocation LocationOf(int index)
    {
        var columns = Columns;
        if (columns is null || columns.Length == 0)
        {
            return Location;
        }

        if (index < 0)
        {
            index = 0;
        }

        return new TtidefLocation(Location.File, Location.Line, columns[index < columns.Length ? index : columns.Length - 1]);
    }

    public string Describe() => Kind switch
    {
        TtidefTokenKind.EndOfFile => "the end of the file",
        TtidefTokenKind.Identifier => $"'{TtidefNames.Shorten(Text)}'",
        TtidefTokenKind.Integer => $"the number {TtidefNames.Shorten(Text)}",
        TtidefTokenKind.String => "a string",
        TtidefTokenKind.OpenParen => "'('",
        TtidefTokenKind.CloseParen => "')'",
        TtidefTokenKind.Comma => "','",
        TtidefTokenKind.Semicolon => "';'",
        _ => "an invalid character",
    };
}
