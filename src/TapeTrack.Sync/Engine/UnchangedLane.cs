using System;
using System.Runtime.CompilerServices;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

// The most common record of a nightly run, in one pass (issue 14): a plain body record of the scope being read whose
// values the volume already holds. The importer cuts, trims and translates each value and hands it straight to the
// comparison, customer and media first, then the volume's id, then the rest, and the first value that does not agree
// ends the pass. It answers true exactly when importing the record, finding its volume and UnchangedCheck would:
// a false answer changes nothing, and the caller takes the record the usual way. The pass is code composed for the
// definition's shape (UnchangedLane.Composed.cs) where the runtime can make code, and the importer's interpreted plan
// with a Probe otherwise; both call the same cut, checks and comparisons. The composed lane decides the literals of
// CUSTOMER and MEDIA (a definition for one customer's tapes) once for each scope key rather than for every record:
// their answer depends on nothing else.
internal sealed partial class UnchangedLane
{
    private readonly RecordImporter.PlainField[] _plan;
    private readonly UnchangedCheck.Entry[] _entries;
    private readonly Code? _code;

    // the literals of CUSTOMER and MEDIA, composed apart: their answer depends on the scope's key alone, so it is
    // worked out when the key changes, not for every record (null when the definition has none, or the lane is
    // interpreted)
    private readonly Code? _keyCode;
    private string? _keyCustomer;
    private string? _keyMedia;
    private bool _keyHolds;

    private UnchangedLane(RecordImporter.PlainField[] plan, UnchangedCheck.Entry[] entries, Code? code, Code? keyCode)
    {
        _plan = plan;
        _entries = entries;
        _code = code;
        _keyCode = keyCode;
    }

    /// <summary>Whether the lane is the one composed for the definition (see UnchangedLane.Composed.cs), not the
    /// interpreted one.</summary>
    internal bool IsComposed => _code is not null;

    /// <summary>How each field of the composed lane cuts its value, in the plan's order (for tests): the name of its cut
    /// struct, such as PlainCut; empty for the interpreted lane.</summary>
    internal string[] Cuts => _code is null ? Array.Empty<string>() : Array.ConvertAll(_plan, f => CutOf(f, new Scratch()).Item1.Name);

    /// <summary>The lane for this importer and check, or null when the definition or the options have none: composed
    /// for the definition's shape when the runtime can make code (and <paramref name="composed"/>), interpreted
    /// otherwise.</summary>
    public static UnchangedLane? Create(RecordImporter importer, UnchangedCheck check, bool composed = true)
    {
        if (!check.Enabled || importer.PreparePlain() is not { } plan)
        {
            return null;
        }

        var entries = check.EntriesFor(Array.ConvertAll(plan, f => (SyncField)f.Field));
        var (code, keyCode) = composed ? Compose(plan, entries, importer.MoveDateFormat) : (null, null);
        return new UnchangedLane(plan, entries, code, keyCode);
    }

    /// <summary>Whether <paramref name="record"/> is a body record of <paramref name="key"/>'s scope that changes nothing of
    /// its volume as <paramref name="scope"/> has it now; the volume comes back to be checked against the run's pending
    /// changes. The importer has not counted the record: <see cref="RecordImporter.CountPlain"/> does.</summary>
    public bool IsUnchanged(SourceRecord record, RecordImporter importer, ScopeOverlay scope, in ScopeKey key, out Volume? volume)
    {
        var state = new LaneState(scope, key.Customer, key.Media);
        bool unchanged;
        if (_code is { } code)
        {
            unchanged = scope.Scope.Exists && importer.IsPlainRecord(record) && KeyHolds(record, ref state) && code.Take(record, ref state);
            volume = state.Volume;
            return unchanged;
        }

        var probe = new Probe(_entries, state);
        unchanged = scope.Scope.Exists && importer.TryImportPlain(record, ref probe);
        volume = probe.State.Volume;
        return unchanged;
    }

