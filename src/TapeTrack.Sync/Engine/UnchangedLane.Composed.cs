using System;
using System.Runtime.CompilerServices;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

// The lane composed for the definition's shape (issue 14). Each field of the plain plan is a FieldStep made of three
// structs (how its value is cut, how it is checked, what it is compared with) and the steps are chained in the
// plan's order, Chain<First, Chain<Second, ... End>>. The runtime compiles code for each struct instantiation of
// its own, so the chain is one method of straight-line code for this definition: no loop over the plan, no switch
// on a field's kind, the checks a definition does not make absent. The structs call the very helpers the
// interpreted lane and the import call (RecordImporter.CutForLane, its checks and Rewrite, UnchangedCheck's
// comparisons), so the two lanes cannot answer differently, and the interpreted one stays where code cannot be made
// at run time.
internal sealed partial class UnchangedLane
{
    // what a lane's pass keeps: the scope being read and its key, and the volume once found
    internal struct LaneState
    {
        public LaneState(ScopeOverlay scope, string customer, string media)
        {
            Scope = scope;
            Customer = customer;
            Media = media;
            Volume = null;
        }

        public ScopeOverlay Scope { get; }

        public string Customer { get; }

        public string Media { get; }

        public Volume? Volume { get; set; }
    }

    internal interface IStep
    {
        bool Take(SourceRecord record, ref LaneState state);
    }

    internal interface ICut
    {
        ReadOnlySpan<char> Cut(SourceRecord record);
    }

    internal interface ICheck
    {
        bool Passes(ReadOnlySpan<char> value);
    }

    internal interface ISlot
    {
        bool Take(ReadOnlySpan<char> value, ref LaneState state);
    }

    // the lane made for one definition: one call a record, into the chain's straight-line code, or one call for a row
    // of unchanged records
    internal abstract class Code
    {
        public abstract bool Take(SourceRecord record, ref LaneState state);

        // UnchangedLane.TakeRow for a scope that exists: the loop is here, in the chain's own code, so that the chain
        // is inlined into it whether or not the runtime profiles the calls (the tool turns the dynamic profile off,
        // and .NET Framework has none): no virtual call a record
        public abstract long TakeRow(UnchangedLane lane, RecordBatchReader records, RecordImporter importer, ref LaneState state, Func<Volume, bool>? pending, out SourceRecord record, out bool more);
    }

    internal sealed class Code<TChain> : Code
        where TChain : struct, IStep
    {
        // not readonly, nor the fields of Chain and FieldStep: the compiler would copy a readonly field of a type
        // parameter's type before each call on it (the whole rest of the chain, for every field of every record)
        private TChain _chain;

        public Code(TChain chain) => _chain = chain;

        public override bool Take(SourceRecord record, ref LaneState state) => _chain.Take(record, ref state);

        public override long TakeRow(UnchangedLane lane, RecordBatchReader records, RecordImporter importer, ref LaneState state, Func<Volume, bool>? pending, out SourceRecord record, out bool more)
        {
            long taken = 0;
            while (more = records.TryNext(out record))
            {
                if (!importer.IsPlainRecord(record)
                    || !lane.KeyHolds(record, ref state)
                    || !_chain.Take(record, ref state)
                    || (pending is not null && pending(state.Volume!)))
                {
                    break;
                }

                taken++;
            }

            return taken;
        }
    }

    internal struct Chain<TFirst, TRest> : IStep
        where TFirst : struct, IStep
        where TRest : struct, IStep
    {
        private TFirst _first;
        private TRest _rest;

        public Chain(TFirst first, TRest rest)
        {
            _first = first;
            _rest = rest;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Take(SourceRecord record, ref LaneState state) => _first.Take(record, ref state) && _rest.Take(record, ref state);
    }

    internal readonly struct End : IStep
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Take(SourceRecord record, ref LaneState state) => true;
    }

