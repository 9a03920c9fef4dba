namespace TapeTrack.Sync.Import;

/// <summary>The outcome of importing one raw record.</summary>
public readonly struct ImportResult
{
    private ImportResult(ImportStatus status, ImportedRecord? record, RecordError? error)
    {
        Status = status;
        Record = record;
        Error = error;
    }

    /// <summary>What the record turned out to be.</summary>
    public ImportStatus Status { get; }

    /// <summary>The field values of a body record; <see langword="null"/> otherwise.</summary>
    public ImportedRecord? Record { get; }

    /// <summary>The record error; <see langword="null"/> unless <see cref="Status"/> is <see cref="ImportStatus.Error"/>.</summary>
    public RecordError? Error { get; }

    internal static ImportResult Of(ImportStatus status) => new(status, null, null);

    internal static ImportResult Body(ImportedRecord record) => new(ImportStatus.Body, record, null);

    internal static ImportResult Failed(RecordError error) => new(ImportStatus.Error, null, error);
}
