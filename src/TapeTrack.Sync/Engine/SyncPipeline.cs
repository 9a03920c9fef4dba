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
public sealed class SyncPipeline
{
    private const int MaxConflictRetries = 3;
    private readonly SyncDefinition _definition;
    private readonly IServerSession _session;
    private readonly SyncOptions _options;

    /// <summary>Creates a pipeline.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="session">The server session; the pipeline logs on but does not dispose it.</param>
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

    /// <summary>Runs the sync over a source.</summary>
    /// <param name="source">The records.</param>
    /// <param name="cancellationToken">Stops the run; updates the server has already taken stay applied.</param>
    /// <returns>What the run did.</returns>
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

    private sealed class Pending
    {
        public Pending(VolumeKey key, ScopeOverlay scope, long? baseVersion)
        {
            Key = key;
            Scope = scope;
            BaseVersion = baseVersion;
        }

        public VolumeKey Key { get; }

        // the run's view of the volume's scope
        public ScopeOverlay Scope { get; }

        public long? BaseVersion { get; }

        public List<RecordOutcome> Outcomes { get; } = new();

        public int Attempts { get; init; }

        // the line of its first record: what it holds back from being reported
        public long FirstLine => Outcomes.Count > 0 ? Outcomes[0].Record.Line : long.MaxValue;

        public VolumeUpdate ToUpdate()
        {
            // the last value of each field wins; fields keep the order they were first changed in
            var changes = new List<FieldChange>();
            foreach (var outcome in Outcomes)
            {
                foreach (var change in outcome.ServerChanges)
                {
                    int at = -1;
                    for (int i = 0; i < changes.Count; i++)
                    {
                        if (string.Equals(changes[i].Field, change.Field, StringComparison.Ordinal))
                        {
                            at = i;
                            break;
                        }
                    }

                    if (at >= 0)
                    {
                        changes[at] = change;
                    }
                    else
                    {
                        changes.Add(change);
                    }
                }
            }

            return new VolumeUpdate(Key, BaseVersion, changes);
        }
    }

    private sealed class Run
    {
        private readonly SyncPipeline _pipeline;
        private readonly SyncOptions _options;
        private readonly CountingSession _session;
        private readonly IScopeCache _cache;
        private readonly VolumeDecider _decider;
        private readonly SyncResult _result;
        private readonly Dictionary<VolumeKey, Pending> _pending = new();
        private readonly List<Pending> _order = new();
        private readonly HashSet<ScopeKey> _scopes = new();
        private readonly Dictionary<ScopeKey, Inventory> _inventory = new();

        // The run's own view of each scope: what it decided, or saw applied, laid over the cache's unchanged copy.
        private readonly Dictionary<ScopeKey, ScopeOverlay> _overlays = new();
        private readonly ILogger _logger;

        // Warnings, errors and changes are reported in input order (sync.md): what a record decided is held back
        // while a record before it waits in a batch for the server's answer. Lines of the volumes waiting, with counts.
        private readonly SortedDictionary<long, int> _waiting = new();
        private readonly List<Held> _held = new();
        private DateTime _now;
        private bool _stop;

        public Run(SyncPipeline pipeline)
        {
            _pipeline = pipeline;
            _options = pipeline._options;
            // the inner session is the caller's: the retrying wrapper is never disposed
            IServerSession session = _options.Retry is { } retry
                ? new RetryingServerSession(pipeline._session, retry, pipeline.TimeProvider, pipeline.Logger)
                : pipeline._session;
            _session = new CountingSession(session);
            _cache = pipeline.ScopeCacheFactory?.Invoke(_session) ?? new ScopeCache(_session, _options.ScopeCacheCapacity, _options.ScopeCacheMemoryBudget);
            _decider = new VolumeDecider(pipeline._definition, _options);
            _result = new SyncResult(_options.DryRun);
            _logger = pipeline.Logger;
        }