    // one field: its value cut, checked as RecordImporter.Passes checks it (required, its check, its value exclusions),
    // then compared
    internal struct FieldStep<TCut, TCheck, TSlot> : IStep
        where TCut : struct, ICut
        where TCheck : struct, ICheck
        where TSlot : struct, ISlot
    {
        private TCut _cut;
        private TCheck _check;
        private TSlot _slot;
        private readonly bool _required;
        private readonly Pattern[]? _exclusions;

        // the character a value must start with to be excluded, when the field has one exclusion with such a character
        // (CLN*), tested before the pattern; -1 otherwise
        private readonly int _excludedFirst;

        public FieldStep(TCut cut, TCheck check, TSlot slot, bool required, Pattern[]? exclusions)
        {
            _cut = cut;
            _check = check;
            _slot = slot;
            _required = required;
            _exclusions = exclusions;
            _excludedFirst = exclusions is { Length: 1 } ? exclusions[0].RequiredFirst : -1;
        }

        // inlined into the chain as far as the JIT's budget goes (it keeps a call where the chain grows too long):
        // since the comparisons became two blocks each (ShortText), a field's step is small enough that the calls'
        // saving and restoring of registers cost more than the longer method (issue 14, fourteenth session; measured
        // the other way round while the steps were larger)
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Take(SourceRecord record, ref LaneState state)
        {
            var value = _cut.Cut(record);
            bool passed = value.IsEmpty ? !_required : _check.Passes(value);
            return passed
                && (_exclusions is null || (_excludedFirst >= 0 && !value.IsEmpty && value[0] != _excludedFirst) || !RecordImporter.Excluded(_exclusions, value))
                && _slot.Take(value, ref state);
        }
    }

    // the value: a literal's constant, or the field's element as the one-pass import cuts it
    internal readonly struct LiteralCut : ICut
    {
        private readonly char[] _value;

        public LiteralCut(char[] value) => _value = value;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<char> Cut(SourceRecord record) => _value;
    }

    internal readonly struct ExtractedCut : ICut
    {
        private readonly RecordImporter.OnePassField _step;
        private readonly Scratch _scratch;

        public ExtractedCut(RecordImporter.OnePassField step, Scratch scratch)
        {
            _step = step;
            _scratch = scratch;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<char> Cut(SourceRecord record) => RecordImporter.CutForLane(record, _step, ref _scratch.Chars);
    }

    // an element with no translation: cut and trimmed, a view of the record
    internal readonly struct PlainCut : ICut
    {
        private readonly int _element;
        private readonly int _length;

        public PlainCut(int element, int length)
        {
            _element = element;
            _length = length;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<char> Cut(SourceRecord record)
        {
            var value = record.ElementWithin(_element);
            if (value.Length > _length)
            {
                value = value.Slice(0, _length);
            }

            return RecordImporter.Trimmed(value);
        }
    }

    // an element whose translations are all by exact value to a constant: the constant of the one it matches, or the
    // element itself (cut and trimmed, as RecordImporter.Cut does)
    internal readonly struct ExactCut : ICut
    {
        private readonly PlainCut _plain;
        private readonly char[][] _exact;
        private readonly char[]?[] _constants;

        public ExactCut(PlainCut plain, char[][] exact, char[]?[] constants)
        {
            _plain = plain;
            _exact = exact;
            _constants = constants;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<char> Cut(SourceRecord record)
        {
            var value = _plain.Cut(record);
            int r = RecordImporter.ExactMatch(_exact, value);
            return r < 0 ? value : _constants[r];
        }
    }

    // where a translation of the value is made: one for the lane, each value compared before the next is cut
    internal sealed class Scratch
    {
        public char[] Chars = new char[64];
    }

    // the check of a value that is not empty, one struct for each CheckKind the plain plan has
    internal readonly struct NoCheck : ICheck
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Passes(ReadOnlySpan<char> value) => true;
    }

    internal readonly struct LengthCheck : ICheck
    {
        private readonly int _maxLength;

        public LengthCheck(int maxLength) => _maxLength = maxLength;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Passes(ReadOnlySpan<char> value) => RecordImporter.FitsLength(value, _maxLength);
    }

    internal readonly struct VolumeIdCheck : ICheck
    {
        private readonly int _maxLength;

        public VolumeIdCheck(int maxLength) => _maxLength = maxLength;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Passes(ReadOnlySpan<char> value) => RecordImporter.IsVolumeId(value, _maxLength);
    }

    internal readonly struct CanonicalDateCheck : ICheck
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Passes(ReadOnlySpan<char> value) => DateFormat.TryReadCanonicalDate(value, out _);
    }

    // what a value is compared with: one struct for each slot of UnchangedCheck; the interpreted lane's Probe calls
    // the same ones
    internal readonly struct CustomerSlot : ISlot
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Take(ReadOnlySpan<char> value, ref LaneState state) => ShortText.Same(value, state.Customer.AsSpan());
    }

