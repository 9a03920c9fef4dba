using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// Retries a lost connection with back-off and logs on again before the next try. Safe for updates:
/// each carries its volume's version, so a batch the server took before the connection dropped comes
/// back as conflicts on the retry, never as a second application.
/// </summary>
public sealed partial class RetryingServerSession : DelegatingServerSession
{
    private readonly RetryOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private bool _loggedOn;

    /// <summary>Wraps a session.</summary>
    /// <param name="inner">The session to retry; disposed with this one.</param>
    /// <param name="options">How to retry; <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock for the waits; <see langword="null"/> for the system clock.</param>
    /// <param name="logger">Where retries are logged.</param>
    public RetryingServerSession(IServerSession inner, RetryOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : base(inner)
    {
        _options = options ?? new RetryOptions();
        _options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>How many retries have been made.</summary>
    public int Retries { get; private set; }

    /// <inheritdoc />
    public override async ValueTask LogonAsync(CancellationToken cancellationToken = default)
    {
        await RetryAsync<bool>(
            "logon",
            async ct =>
            {
                await InnerSession.LogonAsync(ct).ConfigureAwait(false);
                return true;
            },
            relogon: false,
            cancellationToken).ConfigureAwait(false);
        _loggedOn = true;
    }

    /// <inheritdoc />
    public override ValueTask<ScopeData> DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default) =>
        RetryAsync("download of " + scope, ct => InnerSession.DownloadScopeAsync(scope, ct), relogon: true, cancellationToken);

    /// <inheritdoc />
    public override ValueTask<Volume?> GetVolumeAsync(VolumeKey key, CancellationToken cancellationToken = default) =>
        RetryAsync("read of " + key, ct => InnerSession.GetVolumeAsync(key, ct), relogon: true, cancellationToken);

    /// <inheritdoc />
    public override ValueTask<IReadOnlyList<UpdateResult>> ApplyAsync(IReadOnlyList<VolumeUpdate> updates, CancellationToken cancellationToken = default) =>
        RetryAsync("batch of " + (updates?.Count ?? 0) + " updates", ct => InnerSession.ApplyAsync(updates!, ct), relogon: true, cancellationToken);

    private async ValueTask<T> RetryAsync<T>(string what, Func<CancellationToken, ValueTask<T>> call, bool relogon, CancellationToken cancellationToken)
    {
        var delay = _options.InitialDelay;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                if (relogon && !_loggedOn)
                {
                    await InnerSession.LogonAsync(cancellationToken).ConfigureAwait(false);
                    _loggedOn = true;
                }

                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < _options.MaxAttempts && _options.IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                Retries++;
                _loggedOn = false; // a new connection needs a new logon
                LogRetry(_logger, what, attempt, delay, e.Message);
                await RetryDelay.WaitAsync(_timeProvider, delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxDelay.Ticks));
            }
        }
    }

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "The {What} failed (attempt {Attempt}): {Reason}; retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, string what, int attempt, TimeSpan delay, string reason);
}
