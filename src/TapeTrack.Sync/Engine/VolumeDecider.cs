using System;
using System.Globalization;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

// The rules of sync.md, "Deciding changes for one record": pure, no I/O.
internal sealed class VolumeDecider
{
    private static readonly SyncField[] PlainFields = CreatePlainFields();
    private readonly SyncDefinition _definition;
    private readonly SyncOptions _options;

    public VolumeDecider(SyncDefinition definition, SyncOptions options)
    {
        _definition = definition;
        _options = options;
    }

    public RecordOutcome Decide(ImportedRecord record, CachedScope scope, Volume? volume, DateTime now)
    {
        var outcome = new RecordOutcome(record);
        var key = record.Key;
        if (!scope.Exists)
        {
            return Fail(outcome, SyncField.Media.Name(), $"customer {key.Customer} has no media {key.Media} on the server");
        }

        // the sync statements: move-date adjustments, then repository rules
        string? proposed = record[SyncField.Repository];
        if (record[SyncField.RepositoryDescription] is { } description)
        {
            var byDescription = scope.FindRepositoryByDescription(description);
            if (byDescription is null)
            {
                return Fail(outcome, SyncField.RepositoryDescription.Name(), $"media {key.Media} has no repository described as '{description}'");
            }

            proposed = byDescription.Id;
        }

        DateTime? moveDate = record.MoveDate;
        foreach (var adjustment in _definition.MoveDateAdjustments)
        {
            if (adjustment.Filter.IsMatch(record[adjustment.Field]))
            {
                if (moveDate is { } date)
                {
                    moveDate = date.AddYears(adjustment.Years).AddMonths(adjustment.Months).AddDays(adjustment.Days);
                }

                break;
            }
        }

        bool movedByDate = false;
        foreach (var rule in _definition.RepositoryOnMoveDateRules)
        {
            if (moveDate is { } date && rule.Filter.IsMatch(record[rule.Field]) && date <= rule.Within.AddTo(now))
            {
                proposed = rule.Repository;
                movedByDate = true;
                break;
            }
        }

        if (!movedByDate && record.WriteTime is { } written)
        {
            foreach (var rule in _definition.RepositoryOnWriteTimeRules)
            {
                if (rule.Filter.IsMatch(record[rule.Field]) && written >= rule.Within.SubtractFrom(now))
                {
                    proposed = rule.Repository;
                    if (!rule.MoveDateAfter.IsZero)
                    {
                        moveDate = rule.MoveDateAfter.AddTo(written).Date;
                    }

                    break;
                }
            }
        }

        if (proposed is not null && scope.FindRepository(proposed) is null)
        {
            return Fail(outcome, SyncField.Repository.Name(), $"media {key.Media} has no repository '{proposed}'");
        }

        string? location = record[SyncField.Location];
        var locationRepository = location is null ? null : scope.FindRepository(location);
        if (location is not null && locationRepository is null)
        {
            return Fail(outcome, SyncField.Location.Name(), $"media {key.Media} has no repository '{location}'");
        }

        string? moveDateText = moveDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (volume is null)
        {
            return _options.AddVolumes ? Add(outcome, record, key, proposed, location, moveDateText) : NotFound(outcome, key);
        }

        outcome.Kind = OutcomeKind.Matched;
        var state = volume;

        // LOCATION first: what the source sees decides against the volume as the server had it
        if (location is not null)
        {
            if (state.IsMoving && state.Target == location)
            {
                Change(outcome, ChangeAction.Confirm, key, VolumeFields.Current, state.Current, location);
                outcome.Confirmed = true;
                state = state.With(new[] { new FieldChange(VolumeFields.Current, location) }, state.Version);
            }
            else if (state.IsMoving || state.Target != location)
            {
                var kind = locationRepository!.Type == RepositoryType.Library ? WarningKind.UnexpectedInLibrary : WarningKind.UnexpectedAtLocation;
                outcome.Warnings.Add(new SyncWarning(kind, key, state.Target, location, record.Line));
            }
        }

        if (proposed is not null && proposed != state.Target)
        {
            if (IsSkipped(proposed, state))
            {
                outcome.SkippedByRule = true;
            }
            else
            {
                Change(outcome, ChangeAction.Set, key, VolumeFields.Repository, state.Target, proposed);
                if (proposed == state.Current)
                {
                    outcome.MoveCancelled = true;
                }
                else
                {
                    outcome.MoveRequested = true;
                }
            }
        }

        foreach (var field in PlainFields)
        {
            string? value = field == SyncField.MoveDate ? moveDateText : record[field];
            if (value is null)
            {
                continue;
            }

            string name = field == SyncField.Description && _options.DescriptionAttribute > 0
                ? VolumeFields.Attribute(_options.DescriptionAttribute)
                : field.ServerName()!;
            var old = state.Get(name);
            if (!string.Equals(old, value, StringComparison.Ordinal))
            {
                Change(outcome, ChangeAction.Set, key, name, old, value);
            }
        }

        outcome.NewState = outcome.ServerChanges.Count == 0 ? volume : volume.With(outcome.ServerChanges, volume.Version);
        return outcome;
    }

