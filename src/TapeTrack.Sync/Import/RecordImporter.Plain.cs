using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Import;

/// <summary>
/// Takes the values of a plain body record one by one, as <see cref="RecordImporter.TryImportPlain"/> makes them: the
/// field's place in the order <see cref="RecordImporter.PreparePlain"/> gives and its final value. Answering false stops the record.
/// </summary>
internal interface IPlainRecordConsumer
{
    bool Take(int field, ReadOnlySpan<char> value);
}

// The plain lane (issue 14): a body record of the one-pass shape imported and handed on in one go, every value a
// view of the record's text or of a constant, nothing written to the importer. It answers true only when the
// import would give Body with these very values; anything else answers false having changed nothing, and the
// caller imports the record the usual way, which makes the status, the error or the count it should.
public sealed partial class RecordImporter
{
    private PlainField[]? _plain;
    private char[] _laneScratch = new char[64];
    private readonly char[] _laneDate = new char[32];
    private bool _plainMade;

    /// <summary>
    /// Imports a body record of the plain shape and hands each final value to <paramref name="consumer"/>, counting
    /// nothing (<see cref="CountPlain"/> does). False, with nothing kept, for a record the plain lane cannot
    /// say is a body record (a heading, an exclusion, an error, a value the checks of <see cref="FinishOnePass"/> do
    /// not pass) or one the consumer did not take: <see cref="ImportInPlace"/> then imports it.
    /// </summary>
    internal bool TryImportPlain<TConsumer>(SourceRecord record, ref TConsumer consumer)
        where TConsumer : struct, IPlainRecordConsumer
    {
        var plan = _plain;
        if (plan is null || !IsPlainRecord(record))
        {
            return false;
        }

        for (int f = 0; f < plan.Length; f++)
        {
            ref readonly var step = ref plan[f];
            var value = step.Literal is { } literal ? literal : CutForLane(record, step.Extracted, ref _laneScratch);
            if (!Passes(step, value))
            {
                return false;
            }

            // a move date in another format than yyyy-MM-dd, a flag, a number: rewritten as Validate does, after the exclusions
            if (step.Rewritten != CheckKind.None && !value.IsEmpty)
            {
                int length = Rewrite(step.Rewritten, _definition.MoveDateFormat, value, _laneDate);
                if (length < 0)
                {
                    return false;
                }

                value = _laneDate.AsSpan(0, length);
            }

            if (!consumer.Take(f, value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// An extracted field's value as the one-pass import makes it, for the plain lanes: <see cref="Cut"/>, then the
    /// first of its rules that matches (<see cref="MatchingRule"/>): a constant as it is, a translation of the value
    /// (<c>*</c>, <c>~</c>, <c>^</c>) made in <paramref name="scratch"/>, which the lane owns; a view, valid until the next call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ReadOnlySpan<char> CutForLane(SourceRecord record, scoped in OnePassField step, scoped ref char[] scratch)
    {
        var array = Cut(record, step, out int start, out int length);
        var value = array.AsSpan(start, length);
        int r = MatchingRule(step, value);
        return r < 0 ? value : step.Constants[r] is { } constant ? constant : Translated(step.Rules[r].Translation, value, ref scratch);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ReadOnlySpan<char> Translated(TranslationTemplate translation, ReadOnlySpan<char> value, scoped ref char[] scratch)
    {
        int longest = translation.MaxLength(value.Length);
        if (scratch.Length < longest)
        {
            scratch = new char[Math.Max(longest, scratch.Length * 2)];
        }

        return scratch.AsSpan(0, ApplyTrimmed(translation, value, scratch));
    }

    /// <summary>Whether a record can be a body record of the plain lane at all: not blank (its first character printable),
    /// not unreadable, not excluded, with every element the definition reads. The lane's own plan must exist
    /// (<see cref="PreparePlain"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool IsPlainRecord(SourceRecord record)
    {
        var text = record.Text;
        return !text.IsEmpty
            && !char.IsWhiteSpace(text[0])
            && record.Problem is null
            && record.ElementCount >= _elementsRead
            && (_exclusion.Length == 0
                || (_exclusionFirst >= 0 && (uint)_exclusionOffset < (uint)text.Length && text[_exclusionOffset] != _exclusionFirst)
                || !(_exclusion.Length == 1 ? Matches(_exclusion[0], text) : MatchesAny(_exclusion, text)));
    }

    /// <summary>Counts records <see cref="TryImportPlain"/> (or the lane made of its plan) took as read, a row of them at
    /// once (a record the caller then imports the usual way is counted there instead).</summary>
    internal void CountPlain(long records) => RecordsRead += records;

    /// <summary>Makes the plain lane's plan, once (the importer may be made for import only, which never needs it): its
    /// fields in the order <see cref="TryImportPlain"/> hands them on, CUSTOMER, MEDIA and VOLUME first, then the others
    /// the definition gives; null when the definition has no plain lane.</summary>
    internal PlainField[]? PreparePlain()
    {
        if (!_plainMade)
        {
            _plain = PlainPlan();
            _plainMade = true;
        }

        return _plain;
    }

    // a value's check (FinishOnePass's) and its value exclusions (Screen's); a required field must have a value
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Passes(in PlainField step, ReadOnlySpan<char> value)
    {
        // FinishOnePass checks a value only when there is one
        bool passed = value.IsEmpty ? !step.Required : Passes(step.Check, step.MaxLength, value, out _);
        return passed && (step.Exclusions is not { } exclusions || !Excluded(exclusions, value));
    }

    // the record's exclusions and a value's, more than one called rather than inlined: the lane's own code stays small
    // enough for the JIT to inline what every record needs (the cut, the trim, the comparisons)
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool MatchesAny(RecordRule[] rules, ReadOnlySpan<char> text) => Matches(rules, text);

    // a value's exclusions: the one of most definitions that have any (CLN*) tested in place, more called
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Excluded(Pattern[] exclusions, ReadOnlySpan<char> value) =>
        exclusions.Length == 1 ? exclusions[0].IsMatch(value) : ExcludedByAny(exclusions, value);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool ExcludedByAny(Pattern[] exclusions, ReadOnlySpan<char> value)
    {
        foreach (var exclusion in exclusions)
        {
            if (exclusion.IsMatch(value))
            {
                return true;
            }
        }

        return false;
    }

    // The plan of the plain lane, or null: the one-pass shape without markers (its translations, by exact value or by
    // pattern, to a constant or of the value, are the lane's too: CutForLane), every check one FinishOnePass makes
    // itself, and no value exclusion that an absent field's empty value could match.
    private PlainField[]? PlainPlan()
    {
        if (!UsesOnePass || _markers || _checkPlan is null || Array.Exists(_checkPlan, c => c.Kind == CheckKind.General))
        {
            return null;
        }

        var fields = new List<PlainField>();
        for (int i = 0; i < _literals.Length; i++)
        {
            fields.Add(Plain((int)_literals[i].Field, default, _literalChars[i].AsSpan(0, _literalLength[i]).ToArray()));
        }

        foreach (var step in _onePass!)
        {
            fields.Add(Plain(step.Field, step, null));
        }

        // a literal Validate rewrites (a move date in another format, a flag, a number) is left to Validate
        if (fields.Exists(f => f.Rewritten != CheckKind.None && f.Literal is not null))
        {
            return null;
        }

        foreach (var exclusion in _valueExclusions)
        {
            if (!fields.Exists(f => f.Field == (int)exclusion.Field) && exclusion.Filter.IsMatch(ReadOnlySpan<char>.Empty))
            {
                return null;
            }
        }

        foreach (var required in Required)
        {
            if (!fields.Exists(f => f.Field == (int)required))
            {
                return null;
            }
        }

        // the scope first, then the volume, then what is compared with it (OrderBy keeps the order of equals)
        return fields.OrderBy(f => f.Field switch
        {
            (int)SyncField.Customer => 0,
            (int)SyncField.Media => 1,
            (int)SyncField.Volume => 2,
            _ => 3,
        }).ToArray();

        PlainField Plain(int field, OnePassField extracted, char[]? literal)
        {
            int at = Array.FindIndex(_checkPlan, c => c.Field == field);
            var exclusions = _valueExclusions.Where(e => (int)e.Field == field).Select(e => e.Filter).ToArray();
            var kind = at >= 0 ? _checkPlan[at].Kind : CheckKind.None;
            bool rewritten = kind is CheckKind.FormattedDate or CheckKind.Boolean or CheckKind.Integer;
            return new PlainField(
                field,
                extracted,
                literal,
                rewritten ? CheckKind.None : kind,
                at >= 0 ? _checkPlan[at].MaxLength : 0,
                Array.IndexOf(Required, (SyncField)field) >= 0,
                exclusions.Length == 0 ? null : exclusions,
                rewritten ? kind : CheckKind.None);
        }
    }

    // a field of the plain lane: a literal's constant, or its one-pass step (an element cut to a length and trimmed,
    // then its translations); its check, whether it is required, its value exclusions, and how Validate rewrites it,
    // if it does (a move date in another format than yyyy-MM-dd, a flag, a number: Rewrite, after the exclusions)
    internal readonly record struct PlainField(
        int Field,
        OnePassField Extracted,
        char[]? Literal,
        CheckKind Check,
        int MaxLength,
        bool Required,
        Pattern[]? Exclusions,
        CheckKind Rewritten);
}