        public async Task<SyncResult> ExecuteAsync(IRecordSource source, CancellationToken cancellationToken)
        {
            long started = _pipeline.TimeProvider.GetTimestamp();
            var instant = _options.Now ?? _pipeline.TimeProvider.GetUtcNow();
            _now = TimeZoneInfo.ConvertTime(instant, _options.TimeZone).DateTime;
            Log.RunStarted(_logger, _options.DryRun, _pipeline._definition.SourceName ?? "(built in code)");
            var stats = _result.Statistics;
            try
            {
                await _session.LogonAsync(cancellationToken).ConfigureAwait(false);
                var importer = new RecordImporter(_pipeline._definition);
                ScopeKey currentKey = default;
                ScopeOverlay? scope = null;
                await foreach (var raw in source.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    stats.RecordsRead++;
                    var imported = importer.Import(raw);
                    if (imported.Status == ImportStatus.Terminated)
                    {
                        break;
                    }

                    switch (imported.Status)
                    {
                        case ImportStatus.Header:
                            stats.HeaderRecords++;
                            break;
                        case ImportStatus.Excluded:
                            stats.RecordsExcluded++;
                            break;
                        case ImportStatus.PassedOver:
                        case ImportStatus.Blank:
                            stats.RecordsPassedOver++;
                            break;
                        case ImportStatus.Error:
                            CommitError(imported.Error!);
                            break;
                        default:
                            var record = imported.Record!;
                            var key = new ScopeKey(record.Customer, record.Media);
                            if (scope is null || currentKey != key)
                            {
                                scope = await GetScopeAsync(key, cancellationToken).ConfigureAwait(false);
                                currentKey = key;
                                _scopes.Add(key);
                                Log.ScopeEntered(_logger, key, scope.Scope.Count, _session.Downloads);
                            }

                            Decide(record, scope);
                            if (!_stop && _order.Count >= _options.BatchSize)
                            {
                                await FlushAsync(cancellationToken).ConfigureAwait(false);
                            }

                            break;
                    }

                    if (_stop)
                    {
                        break;
                    }
                }

                // what was decided before a stop is sent too: nothing decided is lost
                await FlushAsync(cancellationToken).ConfigureAwait(false);
                if (_stop)
                {
                    int limit = _options.MaxErrors!.Value;
                    Log.TooManyErrors(_logger, stats.RecordErrors, limit);
                    throw new SyncStoppedException(_result, limit);
                }

                if (_options.Inventory)
                {
                    await CheckInventoryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e is not SyncInterruptedException)
            {
                // the operator must still learn what was applied before the stop
                _result.Interrupted = true;
                throw new SyncInterruptedException(_result, cancellationToken);
            }
            finally
            {
                // a run that failed or stopped still reports, in order, everything it committed
                _waiting.Clear();
                Release();
                stats.Scopes = _scopes.Count;
                stats.ScopeDownloads = _session.Downloads;
                stats.ServerRequests = _session.Requests;
                stats.Elapsed = _pipeline.TimeProvider.GetElapsedTime(started);
            }

            Log.RunFinished(_logger, stats.RecordsRead, stats.VolumesUpdated, stats.Warnings, stats.RecordErrors, stats.Elapsed);
            return _result;
        }

        private async ValueTask<ScopeOverlay> GetScopeAsync(ScopeKey key, CancellationToken cancellationToken)
        {
            CachedScope scope;
            try
            {
                scope = await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw Failed(e, null);
            }

            if (_overlays.TryGetValue(key, out var overlay))
            {
                overlay.Scope = scope;
            }
            else
            {
                _overlays[key] = overlay = new ScopeOverlay(scope);
            }

            return overlay;
        }

        private void Decide(ImportedRecord record, ScopeOverlay scope)
        {
            var key = record.Key;
            scope.TryGetVolume(key.Volume.AsSpan(), out var volume);
            var outcome = _decider.Decide(record, scope.Scope, volume, _now);
            if (outcome.Kind != OutcomeKind.Error && _options.Inventory)
            {
                if (!_inventory.TryGetValue(scope.Key, out var inventory))
                {
                    _inventory[scope.Key] = inventory = new Inventory();
                }

                inventory.Volumes.Add(key.Volume);
                if (record[SyncField.Location] is { } location)
                {
                    inventory.Locations.Add(location);
                }
            }

            _pending.TryGetValue(key, out var pending);
            if (outcome.Kind is OutcomeKind.Error or OutcomeKind.NotFound || (pending is null && outcome.ServerChanges.Count == 0))
            {
                Commit(outcome);
                return;
            }

            if (pending is null)
            {
                pending = new Pending(key, scope, volume?.Version);
                _pending[key] = pending;
                _order.Add(pending);
                pending.Outcomes.Add(outcome);
                Wait(pending);
            }
            else
            {
                pending.Outcomes.Add(outcome);
            }

            scope.Decided(outcome.NewState!);
        }

        private async Task FlushAsync(CancellationToken cancellationToken)
        {
            while (_order.Count > 0)
            {
                var batch = _order.ToArray();
                _order.Clear();
                foreach (var pending in batch)
                {
                    _pending.Remove(pending.Key);
                }

                if (_options.DryRun)
                {
                    foreach (var pending in batch)
                    {
                        CommitAll(pending);
                        Done(pending);
                    }

                    continue;
                }

                var updates = new VolumeUpdate[batch.Length];
                for (int i = 0; i < batch.Length; i++)
                {
                    updates[i] = batch[i].ToUpdate();
                }

                IReadOnlyList<UpdateResult> results;
                try
                {
                    results = await _session.ApplyAsync(updates, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw Failed(e, updates);
                }

                if (results.Count != updates.Length)
                {
                    throw Failed(new InvalidOperationException($"The server answered {results.Count} results for {updates.Length} updates."), updates);
                }

                int applied = 0, refused = 0;
                var again = new List<(Pending Pending, Volume? Current)>();
                for (int i = 0; i < batch.Length; i++)
                {
                    var pending = batch[i];
                    var result = results[i];
                    switch (result.Status)
                    {
                        case UpdateStatus.Applied:
                            applied++;
                            pending.Scope.Observed(pending.Key.Volume, result.Volume!);
                            CommitAll(pending);
                            Done(pending);
                            break;

                        // someone else changed (or added, or removed) the volume since it was read: decide again
                        case UpdateStatus.Conflict or UpdateStatus.AlreadyExists or UpdateStatus.NotFound when pending.Attempts < MaxConflictRetries:
                            again.Add((pending, result.Volume));
                            break;
                        default:
                            refused++;
                            Refuse(pending, result);
                            Done(pending);
                            break;
                    }
                }

                Log.BatchApplied(_logger, batch.Length, applied, again.Count, refused);
                for (int i = 0; i < again.Count; i++)
                {
                    try
                    {
                        await RedecideAsync(again[i].Pending, again[i].Current, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        var left = new List<VolumeUpdate>();
                        for (int j = i; j < again.Count; j++)
                        {
                            left.Add(again[j].Pending.ToUpdate());
                        }

                        throw Failed(e, left);
                    }
                }
            }
        }

        private void Refuse(Pending pending, UpdateResult result)
        {
            var message = result.Status == UpdateStatus.Conflict
                ? "the volume kept being changed by someone else during the run; not applied"
                : "the server refused the update: " + result.Message;
            pending.Scope.Observed(pending.Key.Volume, result.Volume);

            foreach (var recordOutcome in pending.Outcomes)
            {
                CommitError(new RecordError(recordOutcome.Record.Line, null, message));
            }
        }

        private async Task RedecideAsync(Pending stale, Volume? current, CancellationToken cancellationToken)
        {
            Log.Conflict(_logger, stale.Key, stale.Attempts + 1);
            current ??= await _session.GetVolumeAsync(stale.Key, cancellationToken).ConfigureAwait(false);
            var pending = new Pending(stale.Key, stale.Scope, current?.Version) { Attempts = stale.Attempts + 1 };
            var state = current;
            foreach (var old in stale.Outcomes)
            {
                var outcome = _decider.Decide(old.Record, stale.Scope.Scope, state, _now);
                if (outcome.Kind is OutcomeKind.Error or OutcomeKind.NotFound)
                {
                    Commit(outcome);
                    continue;
                }

                pending.Outcomes.Add(outcome);
                state = outcome.NewState;
            }

            bool anyChange = false;
            foreach (var outcome in pending.Outcomes)
            {
                anyChange |= outcome.ServerChanges.Count > 0;
            }

            if (!anyChange)
            {
                stale.Scope.Observed(stale.Key.Volume, state);
                CommitAll(pending);
                Done(stale);
                return;
            }

            stale.Scope.Decided(state!);
            _pending[pending.Key] = pending;
            _order.Add(pending);
            Wait(pending);
            Done(stale);
        }

        private SyncFailedException Failed(Exception e, IReadOnlyList<VolumeUpdate>? failing)
        {
            var notApplied = new List<VolumeUpdate>();
            if (failing is not null)
            {
                notApplied.AddRange(failing);
            }

            foreach (var pending in _order)
            {
                notApplied.Add(pending.ToUpdate());
            }

            Log.ServerFailed(_logger, e, _result.Changes.Count, notApplied.Count);
            return new SyncFailedException(_result, notApplied, e);
        }

        private async Task CheckInventoryAsync(CancellationToken cancellationToken)
        {
            var keys = new List<ScopeKey>(_inventory.Keys);
            keys.Sort(static (a, b) =>
            {
                int c = string.CompareOrdinal(a.Customer, b.Customer);
                return c != 0 ? c : string.CompareOrdinal(a.Media, b.Media);
            });
            foreach (var key in keys)
            {
                var inventory = _inventory[key];
                if (inventory.Locations.Count == 0)
                {
                    continue;
                }

                var scope = await GetScopeAsync(key, cancellationToken).ConfigureAwait(false);
                var missing = new List<Volume>();
                foreach (var volume in scope.Volumes)
                {
                    if (!volume.IsMoving && inventory.Locations.Contains(volume.Current) && !inventory.Volumes.Contains(volume.Id))
                    {
                        missing.Add(volume);
                    }
                }

                missing.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
                foreach (var volume in missing)
                {
                    var type = scope.Scope.FindRepository(volume.Current)?.Type;
                    var kind = type == RepositoryType.Library ? WarningKind.MissingFromLibrary : WarningKind.MissingFromLocation;
                    CommitWarning(new SyncWarning(kind, key.Volume(volume.Id), volume.Current, null, null));
                }
            }
        }

        private void Wait(Pending pending)
        {
            long line = pending.FirstLine;
            _waiting[line] = _waiting.TryGetValue(line, out int count) ? count + 1 : 1;
        }

        // the pending volume was applied, refused or decided again: what it held back may be reported
        private void Done(Pending pending)
        {
            long line = pending.FirstLine;
            if (_waiting.TryGetValue(line, out int count))
            {
                if (count > 1)
                {
                    _waiting[line] = count - 1;
                }
                else
                {
                    _waiting.Remove(line);
                }
            }

            Release();
        }

        private long FirstWaiting()
        {
            foreach (var pair in _waiting)
            {
                return pair.Key;
            }

            return long.MaxValue;
        }

        private void Report(Held held)
        {
            if (_held.Count == 0 && (_waiting.Count == 0 || held.Line < FirstWaiting()))
            {
                Emit(held);
                return;
            }

            // stable: after everything held for the same line or before it
            int at = _held.Count;
            while (at > 0 && _held[at - 1].Line > held.Line)
            {
                at--;
            }

            _held.Insert(at, held);
            Release();
        }

        private void Release()
        {
            long first = _waiting.Count == 0 ? long.MaxValue : FirstWaiting();
            int released = 0;
            while (released < _held.Count && (_waiting.Count == 0 || _held[released].Line < first))
            {
                Emit(_held[released++]);
            }

            _held.RemoveRange(0, released);
        }

        private void Emit(Held held)
        {
            switch (held.Item)
            {
                case SyncChange change:
                    _result.ChangeList.Add(change);
                    Log.Change(_logger, change.Action, change.Volume, change.Field, change.From, change.To, change.Line);
                    _pipeline.Observer?.OnChange(change);
                    break;
                case SyncWarning warning:
                    _result.WarningList.Add(warning);
                    Log.Warning(_logger, warning);
                    _pipeline.Observer?.OnWarning(warning);
                    break;
                case RecordError error:
                    _result.ErrorList.Add(error);
                    Log.RecordError(_logger, error);
                    _pipeline.Observer?.OnRecordError(error);
                    break;
            }
        }

        private void CommitAll(Pending pending)
        {
            foreach (var outcome in pending.Outcomes)
            {
                Commit(outcome);
            }
        }

        private void Commit(RecordOutcome outcome)
        {
            var stats = _result.Statistics;
            switch (outcome.Kind)
            {
                case OutcomeKind.Error:
                    CommitError(outcome.Error!);
                    return;
                case OutcomeKind.NotFound:
                    stats.VolumesNotFound++;
                    break;
                case OutcomeKind.Added:
                    stats.VolumesAdded++;
                    break;
                default:
                    if (outcome.Changes.Count > 0)
                    {
                        stats.VolumesUpdated++;
                    }
                    else
                    {
                        stats.VolumesUnchanged++;
                    }

                    break;
            }

            if (outcome.MoveRequested)
            {
                stats.MovesRequested++;
            }

            if (outcome.MoveCancelled)
            {
                stats.MovesCancelled++;
            }

            if (outcome.SkippedByRule)
            {
                stats.SkippedByRule++;
            }

            if (outcome.Confirmed)
            {
                stats.Confirmations++;
            }

            foreach (var change in outcome.Changes)
            {
                stats.CountChange(change.Field);
                Report(new Held(change.Line, change));
            }

            foreach (var warning in outcome.Warnings)
            {
                CommitWarning(warning);
            }
        }

        private void CommitWarning(SyncWarning warning)
        {
            _result.Statistics.CountWarning(warning.Kind);
            Report(new Held(warning.Line ?? long.MaxValue, warning));
        }

        private void CommitError(RecordError error)
        {
            var stats = _result.Statistics;
            stats.RecordErrors++;
            Report(new Held(error.Line, error));
            if (_options.MaxErrors is { } limit && stats.RecordErrors > limit)
            {
                _stop = true;
            }
        }
    }

    private readonly struct Held
    {
        public Held(long line, object item)
        {
            Line = line;
            Item = item;
        }

        public long Line { get; }

        // a SyncChange, a SyncWarning or a RecordError
        public object Item { get; }
    }

    private sealed class Inventory
    {
        public HashSet<string> Volumes { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Locations { get; } = new(StringComparer.Ordinal);
    }
}
