using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Cli;

/// <summary>A server session that tells the progress which scope is being downloaded; everything else passes through.</summary>
internal sealed class ProgressServerSession : IServerSession, IServerSessionTraffic
{
    private readonly IServerSession _inner;
    private readonly ProgressReporter _progress;

    public ProgressServerSession(IServerSession inner, ProgressReporter progress)
    {
        _inner = inner;
        _progress = progress;
    }

    public ValueTask LogonAsync(CancellationToken cancellationToken = default) => _inner.LogonAsync(cancellationToken);

    public ValueTask<ScopeData> DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default)
    {
        _progress.SetScope(scope.Customer, scope.Media);
        return _inner.DownloadScopeAsync(scope, cancellationToken);
    }

    public ValueTask<Volume?> GetVolumeAsync(VolumeKey key, CancellationToken cancellationToken = default) => _inner.GetVolumeAsync(key, cancellationToken);

    public ValueTask<IReadOnlyList<UpdateResult>> ApplyAsync(IReadOnlyList<VolumeUpdate> updates, CancellationToken cancellationToken = default) =>
        _inner.ApplyAsync(updates, cancellationToken);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    public long Requests => (_inner as IServerSessionTraffic)?.Requests ?? 0;

    public long BytesSent => (_inner as IServerSessionTraffic)?.BytesSent ?? 0;

    public long BytesReceived => (_inner as IServerSessionTraffic)?.BytesReceived ?? 0;
}
