using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

public sealed partial class SyncPipeline
{
    private const int MaxConflictRetries = 3;

    private sealed class Pending
    {
        public Pending(VolumeKey key, ScopeOverlay scope, Volume? before)
        {
            Key = key;
            Scope = scope;
            Before = before;
        }

        public VolumeKey Key { get; }

        // the run's view of the volume's scope
        public ScopeOverlay Scope { get; }

        // the volume as the server had it before the first of these records (null: the records add it)
        public Volume? Before { get; }

        public long? BaseVersion => Before?.Version;

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

        // Whether the records' changes, taken together, leave the volume as the server has it (a line that moves it
        // and a later one that moves it back): then nothing is sent, since a store would give the volume a new version
        // for no change, and the records still count as the lines they are.
        public bool ChangesNothing(VolumeUpdate update) =>
            Before is not null && FieldDifference.Between(Before, Before.With(update.Changes, Before.Version)).Count == 0;
    }

    // update batching, and a fresh decision for a volume someone else changed meanwhile
    private sealed partial class Run
    {
        private readonly Dictionary<VolumeKey, Pending> _pending = new();
        private readonly List<Pending> _order = new();

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

                var sent = new List<Pending>(batch.Length);
                var toSend = new List<VolumeUpdate>(batch.Length);
                foreach (var pending in batch)
                {
                    var update = pending.ToUpdate();
                    if (pending.ChangesNothing(update))
                    {
                        pending.Scope.Observed(pending.Key.Volume, pending.Before);
                        CommitAll(pending);
                        Done(pending);
                        continue;
                    }

                    sent.Add(pending);
                    toSend.Add(update);
                }

                if (sent.Count == 0)
                {
                    continue;
                }

                batch = sent.ToArray();
                var updates = toSend.ToArray();

                IReadOnlyList<UpdateResult> results;
                try
                {
                    results = await _session.ApplyAsync(updates, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // the stop cancelled the request, perhaps not its work (a server over the network may finish it)
                    _result.UpdatesInFlight = updates;
                    throw;
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
            var pending = new Pending(stale.Key, stale.Scope, current) { Attempts = stale.Attempts + 1 };
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

            Log.ServerFailed(_logger, e, _result.ChangeCount, notApplied.Count);
            return new SyncFailedException(_result, notApplied, e);
        }
    }
}
