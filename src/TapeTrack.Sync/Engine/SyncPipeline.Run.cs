using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

public sealed partial class SyncPipeline
{
    // one run of the pipeline: its fields, the read loop and the decision of each record
    private sealed partial class Run
    {
        private readonly SyncPipeline _pipeline;
        private readonly SyncOptions _options;
        private readonly CountingSession _session;
        private readonly IScopeCache _cache;
        private readonly VolumeDecider _decider;
        private readonly SyncResult _result;
        private readonly HashSet<ScopeKey> _scopes = new();

        // The run's own view of each scope: what it decided, or saw applied, laid over the cache's unchanged copy.
        private readonly Dictionary<ScopeKey, ScopeOverlay> _overlays = new();
        private readonly ILogger _logger;
        private DateTime _now;
        private bool _stop;

        // the scope of the records being read (the first record and every change of customer or media enters one)
        private ScopeKey _currentKey;
        private ScopeOverlay? _scope;

        // the one-pass way of an unchanged record, when the definition and options have one
        private UnchangedLane? _lane;

        // The scopes this run has entered (the key as the run asked for it, and its view), by a hash of the key's text.
        // A record of one of them enters it again without leaving the synchronous part of the read loop when the cache
        // hands the scope back at once (a report not sorted by customer and media changes scope often); a cache that
        // must download first is awaited, its answer kept in _coming so that the asynchronous part awaits that very one.
        private readonly Dictionary<int, (ScopeKey Key, ScopeOverlay Overlay)> _entered = new();
        private (ScopeKey Key, ValueTask<CachedScope> Answer)? _coming;
        private CancellationToken _cancellationToken;

        // IsPending, made once for the lane's rows
        private readonly Func<Volume, bool> _isPending;

        public Run(SyncPipeline pipeline)
        {
            _isPending = IsPending;
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
            _cancellationToken = cancellationToken;
            var instant = _options.Now ?? _pipeline.TimeProvider.GetUtcNow();
            _now = TimeZoneInfo.ConvertTime(instant, _options.TimeZone).DateTime;
            Log.RunStarted(_logger, _options.DryRun, _pipeline._definition.SourceName ?? "(built in code)");
            var stats = _result.Statistics;
            try
            {
                await _session.LogonAsync(cancellationToken).ConfigureAwait(false);
                var importer = new RecordImporter(_pipeline._definition);
                var unchanged = new UnchangedCheck(_pipeline._definition, _options);
                _lane = _pipeline.PlainLane ? UnchangedLane.Create(importer, unchanged, _pipeline.ComposedLane) : null;

                // a batch of records at a time: a text source cuts a whole decoded step without an await per record,
                // and the records that need no server (most of a nightly run) are gone through synchronously
                var records = new RecordBatchReader(source, cancellationToken);
                bool over = false;
                try
                {
                    while (!over && await records.NextBatchAsync().ConfigureAwait(false))
                    {
                        while (true)
                        {
                            var step = ReadOn(records, importer, unchanged);
                            if (step == Step.BatchOver)
                            {
                                break;
                            }

                            if (step == Step.NewScope)
                            {
                                // the record's values stay in the importer (and the source's window) while its scope comes
                                var key = _coming?.Key ?? new ScopeKey(importer.ValueOf(SyncField.Customer).ToString(), importer.ValueOf(SyncField.Media).ToString());
                                Enter(key, await GetScopeAsync(key).ConfigureAwait(false));
                                step = Settle(importer, unchanged) ? Step.Decided : Step.Unchanged;
                            }

                            if (step == Step.Decided && !_stop && _order.Count >= _options.BatchSize)
                            {
                                await FlushAsync(cancellationToken).ConfigureAwait(false);
                            }

                            if (step == Step.Over || _stop)
                            {
                                over = true;
                                break;
                            }
                        }
                    }
                }
                finally
                {
                    await records.DisposeAsync().ConfigureAwait(false);
                }

                // a stop asked while the input was read can end the read as if the input were over (a read given
                // up on standard input): the input was not all read, so the run was interrupted, whatever it sends
                cancellationToken.ThrowIfCancellationRequested();

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

                // a stop that came while the input ended (Ctrl+C to a pipeline ends the writer too): the input may be
                // cut short, so the run says it was interrupted; what it applied is reported as applied
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e is not SyncInterruptedException)
            {
                // the operator must still learn what was applied before the stop; a dry run, which sends nothing,
                // reports what it decided before the stop as it would have at the end
                if (_options.DryRun)
                {
                    await FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }

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
                if (FindTraffic(_pipeline._session) is { } traffic)
                {
                    // a session over the network counts what really crossed it: retries and its logon included
                    stats.ServerRequests = traffic.Requests;
                    stats.BytesSent = traffic.BytesSent;
                    stats.BytesReceived = traffic.BytesReceived;
                }

                stats.Elapsed = _pipeline.TimeProvider.GetElapsedTime(started);
            }

            Log.RunFinished(_logger, stats.RecordsRead, stats.VolumesUpdated, stats.Warnings, stats.RecordErrors, stats.Elapsed);
            return _result;
        }

