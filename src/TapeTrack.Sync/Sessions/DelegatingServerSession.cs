using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// A server session that hands every call on to an inner session: the base for wrappers (counting,
/// retrying, progress, your own resilience or tracing), as <c>DelegatingHandler</c> is for <c>HttpClient</c>.
/// A wrapper overrides only the members it adds something to.
/// </summary>
/// <example>
/// <code>
/// sealed class TimingSession(IServerSession inner, ILogger logger) : DelegatingServerSession(inner)
/// {
///     public override async ValueTask&lt;ScopeData&gt; DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default)
///     {
///         long started = Stopwatch.GetTimestamp();
///         var data = await base.DownloadScopeAsync(scope, cancellationToken);
///         logger.LogInformation("{Scope} in {Elapsed}", scope, Stopwatch.GetElapsedTime(started));
///         return data;
///     }
/// }
/// </code>
/// </example>
public abstract class DelegatingServerSession : IServerSession
{
    private readonly bool _leaveInnerOpen;

    /// <summary>Wraps a session.</summary>
    /// <param name="innerSession">The session calls are handed on to.</param>
    /// <param name="leaveInnerOpen"><see langword="true"/> to leave the inner session undisposed when this one is disposed.</param>
    protected DelegatingServerSession(IServerSession innerSession, bool leaveInnerOpen = false)
    {
        InnerSession = innerSession ?? throw new ArgumentNullException(nameof(innerSession));
        _leaveInnerOpen = leaveInnerOpen;
    }

    /// <summary>The session calls are handed on to.</summary>
    public IServerSession InnerSession { get; }

    /// <inheritdoc />
    public virtual ValueTask LogonAsync(CancellationToken cancellationToken = default) => InnerSession.LogonAsync(cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<ScopeData> DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default) =>
        InnerSession.DownloadScopeAsync(scope, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<Volume?> GetVolumeAsync(VolumeKey key, CancellationToken cancellationToken = default) =>
        InnerSession.GetVolumeAsync(key, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<IReadOnlyList<UpdateResult>> ApplyAsync(IReadOnlyList<VolumeUpdate> updates, CancellationToken cancellationToken = default) =>
        InnerSession.ApplyAsync(updates, cancellationToken);

    /// <summary>Disposes the inner session, unless it was to be left open.</summary>
    public virtual ValueTask DisposeAsync() => _leaveInnerOpen ? default : InnerSession.DisposeAsync();
}
