using System;
using System.Collections.Generic;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

// What the engine decided for one body record, committed to the result once its update is applied.
// The lists are made on first use: most records of a nightly sync change nothing.
internal sealed class RecordOutcome
{
    private List<SyncChange>? _changes;
    private List<SyncWarning>? _warnings;
    private List<FieldChange>? _serverChanges;

    public RecordOutcome(ImportedRecord record) => Record = record;

    public ImportedRecord Record { get; }

    public OutcomeKind Kind { get; set; }

    public RecordError? Error { get; set; }

    public IReadOnlyList<SyncChange> Changes => (IReadOnlyList<SyncChange>?)_changes ?? Array.Empty<SyncChange>();

    public IReadOnlyList<SyncWarning> Warnings => (IReadOnlyList<SyncWarning>?)_warnings ?? Array.Empty<SyncWarning>();

    public IReadOnlyList<FieldChange> ServerChanges => (IReadOnlyList<FieldChange>?)_serverChanges ?? Array.Empty<FieldChange>();

    public bool MoveRequested { get; set; }

    public bool MoveCancelled { get; set; }

    public bool SkippedByRule { get; set; }

    public bool Confirmed { get; set; }

    public Volume? NewState { get; set; }

    public void AddChange(SyncChange change, FieldChange serverChange)
    {
        (_changes ??= new List<SyncChange>(4)).Add(change);
        (_serverChanges ??= new List<FieldChange>(4)).Add(serverChange);
    }

    public void AddWarning(SyncWarning warning) => (_warnings ??= new List<SyncWarning>(1)).Add(warning);
}

internal enum OutcomeKind
{
    Error,
    NotFound,
    Added,
    Matched,
}
