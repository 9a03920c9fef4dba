using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

// Counts the requests the run makes of the server, whatever the session is.
internal sealed class CountingSession : IServerSession
{
    private readonly IServerSession _inner;
    private long _requests;

    public CountingSession(IServerSession inner) => _inner = inner;

    public long Requests => Interlocked.Read(ref _requests);

    public ValueTask LogonAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        return _inner.LogonAsync(cancellationToken);
    }

    public ValueTask<ScopeData> DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        return _inner.DownloadScopeAsync(scope, cancellationToken);
    }

    public ValueTask<Volume?> GetVolumeAsync(VolumeKey key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        return _inner.GetVolumeAsync(key, cancellationToken);
    }

    public ValueTask<IReadOnlyList<UpdateResult>> ApplyAsync(IReadOnlyList<VolumeUpdate> updates, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        return _inner.ApplyAsync(updates, cancellationToken);
    }

    public ValueTask DisposeAsync() => default; // the caller owns the inner session
}
