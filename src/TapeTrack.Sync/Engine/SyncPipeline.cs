using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

/// <summary>
/// The sync: reads records from a source, imports them through a definition, takes each scope's volumes
/// from the scope cache, decides what changed, and sends only that to the server in batches.
/// </summary>
/// <example>
/// <code>
/// await using var session = InMemoryServerSession.FromStoreFile("store.json");
/// var pipeline = new SyncPipeline(definition, session, new SyncOptions { DryRun = true });
/// await using var source = DelimitedRecordSource.Open("report.csv", ',');
/// SyncResult result = await pipeline.RunAsync(source);
/// Console.Write(result.Statistics);
/// </code>
/// </example>
public sealed partial class SyncPipeline
{
    private readonly SyncDefinition _definition;
    private readonly IServerSession _session;
    private readonly SyncOptions _options;

    /// <summary>Creates a pipeline.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="session">The server session. Each run logs on first (so do not log on yourself: a logon can be a slow password check); the pipeline never disposes it.</param>
    /// <param name="options">How the run behaves; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SyncPipeline(SyncDefinition definition, IServerSession session, SyncOptions? options = null)
    {
        _definition = definition ?? throw new ArgumentNullException(nameof(definition));
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _options = options ?? new SyncOptions();
        _options.Validate();
    }

    // set, not init: the netstandard2.0 build's init accessors carry its own polyfilled IsExternalInit, so a
    // netstandard2.0 plug-in running on the .NET build would not find them (MissingMethodException)

    /// <summary>
    /// The scope cache to use; <see langword="null"/> makes a <see cref="ScopeCache"/> per run from the options.
    /// A cache may be shared between pipelines and runs: each run keeps what it decides to itself.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Func<IServerSession, IScopeCache>? ScopeCacheFactory { get; set; }

    /// <summary>The clock, for "now" in the date rules and for the elapsed time.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the run logs.</summary>
    /// <value>The default logs nowhere.</value>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>Hears each change, warning and record error as the run goes.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public SyncObserver? Observer { get; set; }

    /// <summary>Whether an unchanged record may take the one-pass lane (tests turn it off to compare it with the usual way).</summary>
    internal bool PlainLane { get; set; } = true;

    /// <summary>Whether that lane is the one composed for the definition's shape, where the runtime can make code (the
    /// benchmarks turn it off to compare it with the interpreted lane in one process).</summary>
    internal bool ComposedLane { get; set; } = true;

    /// <summary>Runs the sync over a source.</summary>
    /// <param name="source">The records, read once; the run does not dispose it.</param>
    /// <param name="cancellationToken">Stops the run; updates the server has already taken stay applied.</param>
    /// <returns>What the run did.</returns>
    /// <exception cref="SyncInterruptedException">The token was cancelled (it is an <see cref="OperationCanceledException"/>); it says what was applied before.</exception>
    /// <exception cref="SyncFailedException">The server failed part-way; it says what was and was not applied.</exception>
    /// <exception cref="SyncStoppedException">Record errors exceeded <see cref="SyncOptions.MaxErrors"/>; what was decided before the stop was sent first.</exception>
    public async Task<SyncResult> RunAsync(IRecordSource source, CancellationToken cancellationToken = default)
    {
        if (source is null)
        {
            throw new ArgumentNullException(nameof(source));
        }

        var run = new Run(this);
        return await run.ExecuteAsync(source, cancellationToken).ConfigureAwait(false);
    }
}
