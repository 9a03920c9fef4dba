using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Cli;

/// <summary>A server session that tells the progress which scope is being downloaded; everything else passes through.</summary>
internal sealed class ProgressServerSession : DelegatingServerSession
{
    private readonly ProgressReporter _progress;

    public ProgressServerSession(IServerSession inner, ProgressReporter progress)
        : base(inner)
    {
        _progress = progress;
    }

    public override ValueTask<ScopeData> DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default)
    {
        _progress.SetScope(scope.Customer, scope.Media);
        return base.DownloadScopeAsync(scope, cancellationToken);
    }
}
