using System;

namespace TapeTrack.Sync.Engine;

/// <summary>The run stopped because the record errors exceeded <see cref="SyncOptions.MaxErrors"/>. What was applied stays applied.</summary>
public sealed class SyncStoppedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="partial">What the run did before it stopped.</param>
    /// <param name="limit">The error limit.</param>
    public SyncStoppedException(SyncResult partial, int limit)
        : base($"The sync stopped: {partial?.Statistics.RecordErrors} record errors exceed the limit of {limit}. " + (partial is { DryRun: true }
            ? "Dry run: nothing was sent."
            : "Changes decided before the stop were applied."))
    {
        Partial = partial ?? throw new ArgumentNullException(nameof(partial));
    }

    /// <summary>What the run did before it stopped.</summary>
    public SyncResult Partial { get; }
}
