using System;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Sessions;

// The wait between two attempts, on the caller's clock: RetryingServerSession and RemoteServerSession.
internal static class RetryDelay
{
    public static Task WaitAsync(TimeProvider timeProvider, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

#if NET8_0_OR_GREATER
        return Task.Delay(delay, timeProvider, cancellationToken);
#else
        return timeProvider.Delay(delay, cancellationToken);
#endif
    }
}