    /// <summary>Takes the batch's records that come next for as long as each is unchanged, as <see cref="IsUnchanged"/>
    /// answers, and its volume has no change pending (<paramref name="pending"/>, null when no volume has one); returns how
    /// many it took. <paramref name="record"/> is then the first record it did not take, to be taken the usual way
    /// (<paramref name="more"/> true), or the batch is over (<paramref name="more"/> false). The importer has not
    /// counted the records it took: <see cref="RecordImporter.CountPlain"/> does.</summary>
    public long TakeRow(RecordBatchReader records, RecordImporter importer, ScopeOverlay scope, in ScopeKey key, Func<Volume, bool>? pending, out SourceRecord record, out bool more)
    {
        if (_code is { } code && scope.Scope.Exists)
        {
            var state = new LaneState(scope, key.Customer, key.Media);
            return code.TakeRow(this, records, importer, ref state, pending, out record, out more);
        }

        long taken = 0;
        while (more = records.TryNext(out record))
        {
            if (!IsUnchanged(record, importer, scope, key, out var volume) || (pending is not null && pending(volume!)))
            {
                break;
            }

            taken++;
        }

        return taken;
    }

    // Whether the literals of CUSTOMER and MEDIA hold for the scope's key: worked out again only when the key is
    // another (its strings are the same instances for every record of a scope).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool KeyHolds(SourceRecord record, ref LaneState state)
    {
        if (_keyCode is null)
        {
            return true;
        }

        if (!ReferenceEquals(state.Customer, _keyCustomer) || !ReferenceEquals(state.Media, _keyMedia))
        {
            _keyHolds = _keyCode.Take(record, ref state);
            _keyCustomer = state.Customer;
            _keyMedia = state.Media;
        }

        return _keyHolds;
    }

