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
