using System.Collections.Generic;
using TapeTrack.Sync.Import;

namespace TapeTrack.Sync.Engine;

/// <summary>What a sync run did: statistics, every change, every warning, every record error.</summary>
public sealed class SyncResult
{
    internal SyncResult(bool dryRun)
    {
        DryRun = dryRun;
    }

    /// <summary>Whether this was a dry run (nothing was sent).</summary>
    public bool DryRun { get; }

    /// <summary>Whether the run was interrupted (cancelled) before the end of its input: what it reports is what was done until then.</summary>
    public bool Interrupted { get; internal set; }

    /// <summary>Whether the input had no records at all: not an error, but a nightly export that came out empty must not look like a quiet night.</summary>
    public bool EmptyInput => Statistics.RecordsRead == 0;

    /// <summary>The counts.</summary>
    public SyncStatistics Statistics { get; } = new();

    /// <summary>Every change applied (or, in a dry run, decided), in the order applied.</summary>
    public IReadOnlyList<SyncChange> Changes => ChangeList;

    /// <summary>Every warning.</summary>
    public IReadOnlyList<SyncWarning> Warnings => WarningList;

    /// <summary>Every record error.</summary>
    public IReadOnlyList<RecordError> Errors => ErrorList;

    internal List<SyncChange> ChangeList { get; } = new();

    internal List<SyncWarning> WarningList { get; } = new();

    internal List<RecordError> ErrorList { get; } = new();
}
