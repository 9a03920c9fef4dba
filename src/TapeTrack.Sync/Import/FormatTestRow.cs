namespace TapeTrack.Sync.Import;

/// <summary>One record of a format test: where it is, what it turned out to be, and its values or error.</summary>
public sealed class FormatTestRow
{
    internal FormatTestRow(long line, string text, ImportResult result)
    {
        Line = line;
        Text = text;
        Status = result.Status;
        Record = result.Record;
        Error = result.Error;
    }

    /// <summary>The one-based input line (or ODBC row) of the record.</summary>
    public long Line { get; }

    /// <summary>The raw record text.</summary>
    public string Text { get; }

    /// <summary>What the record turned out to be.</summary>
    public ImportStatus Status { get; }

    /// <summary>The extracted, final values of a body record; <see langword="null"/> otherwise.</summary>
    public ImportedRecord? Record { get; }

    /// <summary>The record error; <see langword="null"/> unless <see cref="Status"/> is <see cref="ImportStatus.Error"/>.</summary>
    public RecordError? Error { get; }

    /// <summary>The row as one line of text, as <see cref="FormatTest.Render(FormatTestRow)"/> writes it.</summary>
    public override string ToString() => FormatTest.Render(this);
}
