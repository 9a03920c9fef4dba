using System.Collections.Generic;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

// What the engine decided for one body record, committed to the result once its update is applied.
internal sealed class RecordOutcome
{
    public RecordOutcome(ImportedRecord record) => Record = record;

    public ImportedRecord Record { get; }

    public OutcomeKind Kind { get; set; }

    public RecordError? Error { get; set; }

    public List<SyncChange> Changes { get; } = new();

    public List<SyncWarning> Warnings { get; } = new();

    public List<FieldChange> ServerChanges { get; } = new();

    public bool MoveRequested { get; set; }

    public bool MoveCancelled { get; set; }

    public bool SkippedByRule { get; set; }

    public bool Confirmed { get; set; }

    public Volume? NewState { get; set; }
}

internal enum OutcomeKind
{
    Error,
    NotFound,
    Added,
    Matched,
}
