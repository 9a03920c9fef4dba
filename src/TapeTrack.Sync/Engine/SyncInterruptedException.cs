using System;
using System.Threading;

namespace TapeTrack.Sync.Engine;

/// <summary>
/// The run was cancelled (Ctrl+C, SIGTERM, a cancelled token). It stopped sending at once; what the server
/// took stays applied, and <see cref="Partial"/> says what that was, so the statistics and the report can
/// still be written.
/// </summary>
public sealed class SyncInterruptedException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="partial">What the run did before it was interrupted.</param>
    /// <param name="cancellationToken">The token that was cancelled.</param>
    public SyncInterruptedException(SyncResult partial, CancellationToken cancellationToken)
        : base("The sync was interrupted; what was applied stays applied, and a new run applies what is still different.", cancellationToken)
    {
        Partial = partial ?? throw new ArgumentNullException(nameof(partial));
    }

    /// <summary>What the run did before it was interrupted; its <see cref="SyncResult.Interrupted"/> is <see langword="true"/>.</summary>
    public SyncResult Partial { get; }
}
