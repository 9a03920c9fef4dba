using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Import;

/// <summary>
/// Takes the values of a plain body record one by one, as <see cref="RecordImporter.TryImportPlain"/> makes them: the
/// field's place in <see cref="RecordImporter.PlainFields"/> and its final value. Answering false stops the record.
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
    private bool _plainMade;

    /// <summary>The fields of a plain record in the order <see cref="TryImportPlain"/> hands them on: CUSTOMER, MEDIA
    /// and VOLUME first, then the others the definition gives; null when the definition has no plain lane.</summary>
    internal SyncField[]? PlainFields
    {
        get
        {
            var plan = PlainPlan();
            return plan is null ? null : Array.ConvertAll(plan, f => (SyncField)f.Field);
        }
    }

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
        var text = record.Text;

        // not blank (its first character printable), not unreadable, not excluded, with every element the definition reads
        if (plan is null
            || text.IsEmpty
            || char.IsWhiteSpace(text[0])
            || record.Problem is not null
            || record.ElementCount < _elementsRead
            || (_exclusion.Length != 0 && MatchesAny(_exclusion, text)))
        {
            return false;
        }

        for (int f = 0; f < plan.Length; f++)
        {
            ref readonly var step = ref plan[f];
            char[] array;
            int start;
            int length;
            if (step.Literal is { } literal)
            {
                array = literal;
                start = 0;
                length = literal.Length;
            }
            else
            {
                array = LocateElement(record, step.Element, step.Length, out start, out length);
                length = TrimmedLength(array.AsSpan(start, length));
                if (step.Exact is { } exact)
                {
                    for (int r = 0; r < exact.Length; r++)
                    {
                        if (exact[r].Length == length && array.AsSpan(start, length).SequenceEqual(exact[r]))
                        {
                            array = step.Constants[r];
                            start = 0;
                            length = array.Length;
                            break;
                        }
                    }
                }
            }

            var value = array.AsSpan(start, length);
            if (!Passes(step, value) || !consumer.Take(f, value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Counts a record <see cref="TryImportPlain"/> took as read (a record the caller then imports the usual way
    /// is counted there instead).</summary>
    internal void CountPlain() => RecordsRead++;

    /// <summary>Makes the plain lane's plan, once (the importer may be made for import only, which never needs it).</summary>
    internal bool PreparePlain()
    {
        if (!_plainMade)
        {
            _plain = PlainPlan();
            _plainMade = true;
        }

        return _plain is not null;
    }

    // a value's check (FinishOnePass's) and its value exclusions (Screen's); a required field must have a value
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Passes(in PlainField step, ReadOnlySpan<char> value)
    {
        // FinishOnePass checks a value only when there is one
        bool passed = value.IsEmpty
            ? !step.Required
            : step.Check switch
            {
                CheckKind.Length => value.Length <= step.MaxLength,
                CheckKind.VolumeId => value.Length <= step.MaxLength && !ControlText.HasControl(value),
                CheckKind.CanonicalDate => DateFormat.TryReadCanonicalDate(value, out _),
                _ => true,
            };
        return passed && (step.Exclusions is not { } exclusions || !Excluded(exclusions, value));
    }

    // the record's exclusions and a value's, called rather than inlined: the lane's own code stays small enough for the
    // JIT to inline what every record needs (the cut, the trim, the comparisons)
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool MatchesAny(RecordRule[] rules, ReadOnlySpan<char> text) => Matches(rules, text);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Excluded(Pattern[] exclusions, ReadOnlySpan<char> value)
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

    // The plan of the plain lane, or null: the one-pass shape without markers, every field's translations exact ones
    // (or none), every check one FinishOnePass makes itself, and no value exclusion that an absent field's empty
    // value could match.
    private PlainField[]? PlainPlan()
    {
        if (!UsesOnePass || _markers || _checkPlan is null || Array.Exists(_checkPlan, c => c.Kind == CheckKind.General))
        {
            return null;
        }

        var fields = new List<PlainField>();
        for (int i = 0; i < _literals.Length; i++)
        {
            fields.Add(Plain((int)_literals[i].Field, 0, 0, _literalChars[i].AsSpan(0, _literalLength[i]).ToArray(), null, Array.Empty<char[]>()));
        }

        foreach (var step in _onePass!)
        {
            if (step.Rules.Length != 0 && step.Exact is null)
            {
                return null;
            }

            fields.Add(Plain(step.Field, step.Element, step.Length, null, step.Exact, Array.ConvertAll(step.Constants, c => c!)));
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

        // the scope first, then the volume, then what is compared with it
        int Rank(PlainField f) => f.Field switch
        {
            (int)SyncField.Customer => 0,
            (int)SyncField.Media => 1,
            (int)SyncField.Volume => 2,
            _ => 3,
        };
        return fields.Select((f, i) => (f, i)).OrderBy(p => Rank(p.f)).ThenBy(p => p.i).Select(p => p.f).ToArray();

        PlainField Plain(int field, int element, int length, char[]? literal, char[][]? exact, char[][] constants)
        {
            int at = Array.FindIndex(_checkPlan, c => c.Field == field);
            var exclusions = _valueExclusions.Where(e => (int)e.Field == field).Select(e => e.Filter).ToArray();
            return new PlainField(
                field,
                element,
                length,
                literal,
                exact,
                constants,
                at >= 0 ? _checkPlan[at].Kind : CheckKind.General,
                at >= 0 ? _checkPlan[at].MaxLength : 0,
                Array.IndexOf(Required, (SyncField)field) >= 0,
                exclusions.Length == 0 ? null : exclusions);
        }
    }

    // a field of the plain lane: a literal's constant, or an element cut to a length and trimmed, then its exact
    // translations; its check (General here: the field needs none, FinishOnePass's plan does not list it), whether
    // it is required, and its value exclusions
    private readonly record struct PlainField(
        int Field,
        int Element,
        int Length,
        char[]? Literal,
        char[][]? Exact,
        char[][] Constants,
        CheckKind Check,
        int MaxLength,
        bool Required,
        Pattern[]? Exclusions);
}
