using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

// What the run found, told once to each listener: the statistics, the result's lists, the observer and the log.
public sealed partial class SyncPipeline
{
    private sealed partial class Run
    {
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
                _result.ChangeList.Add(change);
                Log.Change(_logger, change.Action, change.Volume, change.Field, change.From, change.To, change.Line);
                _pipeline.Observer?.OnChange(change);
            }

            foreach (var warning in outcome.Warnings)
            {
                CommitWarning(warning);
            }
        }

        private void CommitWarning(SyncWarning warning)
        {
            _result.Statistics.CountWarning(warning.Kind);
            _result.WarningList.Add(warning);
            Log.Warning(_logger, warning);
            _pipeline.Observer?.OnWarning(warning);
        }

        private void CommitError(RecordError error)
        {
            var stats = _result.Statistics;
            stats.RecordErrors++;
            _result.ErrorList.Add(error);
            Log.RecordError(_logger, error);
            _pipeline.Observer?.OnRecordError(error);
            if (_options.MaxErrors is { } limit && stats.RecordErrors > limit)
            {
                _stop = true;
            }
        }
    }
}
