using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// A server session over an <see cref="ITapeStore"/>: the sync engine talks to the embedded store (or any
/// other store) exactly as to a remote server. When created with a user name, <see cref="LogonAsync"/>
/// checks the user's password against the store; every other member requires a successful logon.
/// </summary>
public sealed class StoreServerSession : IServerSession
{
    private readonly ITapeStore _store;
    private readonly string? _userName;
    private readonly string? _password;
    private readonly bool _ownsStore;
    private int _loggedOn;
    private int _disposed;

    /// <summary>Creates a session over a store.</summary>
    /// <param name="store">The store.</param>
    /// <param name="userName">The user to log on as, or <see langword="null"/> to use the store without credentials (a local file).</param>
    /// <param name="password">The user's password; required when <paramref name="userName"/> is given. Never logged nor shown.</param>
    /// <param name="ownsStore">Whether disposing the session disposes the store.</param>
    public StoreServerSession(ITapeStore store, string? userName = null, string? password = null, bool ownsStore = false)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        if (userName is not null && password is null)
        {
            throw new ArgumentException("A user name needs a password.", nameof(password));
        }

        _userName = userName;
        _password = password;
        _ownsStore = ownsStore;
        var local = ChangeOrigin.Local();
        Origin = userName is null ? local : new ChangeOrigin(userName, local.Run);
    }

    /// <summary>
    /// Who the session's changes are recorded as in the store's audit trail: the user it logs on as (or the
    /// operating-system user for a store used without credentials) and a run id of its own.
    /// </summary>
    /// <value>The default is the session's user and a new run id; set it to name another run (a server does, for a remote tool's run).</value>
    public ChangeOrigin Origin { get; init; }

    /// <summary>The store the session works on.</summary>
    public ITapeStore Store => _store;

    /// <inheritdoc />
    /// <exception cref="UnauthorizedAccessException">The user does not exist or the password is wrong.</exception>
    public async ValueTask LogonAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        if (_userName is not null
            && !await _store.VerifyUserAsync(_userName, _password!, cancellationToken).ConfigureAwait(false))
        {
            throw new UnauthorizedAccessException($"Logon refused for user '{_userName}': unknown user or wrong password.");
        }

        Volatile.Write(ref _loggedOn, 1);
    }

    /// <inheritdoc />
    public ValueTask<ScopeData> DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default)
    {
        ThrowIfNotLoggedOn();
        return _store.DownloadScopeAsync(scope, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Volume?> GetVolumeAsync(VolumeKey key, CancellationToken cancellationToken = default)
    {
        ThrowIfNotLoggedOn();
        return _store.GetVolumeAsync(key, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<UpdateResult>> ApplyAsync(IReadOnlyList<VolumeUpdate> updates, CancellationToken cancellationToken = default)
    {
        if (updates is null)
        {
            throw new ArgumentNullException(nameof(updates));
        }

        ThrowIfNotLoggedOn();
        return _store.ApplyAsync(updates, Origin, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || !_ownsStore)
        {
            return default;
        }

        return _store.DisposeAsync();
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(StoreServerSession));
        }
    }

    private void ThrowIfNotLoggedOn()
    {
        ThrowIfDisposed();
        if (Volatile.Read(ref _loggedOn) == 0)
        {
            throw new InvalidOperationException("Log on (LogonAsync) before using the session.");
        }
    }
}