    // The code composed for the plan: the fields compared for every record, and apart the literals of CUSTOMER and
    // MEDIA (null when there are none); both null when this runtime cannot make code at run time (ahead-of-time
    // compiled), where the interpreted lane answers instead.
    private static (Code? Each, Code? Key) Compose(RecordImporter.PlainField[] plan, UnchangedCheck.Entry[] entries, DateFormat? moveDateFormat)
    {
#if NET8_0_OR_GREATER
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            return (null, null);
        }
#endif
        try
        {
            var scratch = new Scratch();
            bool IsKeyLiteral(int f) => plan[f].Literal is not null && (entries[f].Slot is UnchangedCheck.Slot.Customer or UnchangedCheck.Slot.Media);
            return (Composition(plan, entries, moveDateFormat, scratch, f => !IsKeyLiteral(f)) ?? new Code<End>(default), Composition(plan, entries, moveDateFormat, scratch, IsKeyLiteral));
        }
        catch (NotSupportedException)
        {
            return (null, null);
        }
    }

    // the plan's fields that include takes, each field's structs chosen by its value, check and slot, chained in the
    // plan's order; null when it takes none
    private static Code? Composition(RecordImporter.PlainField[] plan, UnchangedCheck.Entry[] entries, DateFormat? moveDateFormat, Scratch scratch, Func<int, bool> include)
    {
        var chainType = typeof(End);
        object chain = default(End);
        bool any = false;
        for (int f = plan.Length - 1; f >= 0; f--)
        {
            if (!include(f))
            {
                continue;
            }

            any = true;

            ref readonly var field = ref plan[f];
            var (cutType, cut) = CutOf(field, scratch);
            var (checkType, check) = field.Check switch
            {
                RecordImporter.CheckKind.None => (typeof(NoCheck), (object)default(NoCheck)),
                RecordImporter.CheckKind.Length => (typeof(LengthCheck), new LengthCheck(field.MaxLength)),
                RecordImporter.CheckKind.VolumeId => (typeof(VolumeIdCheck), new VolumeIdCheck(field.MaxLength)),
                RecordImporter.CheckKind.CanonicalDate => (typeof(CanonicalDateCheck), default(CanonicalDateCheck)),
                _ => throw new InvalidOperationException("the plain plan has a check only the general validation makes"),
            };
            var entry = entries[f];
            var (slotType, slot) = entry.Slot switch
            {
                UnchangedCheck.Slot.Customer => (typeof(CustomerSlot), (object)default(CustomerSlot)),
                UnchangedCheck.Slot.Media => (typeof(MediaSlot), default(MediaSlot)),
                UnchangedCheck.Slot.Volume => (typeof(VolumeSlot), default(VolumeSlot)),
                UnchangedCheck.Slot.Target => (typeof(TargetSlot), default(TargetSlot)),
                UnchangedCheck.Slot.Description => (typeof(DescriptionSlot), new DescriptionSlot(entry)),
                UnchangedCheck.Slot.MoveDate => (typeof(MoveDateSlot), new MoveDateSlot(entry)),
                _ => (typeof(RareSlot), new RareSlot(entry)),
            };
            if (field.Rewritten != RecordImporter.CheckKind.None)
            {
                // the value Validate rewrites, rewritten before its slot compares it
                var rewrittenType = typeof(RewrittenSlot<>).MakeGenericType(slotType);
                slot = Activator.CreateInstance(rewrittenType, field.Rewritten, moveDateFormat, slot)!;
                slotType = rewrittenType;
            }

            var stepType = typeof(FieldStep<,,>).MakeGenericType(cutType, checkType, slotType);
            object step = Activator.CreateInstance(stepType, cut, check, slot, field.Required, field.Exclusions)!;
            var linked = typeof(Chain<,>).MakeGenericType(stepType, chainType);
            chain = Activator.CreateInstance(linked, step, chain)!;
            chainType = linked;
        }

        return any ? (Code)Activator.CreateInstance(typeof(Code<>).MakeGenericType(chainType), chain)! : null;
    }

    // How a field's value is cut: a literal's constant; an element with no translation, or with translations by exact
    // value alone, cut by code for that case (the record has every element the definition reads: IsPlainRecord); any
    // other as the one-pass import cuts it.
    private static (Type, object) CutOf(in RecordImporter.PlainField field, Scratch scratch)
    {
        if (field.Literal is { } literal)
        {
            return (typeof(LiteralCut), new LiteralCut(literal));
        }

        var extracted = field.Extracted;
        if (extracted.Element > 0)
        {
            var plain = new PlainCut(extracted.Element, extracted.Length);
            if (extracted.Exact is { } exact)
            {
                return (typeof(ExactCut), new ExactCut(plain, exact, extracted.Constants));
            }

            if (extracted.Rules.Length == 0)
            {
                return (typeof(PlainCut), plain);
            }
        }

        return (typeof(ExtractedCut), new ExtractedCut(extracted, scratch));
    }

    // the interpreted lane: each value as the importer makes it, compared by the slot its entry names (the same
    // slot structs the composed lane is made of)
    private struct Probe : IPlainRecordConsumer
    {
        private readonly UnchangedCheck.Entry[] _entries;
        private LaneState _state;

        public Probe(UnchangedCheck.Entry[] entries, LaneState state)
        {
            _entries = entries;
            _state = state;
        }

        public readonly LaneState State => _state;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Take(int field, ReadOnlySpan<char> value)
        {
            ref readonly var entry = ref _entries[field];
            switch (entry.Slot)
            {
                case UnchangedCheck.Slot.Customer:
                    return default(CustomerSlot).Take(value, ref _state);
                case UnchangedCheck.Slot.Media:
                    return default(MediaSlot).Take(value, ref _state);
                case UnchangedCheck.Slot.Volume:
                    return default(VolumeSlot).Take(value, ref _state);
                case UnchangedCheck.Slot.Target:
                    return default(TargetSlot).Take(value, ref _state);
                case UnchangedCheck.Slot.Description:
                    return new DescriptionSlot(entry).Take(value, ref _state);
                case UnchangedCheck.Slot.MoveDate:
                    return new MoveDateSlot(entry).Take(value, ref _state);
                default:
                    return new RareSlot(entry).Take(value, ref _state);
            }
        }
    }
}
