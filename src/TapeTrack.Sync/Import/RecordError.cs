namespace TapeTrack.Sync.Import;

/// <summary>A record that could not be used: its line, the field at fault (if one is) and why. It skips that record only.</summary>
/// <param name="Line">The one-based input line (or ODBC row) of the record.</param>
/// <param name="Field">The field at fault, such as <c>MOVEDATE</c>, or <see langword="null"/>.</param>
/// <param name="Message">Why the record was skipped.</param>
public sealed record RecordError(long Line, string? Field, string Message)
{
    /// <summary>Why the record was skipped; a control character of the record's values is shown escaped (<c>\x1B</c>).</summary>
    public string Message { get; init; } = ControlText.Escape(Message);

    /// <summary>The error as one line: <c>line 7: MOVEDATE: ...</c>.</summary>
    public override string ToString() => Field is null ? $"line {Line}: {Message}" : $"line {Line}: {Field}: {Message}";
}
