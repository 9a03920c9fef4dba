using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

// Counts the requests (and the scope downloads among them) the run makes of the server, whatever the session is.
internal sealed class CountingSession : DelegatingServerSession
{
    private long _requests;
    private long _downloads;

    public CountingSession(IServerSession inner)
        : base(inner, leaveInnerOpen: true) // the caller owns the inner session
    {
    }

    public long Requests => Interlocked.Read(ref _requests);

    public long Downloads => Interlocked.Read(ref _downloads);

    public override ValueTask LogonAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        return base.LogonAsync(cancellationToken);
    }

    public override ValueTask<ScopeData> DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _downloads);
        return base.DownloadScopeAsync(scope, cancellationToken);
    }

    public override ValueTask<Volume?> GetVolumeAsync(VolumeKey key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        return base.GetVolumeAsync(key, cancellationToken);
    }

    public override ValueTask<IReadOnlyList<UpdateResult>> ApplyAsync(IReadOnlyList<VolumeUpdate> updates, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        return base.ApplyAsync(updates, cancellationToken);
    }
}
