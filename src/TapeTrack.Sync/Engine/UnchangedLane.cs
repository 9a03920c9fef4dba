using System;
using System.Runtime.CompilerServices;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

// The most common record of a nightly run, in one pass (issue 14): a plain body record of the scope being read whose
// values the volume already holds. The importer cuts, trims and translates each value and hands it straight to the
// comparison, customer and media first, then the volume's id, then the rest, and the first value that does not agree
// ends the pass. It answers true exactly when importing the record, finding its volume and UnchangedCheck would:
// a false answer changes nothing, and the caller takes the record the usual way.
internal sealed class UnchangedLane
{
    private readonly UnchangedCheck.Entry[] _entries;

    private UnchangedLane(UnchangedCheck.Entry[] entries) => _entries = entries;

    /// <summary>The lane for this importer and check, or null when the definition or the options have none.</summary>
    public static UnchangedLane? Create(RecordImporter importer, UnchangedCheck check) =>
        check.Enabled && importer.PreparePlain() is { } fields ? new UnchangedLane(check.EntriesFor(fields)) : null;

    /// <summary>Whether <paramref name="record"/> is a body record of <paramref name="key"/>'s scope that changes nothing of
    /// its volume as <paramref name="scope"/> has it now; the volume comes back to be checked against the run's pending
    /// changes. The importer has not counted the record: <see cref="RecordImporter.CountPlain"/> does.</summary>
    public bool IsUnchanged(SourceRecord record, RecordImporter importer, ScopeOverlay scope, in ScopeKey key, out Volume? volume)
    {
        var probe = new Probe(_entries, scope, key.Customer, key.Media);
        bool unchanged = scope.Scope.Exists && importer.TryImportPlain(record, ref probe);
        volume = probe.Volume;
        return unchanged;
    }

    // the comparison of each value as the importer makes it
    private struct Probe : IPlainRecordConsumer
    {
        private readonly UnchangedCheck.Entry[] _entries;
        private readonly ScopeOverlay _scope;
        private readonly string _customer;
        private readonly string _media;

        public Probe(UnchangedCheck.Entry[] entries, ScopeOverlay scope, string customer, string media)
        {
            _entries = entries;
            _scope = scope;
            _customer = customer;
            _media = media;
            Volume = null;
        }

        public Volume? Volume { get; private set; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Take(int field, ReadOnlySpan<char> value)
        {
            ref readonly var entry = ref _entries[field];
            switch (entry.Slot)
            {
                case UnchangedCheck.Slot.Customer:
                    return value.SequenceEqual(_customer.AsSpan());
                case UnchangedCheck.Slot.Media:
                    return value.SequenceEqual(_media.AsSpan());
                case UnchangedCheck.Slot.Volume:
                    bool found = _scope.TryGetVolume(value, out var volume);
                    Volume = volume;
                    return found;
                case UnchangedCheck.Slot.Target:
                    return UnchangedCheck.TargetHolds(value, _scope.Scope, Volume!);
                case UnchangedCheck.Slot.Description:
                    return value.IsEmpty || UnchangedCheck.Agrees(entry, value, Volume!.Description);
                case UnchangedCheck.Slot.MoveDate:
                    return value.IsEmpty || UnchangedCheck.Agrees(entry, value, Volume!.MoveDateText);
                default:
                    return Rare(entry, value);
            }
        }

        // the fields most definitions do not give, out of the hot path's code
        [MethodImpl(MethodImplOptions.NoInlining)]
        private readonly bool Rare(in UnchangedCheck.Entry entry, ReadOnlySpan<char> value) => entry.Slot switch
        {
            UnchangedCheck.Slot.Location => UnchangedCheck.LocationHolds(value, _scope.Scope, Volume!),
            UnchangedCheck.Slot.None => value.IsEmpty,
            UnchangedCheck.Slot.Ignored => true,
            _ => UnchangedCheck.Holds(entry, value, Volume!),
        };
    }
}
