using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// A session with a tape-management server: the only contract the sync engine needs of a server.
/// Implementations: <see cref="InMemoryServerSession"/>, the embedded store, a remote Framework Server.
/// </summary>
public interface IServerSession : IAsyncDisposable
{
    /// <summary>Logs on. Called before any other member: <see cref="Engine.SyncPipeline"/> calls it once at the start of each run.</summary>
    /// <param name="cancellationToken">Cancels the logon.</param>
    ValueTask LogonAsync(CancellationToken cancellationToken = default);

    /// <summary>Downloads every repository and volume of a customer/media scope.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    ValueTask<ScopeData> DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default);

    /// <summary>Reads one volume as the server holds it now, or <see langword="null"/>.</summary>
    /// <param name="key">The volume.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<Volume?> GetVolumeAsync(VolumeKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a batch of updates. Each carries the version it was decided against; an update whose
    /// volume has another version is not applied and comes back as <see cref="UpdateStatus.Conflict"/>.
    /// The updates that are applied are applied together or not at all.
    /// </summary>
    /// <param name="updates">The updates, at most one per volume.</param>
    /// <param name="cancellationToken">Cancels the call; a batch the server has already taken stays applied.</param>
    /// <returns>One result per update, in the same order.</returns>
    ValueTask<IReadOnlyList<UpdateResult>> ApplyAsync(IReadOnlyList<VolumeUpdate> updates, CancellationToken cancellationToken = default);
}
