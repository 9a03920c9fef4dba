using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// A store that holds the whole server model in a real database (the embedded SQLite store, PostgreSQL):
/// what <see cref="StoreServerSession"/> serves to the sync engine, and what <c>store import</c> and
/// <c>store export</c> read and write. Implementations are safe to use from several threads and processes.
/// </summary>
public interface ITapeStore : IAsyncDisposable
{
    /// <summary>Reads every repository and volume of a customer/media scope, as one consistent snapshot.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The scope, or <see cref="ScopeData.Missing"/> when the store has no such customer and media.</returns>
    ValueTask<ScopeData> DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default);

    /// <summary>Reads one volume as the store holds it now, or <see langword="null"/>.</summary>
    /// <param name="key">The volume.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<Volume?> GetVolumeAsync(VolumeKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a batch of updates in one transaction, with the semantics of <see cref="IServerSession.ApplyAsync"/>:
    /// one result per update; an update whose volume has another version than expected comes back as
    /// <see cref="UpdateStatus.Conflict"/>; the updates that are applied are committed together, and a failure
    /// or cancellation before the commit leaves none of them applied. Every applied update gives its volume a
    /// version greater than any version the store has handed out before, and each field it changes is kept in the
    /// audit trail (<see cref="ReadHistoryAsync"/>) with <paramref name="origin"/> and the time, in the same transaction.
    /// </summary>
    /// <param name="updates">The updates, at most one per volume.</param>
    /// <param name="origin">Who applies them: the user and the run the audit trail names.</param>
    /// <param name="cancellationToken">Cancels the batch; once committed it stays applied.</param>
    /// <returns>One result per update, in the same order.</returns>
    ValueTask<IReadOnlyList<UpdateResult>> ApplyAsync(IReadOnlyList<VolumeUpdate> updates, ChangeOrigin origin, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the audit trail, newest first: one entry per field changed by an applied update. Imports are not in it
    /// (an import is a restore or a load, not a change of the tape estate).
    /// </summary>
    /// <param name="query">Which entries: a volume, a start time, a user's customers, a limit.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries, streamed as the store reads them.</returns>
    IAsyncEnumerable<AuditEntry> ReadHistoryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or replaces everything a store document names, all or nothing: each customer named (its
    /// description and attribute definitions), each media named (its repositories and volumes become exactly
    /// those of the document), each user named (a password given is stored as a salted hash; a user given no
    /// password keeps the one it has). What the document does not name is left alone.
    /// </summary>
    /// <param name="document">The document to load.</param>
    /// <param name="cancellationToken">Cancels the import; nothing is written unless it completes.</param>
    /// <exception cref="StoreFormatException">The document breaks a rule of the model; the message names its JSON path. Nothing was written.</exception>
    ValueTask ImportAsync(StoreDocument document, CancellationToken cancellationToken = default);

    /// <summary>Reads the whole store as a store document: every volume with its version, users without passwords.</summary>
    /// <param name="cancellationToken">Cancels the export.</param>
    ValueTask<StoreDocument> ExportAsync(CancellationToken cancellationToken = default);

    /// <summary>Checks a user's password against the salted hash the store holds.</summary>
    /// <param name="name">The user name.</param>
    /// <param name="password">The password to check; never logged nor kept.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="true"/> when the user exists and the password is right.</returns>
    ValueTask<bool> VerifyUserAsync(string name, string password, CancellationToken cancellationToken = default);

    /// <summary>
    /// The customers a user is granted: <see langword="null"/> when it sees every customer, a list (maybe empty)
    /// when it sees only those. A remote session of the user finds every other customer, scope and volume missing.
    /// </summary>
    /// <param name="name">The user name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The granted customer ids, or <see langword="null"/> for all; an unknown user is granted nothing (an empty list).</returns>
    ValueTask<IReadOnlyList<string>?> GetCustomerGrantsAsync(string name, CancellationToken cancellationToken = default);
}