    internal readonly struct MediaSlot : ISlot
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Take(ReadOnlySpan<char> value, ref LaneState state) => ShortText.Same(value, state.Media.AsSpan());
    }

    internal readonly struct VolumeSlot : ISlot
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Take(ReadOnlySpan<char> value, ref LaneState state)
        {
            bool found = state.Scope.TryGetVolume(value, out var volume);
            state.Volume = volume;
            return found;
        }
    }

    internal readonly struct TargetSlot : ISlot
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Take(ReadOnlySpan<char> value, ref LaneState state) => UnchangedCheck.TargetHolds(value, state.Scope.Scope, state.Volume!);
    }

    internal readonly struct DescriptionSlot : ISlot
    {
        private readonly UnchangedCheck.Entry _entry;

        public DescriptionSlot(UnchangedCheck.Entry entry) => _entry = entry;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Take(ReadOnlySpan<char> value, ref LaneState state) => value.IsEmpty || UnchangedCheck.Agrees(_entry, value, state.Volume!.Description);
    }

    internal readonly struct MoveDateSlot : ISlot
    {
        private readonly UnchangedCheck.Entry _entry;

        public MoveDateSlot(UnchangedCheck.Entry entry) => _entry = entry;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Take(ReadOnlySpan<char> value, ref LaneState state) => value.IsEmpty || UnchangedCheck.Agrees(_entry, value, state.Volume!.MoveDateText);
    }

    // a value Validate rewrites (a move date in another format than yyyy-MM-dd, a flag, a number), rewritten as it
    // does (after the exclusions, which see the value as the report gives it), then compared as its slot compares
    internal struct RewrittenSlot<TSlot> : ISlot
        where TSlot : struct, ISlot
    {
        private readonly RecordImporter.CheckKind _kind;
        private readonly DateFormat? _format;
        private readonly char[] _rewritten;
        private TSlot _slot; // not readonly: see Code<TChain>

        public RewrittenSlot(RecordImporter.CheckKind kind, DateFormat? format, TSlot slot)
        {
            _kind = kind;
            _format = format;
            _rewritten = new char[32];
            _slot = slot;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Take(ReadOnlySpan<char> value, ref LaneState state)
        {
            if (value.IsEmpty)
            {
                return _slot.Take(value, ref state);
            }

            int length = RecordImporter.Rewrite(_kind, _format, value, _rewritten);
            return length >= 0 && _slot.Take(_rewritten.AsSpan(0, length), ref state);
        }
    }

    // the fields most definitions do not give, called rather than inlined
    internal readonly struct RareSlot : ISlot
    {
        private readonly UnchangedCheck.Entry _entry;

        public RareSlot(UnchangedCheck.Entry entry) => _entry = entry;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Take(ReadOnlySpan<char> value, ref LaneState state) => Rare(_entry, value, state);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static bool Rare(in UnchangedCheck.Entry entry, ReadOnlySpan<char> value, in LaneState state) => entry.Slot switch
        {
            UnchangedCheck.Slot.Location => UnchangedCheck.LocationHolds(value, state.Scope.Scope, state.Volume!),
            UnchangedCheck.Slot.None => value.IsEmpty,
            UnchangedCheck.Slot.Ignored => true,
            _ => UnchangedCheck.Holds(entry, value, state.Volume!),
        };
    }
}