    private bool IsSkipped(string proposed, Volume state)
    {
        foreach (var rule in _definition.SkipOnRepositoryChangeRules)
        {
            if (rule.Proposed.IsMatch(proposed) && rule.Target.IsMatch(state.Target) && rule.Current.IsMatch(state.Current))
            {
                return true;
            }
        }

        return false;
    }

    private RecordOutcome Add(RecordOutcome outcome, ImportedRecord record, VolumeKey key, string? proposed, string? location, string? moveDate)
    {
        string? current = location ?? proposed;
        if (current is null)
        {
            return Fail(outcome, SyncField.Repository.Name(), "a volume to add needs LOCATION or REPOSITORY to say where it is");
        }

        outcome.Kind = OutcomeKind.Added;
        Change(outcome, ChangeAction.Add, key, VolumeFields.Current, null, current);
        if (proposed is not null && proposed != current)
        {
            Change(outcome, ChangeAction.Add, key, VolumeFields.Repository, null, proposed);
            outcome.MoveRequested = true;
        }

        foreach (var field in PlainFields)
        {
            string? value = field == SyncField.MoveDate ? moveDate : record[field];
            if (value is null)
            {
                continue;
            }

            string name = field == SyncField.Description && _options.DescriptionAttribute > 0
                ? VolumeFields.Attribute(_options.DescriptionAttribute)
                : field.ServerName()!;
            Change(outcome, ChangeAction.Add, key, name, null, value);
        }

        outcome.NewState = new Volume(key.Volume, current, null, 0).With(outcome.ServerChanges, 0);
        return outcome;
    }

    private static RecordOutcome NotFound(RecordOutcome outcome, VolumeKey key)
    {
        outcome.Kind = OutcomeKind.NotFound;
        outcome.Warnings.Add(new SyncWarning(WarningKind.VolumeNotFound, key, null, null, outcome.Record.Line));
        return outcome;
    }

    private static RecordOutcome Fail(RecordOutcome outcome, string field, string message)
    {
        outcome.Kind = OutcomeKind.Error;
        outcome.Error = new RecordError(outcome.Record.Line, field, message);
        return outcome;
    }

    private static void Change(RecordOutcome outcome, ChangeAction action, VolumeKey key, string field, string? from, string to)
    {
        outcome.Changes.Add(new SyncChange(action, key, field, from, to, outcome.Record.Line));
        outcome.ServerChanges.Add(new FieldChange(field, to));
    }

    private static SyncField[] CreatePlainFields()
    {
        var fields = new System.Collections.Generic.List<SyncField>();
        foreach (SyncField field in Enum.GetValues(typeof(SyncField)))
        {
            if (field.ServerName() is not null && field != SyncField.Repository)
            {
                fields.Add(field);
            }
        }

        return fields.ToArray();
    }
}