        // what the synchronous part of the read loop hands back to the asynchronous one
        private enum Step
        {
            // the batch has no more records: read the next one
            BatchOver,

            // TERMINATE, or a stop (too many errors): read no more
            Over,

            // the record just imported enters another scope: get it, then settle the record
            NewScope,

            // the record was decided the full way: a full batch is sent before reading on
            Decided,

            // the record changes nothing
            Unchanged,
        }

        // Goes through the batch's records until one needs the server (a scope to enter, a batch that may be full) or
        // the batch is over: records that are headings, excluded, errors or unchanged need nothing else.
        private Step ReadOn(RecordBatchReader records, RecordImporter importer, UnchangedCheck unchanged)
        {
            var stats = _result.Statistics;
            while (true)
            {
                SourceRecord raw;
                if (_lane is { } lane && _scope is { } scope)
                {
                    // the unchanged records in a row, in the lane's loop (issue 14): counted once the row ends, and the
                    // general way below kept out of the loop, so that the lane's values stay in registers. The scope, its
                    // key and the pending changes only change on the general way.
                    long taken = lane.TakeRow(records, importer, scope, _currentKey, _pending.Count != 0 ? _isPending : null, out raw, out bool more);
                    if (taken != 0)
                    {
                        stats.RecordsRead += taken;
                        importer.CountPlain(taken);
                        stats.VolumesUnchanged += taken;
                        _result.UnchangedByLane += taken;
                    }

                    if (!more)
                    {
                        return Step.BatchOver;
                    }
                }
                else if (!records.TryNext(out raw))
                {
                    return Step.BatchOver;
                }

                stats.RecordsRead++;
                var step = ReadTheFullWay(raw, importer, unchanged);
                if (step != Step.Unchanged)
                {
                    return step;
                }
            }
        }

        // A record the lane did not take, the general way: imported, then its scope entered again, or its volume settled.
        // Unchanged when it needs nothing else (a heading, an excluded record, an error, an unchanged volume).
        [MethodImpl(MethodImplOptions.NoInlining)]
        private Step ReadTheFullWay(SourceRecord raw, RecordImporter importer, UnchangedCheck unchanged)
        {
            var stats = _result.Statistics;

            // values stay in the importer's buffer: strings are made only for a record that changes something
            switch (importer.ImportInPlace(raw))
            {
                case ImportStatus.Terminated:
                    return Step.Over;
                case ImportStatus.Header:
                    stats.HeaderRecords++;
                    return Step.Unchanged;
                case ImportStatus.Excluded:
                    stats.RecordsExcluded++;
                    return Step.Unchanged;
                case ImportStatus.PassedOver:
                case ImportStatus.Blank:
                    stats.RecordsPassedOver++;
                    return Step.Unchanged;
                case ImportStatus.Error:
                    CommitError(importer.Error!);
                    return _stop ? Step.Over : Step.Unchanged;
            }

            if ((_scope is null
                || !importer.ValueOf(SyncField.Customer).SequenceEqual(_currentKey.Customer.AsSpan())
                || !importer.ValueOf(SyncField.Media).SequenceEqual(_currentKey.Media.AsSpan()))
                && !TryEnterAgain(importer))
            {
                return Step.NewScope;
            }

            return Settle(importer, unchanged) ? Step.Decided : Step.Unchanged;
        }

