using System;

namespace TapeTrack.Sync.Sessions;

/// <summary>How a <see cref="RetryingServerSession"/> retries a lost connection.</summary>
public sealed class RetryOptions
{
    /// <summary>How many times a request is tried in all; 1 never retries.</summary>
    /// <value>The default is 5.</value>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the first retry; each later wait doubles, up to <see cref="MaxDelay"/>.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two tries.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Which failures are a lost connection worth retrying.</summary>
    /// <value>The default takes <see cref="System.IO.IOException"/>, <see cref="TimeoutException"/>, socket and HTTP request failures.</value>
    public Func<Exception, bool> IsTransient { get; set; } = DefaultIsTransient;

    /// <summary>The default test of <see cref="IsTransient"/>.</summary>
    /// <param name="exception">The failure.</param>
    public static bool DefaultIsTransient(Exception exception) => exception is System.IO.IOException
        or TimeoutException
        or System.Net.Sockets.SocketException
        or System.Net.Http.HttpRequestException;

    internal void Validate()
    {
        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "A request is tried at least once.");
        }

        if (InitialDelay < TimeSpan.Zero || MaxDelay < InitialDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialDelay), InitialDelay, "The delays are zero or more, the first no longer than the longest.");
        }

        if (IsTransient is null)
        {
            throw new ArgumentNullException(nameof(IsTransient));
        }
    }
}
