using System;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Cli;

/// <summary>
/// Tells a failed logon apart from a sync that failed later: the pipeline logs on (the run's one logon),
/// and a refusal here becomes exit 3 with "logon failed" and the session's message, which never holds a password.
/// </summary>
internal sealed class LogonFailureSession : DelegatingServerSession
{
    public LogonFailureSession(IServerSession inner)
        : base(inner, leaveInnerOpen: true) // the command disposes the session it opened
    {
    }

    public override async ValueTask LogonAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await base.LogonAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ServerUnavailableException($"logon failed: {e.Message}");
        }
    }
}
