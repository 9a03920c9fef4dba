using System;
using System.Collections.Generic;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

/// <summary>
/// The server failed part-way through a run. <see cref="Partial"/> holds what was applied;
/// <see cref="NotApplied"/> what was decided but not applied. Running again applies exactly what is still different.
/// </summary>
public sealed class SyncFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="partial">What the run did before it failed.</param>
    /// <param name="notApplied">The updates decided but not applied.</param>
    /// <param name="innerException">The server's failure.</param>
    public SyncFailedException(SyncResult partial, IReadOnlyList<VolumeUpdate> notApplied, Exception innerException)
        : base($"The server failed part-way through the sync: {partial?.ChangeCount ?? 0} changes were applied, {notApplied?.Count ?? 0} volume updates were not. Run the sync again to apply what is still different. ({innerException?.Message})", innerException)
    {
        Partial = partial ?? throw new ArgumentNullException(nameof(partial));
        NotApplied = notApplied ?? throw new ArgumentNullException(nameof(notApplied));
    }

    /// <summary>What the run did before it failed: the changes applied, warnings and errors so far.</summary>
    public SyncResult Partial { get; }

    /// <summary>The updates decided but not applied.</summary>
    public IReadOnlyList<VolumeUpdate> NotApplied { get; }
}
