using System.Collections.Generic;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

/// <summary>
/// What a sync run did: the statistics, which count everything, and the first changes, warnings and record errors
/// (<see cref="SyncOptions.MaxResultItems"/> of each, 10,000 by default) in input order. To hear every one, as the
/// tool's <c>--report</c> does, set a <see cref="SyncPipeline.Observer"/> such as <see cref="SyncReportSpool"/>.
/// </summary>
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

    /// <summary>The volume updates that were being sent when the run was interrupted (one batch at most; empty
    /// otherwise). The stop cancelled the request, not necessarily its work: a store in this process rolls them back,
    /// but a server over the network may have applied them without the run hearing of it. They are not in
    /// <see cref="Statistics"/> or <see cref="Changes"/>; a new run applies whatever of them is still different.</summary>
    public IReadOnlyList<VolumeUpdate> UpdatesInFlight { get; internal set; } = System.Array.Empty<VolumeUpdate>();

    /// <summary>Whether the input had no records at all: not an error, but a nightly export that came out empty must not look like a quiet night.</summary>
    public bool EmptyInput => Statistics.RecordsRead == 0;

    /// <summary>
    /// Whether the input had records but none of them named a volume: every one was a heading, excluded (an
    /// <c>EXCLUSION</c> rule or <c>AddExclusionOnValue</c>) or passed over (blank, a marker). An export that came out as
    /// its heading alone is as empty as one with no lines, and must not look like a quiet night either;
    /// <see cref="EmptyInput"/> stays the spec's "no records at all".
    /// </summary>
    public bool NoVolumeRecords
    {
        get
        {
            var s = Statistics;
            return s.RecordsRead > 0 && s.RecordsRead == s.HeaderRecords + s.RecordsExcluded + s.RecordsPassedOver;
        }
    }

    /// <summary>The counts.</summary>
    public SyncStatistics Statistics { get; } = new();

    /// <summary>The changes applied (or, in a dry run, decided), in the order applied: the first
    /// <see cref="SyncOptions.MaxResultItems"/>; <see cref="Truncated"/> says whether there were more.</summary>
    public IReadOnlyList<SyncChange> Changes => ChangeList;

    /// <summary>The warnings, in input order: the first <see cref="SyncOptions.MaxResultItems"/>; <see cref="SyncStatistics.Warnings"/> counts all.</summary>
    public IReadOnlyList<SyncWarning> Warnings => WarningList;

    /// <summary>The record errors, in input order: the first <see cref="SyncOptions.MaxResultItems"/>; <see cref="SyncStatistics.RecordErrors"/> counts all.</summary>
    public IReadOnlyList<RecordError> Errors => ErrorList;

    /// <summary>Whether <see cref="Changes"/>, <see cref="Warnings"/> or <see cref="Errors"/> holds fewer items than the run had
    /// (<see cref="SyncOptions.MaxResultItems"/> was reached); the statistics count them all.</summary>
    public bool Truncated { get; internal set; }

    /// <summary>Every change made, also those past <see cref="SyncOptions.MaxResultItems"/> (for messages that count them).</summary>
    internal long ChangeCount { get; set; }

    /// <summary>How many of the unchanged records took the one-pass lane (<see cref="UnchangedLane"/>), for tests.</summary>
    internal long UnchangedByLane { get; set; }

    internal List<SyncChange> ChangeList { get; } = new();

    internal List<SyncWarning> WarningList { get; } = new();

    internal List<RecordError> ErrorList { get; } = new();
}