        // The record imported last, in the current scope: unchanged (the check on spans), or decided the full way (true).
        private bool Settle(RecordImporter importer, UnchangedCheck unchanged)
        {
            var scope = _scope!;
            if (unchanged.Enabled
                && scope.TryGetVolume(importer.ValueOf(SyncField.Volume), out var volume)
                && !IsPending(volume!)
                && unchanged.IsUnchanged(importer, scope.Scope, volume!))
            {
                _result.Statistics.VolumesUnchanged++;
                return false;
            }

            Decide(importer.CreateRecord(), scope);
            return true;
        }

        // whether a change of this volume of the current scope is waiting to be sent: its record is decided the full way
        private bool IsPending(Volume volume) => _pending.Count != 0 && _pending.ContainsKey(_currentKey.Volume(volume.Id));

        // The imported record's scope when the run has entered it before and the cache holds it now: entered without
        // an await. False when it has not, or when the cache must download it again (the cache's answer is then kept
        // for GetScopeAsync to await, so that it is asked once).
        private bool TryEnterAgain(RecordImporter importer)
        {
            var customer = importer.ValueOf(SyncField.Customer);
            var media = importer.ValueOf(SyncField.Media);
            if (_entered.Count == 0
                || !_entered.TryGetValue(KeyHash(customer, media), out var entered)
                || !customer.SequenceEqual(entered.Key.Customer.AsSpan())
                || !media.SequenceEqual(entered.Key.Media.AsSpan()))
            {
                return false;
            }

            var (key, overlay) = entered;
            var answer = Ask(key);
            if (!answer.IsCompletedSuccessfully)
            {
                _coming = (key, answer);
                return false;
            }

            // the run's view of it and its key are the ones it entered before
            overlay.Scope = answer.Result;
            Enter(key, overlay, again: true);
            return true;
        }

        // the scope from the cache (awaiting what TryEnterAgain asked already, if it did) and the run's view of it
        private async ValueTask<ScopeOverlay> GetScopeAsync(ScopeKey key)
        {
            CachedScope scope;
            try
            {
                var answer = _coming?.Answer ?? Ask(key);
                _coming = null;
                scope = await answer.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw Failed(e, null);
            }

            return Overlay(key, scope);
        }

        // the cache's answer; a cache that throws at once answers with the exception, as one that fails later does
        private ValueTask<CachedScope> Ask(ScopeKey key)
        {
            try
            {
                return _cache.GetAsync(key, _cancellationToken);
            }
            catch (Exception e)
            {
                return new ValueTask<CachedScope>(Task.FromException<CachedScope>(e));
            }
        }

        // the run's view of the scope, over the copy the cache handed out now (another one after the cache let it go)
        private ScopeOverlay Overlay(ScopeKey key, CachedScope scope)
        {
            if (_overlays.TryGetValue(key, out var overlay))
            {
                overlay.Scope = scope;
            }
            else
            {
                _overlays[key] = overlay = new ScopeOverlay(scope);
                _entered[KeyHash(key.Customer.AsSpan(), key.Media.AsSpan())] = (key, overlay);
            }

            return overlay;
        }

        // the records that follow are of this scope
        private void Enter(ScopeKey key, ScopeOverlay overlay, bool again = false)
        {
            _scope = overlay;
            _currentKey = key;
            if (!again)
            {
                _scopes.Add(key);
            }

            Log.ScopeEntered(_logger, key, overlay.Scope.Count, _session.Downloads);
        }

        // two keys with one hash: the later one is kept, and the other is entered again the asynchronous way
        private static int KeyHash(ReadOnlySpan<char> customer, ReadOnlySpan<char> media) =>
            unchecked((int)((ValuePool.Hash(customer) * 31) + ValuePool.Hash(media)));

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
                pending = new Pending(key, scope, volume);
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
    }
}
