using System;
using System.Collections.Generic;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

public sealed partial class SyncPipeline
{
    // statistics, and the fan-out of changes, warnings and record errors to the result, the log and the observer
    private sealed partial class Run
    {

        // Warnings, errors and changes are reported in input order (sync.md): what a record decided is held back
        // while a record before it waits in a batch for the server's answer. Lines of the volumes waiting, with counts.
        private readonly SortedDictionary<long, int> _waiting = new();
        private readonly List<Held> _held = new();

        // the session that counts network traffic, under any wrappers (progress, retries) the caller put around it
        private static IServerSessionTraffic? FindTraffic(IServerSession session)
        {
            for (IServerSession? current = session; current is not null; current = (current as DelegatingServerSession)?.InnerSession)
            {
                if (current is IServerSessionTraffic traffic)
                {
                    return traffic;
                }
            }

            return null;
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
                    Keep(_result.ChangeList, change);
                    Log.Change(_logger, change.Action, change.Volume, change.Field, change.From, change.To, change.Line);
                    _pipeline.Observer?.OnChange(change);
                    break;
                case SyncWarning warning:
                    Keep(_result.WarningList, warning);
                    Log.Warning(_logger, warning);
                    _pipeline.Observer?.OnWarning(warning);
                    break;
                case RecordError error:
                    Keep(_result.ErrorList, error);
                    Log.RecordError(_logger, error);
                    _pipeline.Observer?.OnRecordError(error);
                    break;
            }
        }

        // SyncResult keeps the first MaxResultItems of each list (sync.md): the statistics and the observer see them all
        private void Keep<T>(List<T> list, T item)
        {
            if (list.Count < _options.MaxResultItems)
            {
                list.Add(item);
            }
            else
            {
                _result.Truncated = true;
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
}
