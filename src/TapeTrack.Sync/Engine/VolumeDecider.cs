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
    private readonly string? _descriptionField;
    private readonly DatePrecision _dateTimePrecision;

    public VolumeDecider(SyncDefinition definition, SyncOptions options)
    {
        _definition = definition;
        _options = options;
        _descriptionField = options.DescriptionAttribute > 0 ? VolumeFields.Attribute(options.DescriptionAttribute) : null;
        _dateTimePrecision = definition.WriteTimeFormat is { } format ? PrecisionOf(format.Text) : DatePrecision.Second;
    }

    public RecordOutcome Decide(ImportedRecord record, CachedScope scope, Volume? volume, DateTime now)
    {
        var outcome = new RecordOutcome(record);
        var key = record.Key;
        if (!scope.Exists)
        {
            return Fail(outcome, SyncField.Media.Name(), $"customer {key.Customer} has no media {key.Media} on the server");
        }

        if (record[SyncField.Container] is { } container && !IsQualifiedBarcode(container))
        {
            return Fail(outcome, SyncField.Container.Name(), $"'{container}' is not a qualified barcode CUSTOMER.MEDIA.VOLUME (such as US01.LTO.000001L6)");
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
            if (adjustment.Filter.IsMatch(record.FilterValue(adjustment.Field)))
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
            if (moveDate is { } date && rule.Filter.IsMatch(record.FilterValue(rule.Field)) && date <= rule.Within.AddTo(now))
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
                if (rule.Filter.IsMatch(record.FilterValue(rule.Field)) && written >= rule.Within.SubtractFrom(now))
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

        // the record's own text is canonical already; only a date a rule moved needs formatting
        string? moveDateText = moveDate == record.MoveDate ? record[SyncField.MoveDate] : (moveDate.HasValue ? FieldValues.FormatDate(moveDate.Value, dateOnly: true) : null);
        if (volume is null)
        {
            return _options.AddVolumes ? Add(outcome, record, key, proposed, location, locationRepository, moveDateText) : NotFound(outcome, key);
        }

        outcome.Kind = OutcomeKind.Matched;
        var state = volume;

        if (proposed is not null && proposed != state.Target)
        {
            if (IsSkipped(proposed, state))
            {
                outcome.SkippedByRule = true;
            }
            else
            {
                Change(outcome, ChangeAction.Set, key, VolumeFields.Repository, state.Target, proposed);
                state = state.With(new[] { new FieldChange(VolumeFields.Repository, proposed) }, state.Version);
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

        // LOCATION is decided after REPOSITORY, against the state that decision left (sync.md, "Within one
        // record"): a report that names a tape's new target and shows it already there settles in one run,
        // and a second run of the same report changes nothing.
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
                outcome.AddWarning(new SyncWarning(UnexpectedAt(locationRepository!), key, state.Target, location, record.Line));
            }
        }

        foreach (var field in PlainFields)
        {
            string? value = field == SyncField.MoveDate ? moveDateText : record[field];
            if (value is null)
            {
                continue;
            }

            string name = ServerName(field);
            var old = state.Get(name);
            if (!SameValue(field, old, value))
            {
                Change(outcome, ChangeAction.Set, key, name, old, value);
            }
        }

        outcome.NewState = outcome.ServerChanges.Count == 0 ? volume : volume.With(outcome.ServerChanges, volume.Version);
        return outcome;
    }

    // a tape seen where it should not be: in the robot (a library) or at another location
    private static WarningKind UnexpectedAt(Repository location) =>
        location.Type == RepositoryType.Library ? WarningKind.UnexpectedInLibrary : WarningKind.UnexpectedAtLocation;

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

    private RecordOutcome Add(RecordOutcome outcome, ImportedRecord record, VolumeKey key, string? proposed, string? location, Repository? locationRepository, string? moveDate)
    {
        if (!VolumeUpdateRules.IsVolumeId(key.Volume))
        {
            return Fail(outcome, SyncField.Volume.Name(), $"'{key.Volume}' is not a TapeTrack Volume-ID (1 to 10 of A-Z, 0-9 and -, not starting with -); it is not added");
        }

        string? current = location ?? proposed;
        if (current is null)
        {
            return Fail(outcome, SyncField.Repository.Name(), "a volume to add needs LOCATION or REPOSITORY to say where it is");
        }

        outcome.Kind = OutcomeKind.Added;
        Change(outcome, ChangeAction.Add, key, VolumeFields.Current, null, current);
        if (proposed is not null)
        {
            // one entry per field the record gives; it is a move only when the target is not where the volume is
            Change(outcome, ChangeAction.Add, key, VolumeFields.Repository, null, proposed);
            outcome.MoveRequested = proposed != current;

            // seen at LOCATION and due elsewhere: the warning a later run of the same line gives, given at once
            if (location is not null && proposed != location)
            {
                outcome.AddWarning(new SyncWarning(UnexpectedAt(locationRepository!), key, proposed, location, record.Line));
            }
        }

        foreach (var field in PlainFields)
        {
            string? value = field == SyncField.MoveDate ? moveDate : record[field];
            if (value is null)
            {
                continue;
            }

            Change(outcome, ChangeAction.Add, key, ServerName(field), null, value);
        }

        outcome.NewState = new Volume(key.Volume, current, null, 0).With(outcome.ServerChanges, 0);
        return outcome;
    }

    private string ServerName(SyncField field) =>
        field == SyncField.Description && _descriptionField is not null ? _descriptionField : field.ServerName()!;

    // sync.md: compared after normalising: booleans as true/false, dates at the precision of their format.
    // The record's value is canonical already; the server's may be any text a store or an older tool wrote.
    private bool SameValue(SyncField field, string? server, string value)
    {
        if (server is null)
        {
            return false;
        }

        if (string.Equals(server, value, StringComparison.Ordinal))
        {
            return true;
        }

        switch (field.Kind())
        {
            case FieldKind.Boolean:
                return FieldValues.TryParseBoolean(server.AsSpan().Trim(), out bool flag) && FieldValues.Format(flag) == value;
            case FieldKind.Integer:
                return FieldValues.TryParseInteger(server.AsSpan().Trim(), out long number)
                    && FieldValues.FormatInteger(number) == value;
            case FieldKind.Date:
            case FieldKind.DateTime:
                var precision = field.Kind() == FieldKind.Date ? DatePrecision.Day : _dateTimePrecision;
                if (FieldValues.TryParseServerDate(server, out var serverDate) && FieldValues.TryParseServerDate(value, out var recordDate))
                {
                    return Truncate(serverDate, precision) == Truncate(recordDate, precision);
                }

                return string.Equals(server.TrimEnd(), value, StringComparison.Ordinal);
            default:
                // trailing spaces are never significant (ttidef.md, "Values")
                return server.Length >= value.Length
                    && string.CompareOrdinal(server, 0, value, 0, value.Length) == 0
                    && IsBlank(server, value.Length);
        }
    }

    private static bool IsBlank(string text, int from)
    {
        for (int i = from; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static DateTime Truncate(DateTime value, DatePrecision precision) => precision switch
    {
        DatePrecision.Day => value.Date,
        DatePrecision.Hour => new DateTime(value.Year, value.Month, value.Day, value.Hour, 0, 0),
        DatePrecision.Minute => new DateTime(value.Year, value.Month, value.Day, value.Hour, value.Minute, 0),
        _ => new DateTime(value.Year, value.Month, value.Day, value.Hour, value.Minute, value.Second),
    };

    private static DatePrecision PrecisionOf(string format)
    {
        var precision = DatePrecision.Day;
        for (int i = 0; i + 1 < format.Length; i++)
        {
            if (format[i] != '%')
            {
                continue;
            }

            char c = format[++i];
            var p = c switch
            {
                'S' => DatePrecision.Second,
                'M' => DatePrecision.Minute,
                'H' or 'I' => DatePrecision.Hour,
                _ => DatePrecision.Day,
            };
            if (p > precision)
            {
                precision = p;
            }
        }

        return precision;
    }

    // CONTAINER is a qualified barcode: CUSTOMER (1-4) . MEDIA (1-4) . VOLUME (1-10), no spaces
    internal static bool IsQualifiedBarcode(string value)
    {
        int first = value.IndexOf('.');
        int second = first < 0 ? -1 : value.IndexOf('.', first + 1);
        if (second < 0 || value.IndexOf('.', second + 1) >= 0 || value.IndexOf(' ') >= 0)
        {
            return false;
        }

        int customer = first, media = second - first - 1, volume = value.Length - second - 1;
        return customer is >= 1 and <= 4 && media is >= 1 and <= 4 && volume is >= 1 and <= 10;
    }

    private static RecordOutcome NotFound(RecordOutcome outcome, VolumeKey key)
    {
        outcome.Kind = OutcomeKind.NotFound;
        outcome.AddWarning(new SyncWarning(WarningKind.VolumeNotFound, key, null, null, outcome.Record.Line));
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
        outcome.AddChange(new SyncChange(action, key, field, from, to, outcome.Record.Line), new FieldChange(field, to));
    }

    private enum DatePrecision
    {
        Day,
        Hour,
        Minute,
        Second,
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
