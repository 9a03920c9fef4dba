namespace TapeTrack.Sync.Definitions;

/// <summary>The kinds of token of the definition language.</summary>
internal enum TtidefTokenKind : byte
{
    EndOfFile,
    Identifier,
    Integer,
    String,
    OpenParen,
    CloseParen,
    Comma,
    Semicolon,

    /// <summary>Characters that cannot start a token; already reported by the lexer.</summary>
    Invalid,
}
