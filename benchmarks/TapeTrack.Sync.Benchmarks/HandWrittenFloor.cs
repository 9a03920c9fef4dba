using System;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Benchmarks;

/// <summary>
/// The least a sync of the report must do, written by hand for its one definition, and the rungs from there
/// up to the product (<c>--floor</c>, docs/performance.md): not a contender of the product but a measure of what any
/// sync can reach on a machine, and of where the product's time goes above it.
/// <para>The floor (<see cref="Rung.Floor"/>): one pass over the file's bytes (no UTF-16; 32 bytes at a time for the
/// commas and the line end, as Sep does), the heading and the cleaning cartridges skipped by their first bytes, each
/// scope downloaded once into the product's own cached scope, each volume found by the guess of the next one, and its
/// target (the location translated), description and move date compared as bytes with the cached strings. It checks
/// nothing the report could get wrong, so no sync that compares the report with the server can be faster.</para>
/// <para>Each rung above adds one thing the product does, still by hand: the line in UTF-16; the run's view of the
/// scope (<see cref="ScopeOverlay"/>) and the check that the target is one of the media's repositories; the checks the
/// definition asks for (the heading's exclusion by pattern, lengths, trimming, control characters, the cleaning
/// cartridges' exclusion by pattern, the move date read); the values taken from a <see cref="SourceRecord"/>; and
/// last the product's own lane (<see cref="UnchangedLane"/>) deciding on that record.</para>
/// </summary>
public static class HandWrittenFloor
{
    private const int Columns = 7;
    private static readonly Pattern Heading = Pattern.Parse("volume*");
    private static readonly Pattern Cleaning = Pattern.Parse("CLN*");

    /// <summary>What a run does above the floor.</summary>
    public enum Rung
    {
        /// <summary>Bytes compared with the cached volume; nothing checked.</summary>
        Floor,

        /// <summary>The line in UTF-16, the values compared as characters.</summary>
        Utf16,

        /// <summary>And the volume found through the run's view of the scope, the target checked to be the media's.</summary>
        Overlay,

        /// <summary>And the definition's checks: the heading by pattern, lengths, trimming, control characters, the
        /// cleaning cartridges by pattern, the move date read.</summary>
        Checks,

        /// <summary>And the values taken from a <see cref="SourceRecord"/> filled as the product's reader fills it.</summary>
        Record,

        /// <summary>The product's lane deciding on that record instead of the code written by hand.</summary>
        Lane,
    }

    /// <summary>How many of the report's volumes agree with the server in target, description and move date, read at
    /// <paramref name="rung"/>.</summary>
    public static long Run(Workload workload, IServerSession session, Rung rung = Rung.Floor)
    {
        var state = new State(session, rung);
        using var stream = new FileStream(workload.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[256 * 1024];
        int end = 0;
        while (true)
        {
            int read = stream.Read(buffer, end, buffer.Length - end);
            end += read;
            int used = Lines(buffer, end, final: read == 0, state);
            if (read == 0)
            {
                return state.Unchanged;
            }

            // the line the buffer ends in, moved to its start
            Buffer.BlockCopy(buffer, used, buffer, 0, end - used);
            end -= used;
        }
    }

    // every complete line of buffer[..end] (and the last one at the end of the file): where the first line not taken starts
    private static int Lines(byte[] buffer, int end, bool final, State state)
    {
        Span<int> bounds = stackalloc int[Columns * 2];
        ref byte origin = ref MemoryMarshal.GetArrayDataReference(buffer);
        var commas = Vector256.Create((byte)',');
        var lineFeeds = Vector256.Create((byte)'\n');
        int start = 0;
        while (start < end)
        {
            int count = 0, field = start, lineEnd = -1, i = start;
            for (; i + 32 <= end; i += 32)
            {
                var block = Vector256.LoadUnsafe(ref origin, (nuint)i);
                uint comma = Vector256.Equals(block, commas).ExtractMostSignificantBits();
                uint lf = Vector256.Equals(block, lineFeeds).ExtractMostSignificantBits();
                if (lf != 0)
                {
                    int offset = BitOperations.TrailingZeroCount(lf);
                    comma &= (1u << offset) - 1;
                    lineEnd = i + offset;
                }

                while (comma != 0 && count < Columns - 1)
                {
                    int position = i + BitOperations.TrailingZeroCount(comma);
                    comma &= comma - 1;
                    bounds[count * 2] = field - start;
                    bounds[(count * 2) + 1] = position - field;
                    count++;
                    field = position + 1;
                }

                if (lineEnd >= 0)
                {
                    break;
                }
            }

            if (lineEnd < 0)
            {
                // the rest of the buffer, fewer than 32 bytes from its end: one byte at a time
                for (; i < end; i++)
                {
                    if (buffer[i] == '\n')
                    {
                        lineEnd = i;
                        break;
                    }

                    if (buffer[i] == ',' && count < Columns - 1)
                    {
                        bounds[count * 2] = field - start;
                        bounds[(count * 2) + 1] = i - field;
                        count++;
                        field = i + 1;
                    }
                }

                if (lineEnd < 0)
                {
                    if (!final)
                    {
                        return start;
                    }

                    lineEnd = end;
                }
            }

            bounds[count * 2] = field - start;
            bounds[(count * 2) + 1] = lineEnd - field;
            count++;
            var line = buffer.AsSpan(start, lineEnd - start);
            start = lineEnd + 1;
            if (count == Columns && !line.IsEmpty)
            {
                state.Take(line, bounds);
            }
        }

        return start;
    }

    // one run's scope, and each line's decision at the run's rung
    private sealed class State(IServerSession session, Rung rung)
    {
        private readonly char[] _line = new char[1024];
        private readonly SourceRecord _record = new();
        private readonly RecordImporter _importer = new(Workload.Definition());
        private readonly UnchangedLane _lane = UnchangedLane.Create(new RecordImporter(Workload.Definition()), new UnchangedCheck(Workload.Definition(), Workload.Options()))!;
        private byte[] _customer = Array.Empty<byte>();
        private ScopeKey _key;
        private CachedScope? _scope;
        private ScopeOverlay? _overlay;
        private int _next;

        public long Unchanged { get; private set; }

        public void Take(ReadOnlySpan<byte> line, ReadOnlySpan<int> bounds)
        {
            if (rung == Rung.Floor && line.StartsWith("volume"u8))
            {
                return;
            }

            var customer = line.Slice(bounds[4], bounds[5]);
            if (!customer.SequenceEqual(_customer))
            {
                if (rung > Rung.Floor && line.StartsWith("volume"u8))
                {
                    // the heading, which the checks above the floor reject by its pattern: it enters no scope
                    return;
                }

                _customer = customer.ToArray();
                _key = new ScopeKey(Encoding.ASCII.GetString(_customer), Workload.Media);
                _scope = new CachedScope(session.DownloadScopeAsync(_key).AsTask().GetAwaiter().GetResult());
                _overlay = new ScopeOverlay(_scope);
                _next = 0;
            }

            bool unchanged = rung switch
            {
                Rung.Floor => Bytes(line, bounds),
                _ => Characters(line, bounds),
            };
            Unchanged += unchanged ? 1 : 0;
        }

        private bool Bytes(ReadOnlySpan<byte> line, ReadOnlySpan<int> bounds)
        {
            var volume = line.Slice(bounds[0], bounds[1]);
            if (volume.StartsWith("CLN"u8) || volume.Length > _line.Length)
            {
                return false;
            }

            int length = Encoding.Latin1.GetChars(volume, _line);
            if (!_scope!.TryGetVolume(_line.AsSpan(0, length), ref _next, out var cached))
            {
                return false;
            }

            var location = line.Slice(bounds[8], bounds[9]);
            string? target = location.SequenceEqual("Library"u8) ? "LIBR"
                : location.SequenceEqual("Offsite"u8) ? "OFFS"
                : location.SequenceEqual("Racking"u8) ? "RACK" : null;
            bool sameTarget = target is null ? !location.IsEmpty && Ascii.Equals(location, cached.Target) : string.Equals(target, cached.Target, StringComparison.Ordinal);
            return sameTarget
                && Ascii.Equals(line.Slice(bounds[10], bounds[11]), cached.Description)
                && Ascii.Equals(line.Slice(bounds[12], bounds[13]), cached.MoveDateText);
        }

        private bool Characters(ReadOnlySpan<byte> bytes, ReadOnlySpan<int> bounds)
        {
            if (bytes.Length > _line.Length)
            {
                return false;
            }

            int length = Encoding.Latin1.GetChars(bytes, _line);
            if (rung >= Rung.Record)
            {
                // filled as the product's reader fills it: the bounds written into the record's array, then their number
                bounds.CopyTo(_record.ResetForView(2));
                _record.SetElementsWritten(Columns);
                _record.SetTextView(_line, 0, length);

                return rung == Rung.Lane ? _lane.IsUnchanged(_record, _importer, _overlay!, _key, out _) : FromRecord(_record, _overlay!);
            }

            ReadOnlySpan<char> text = _line.AsSpan(0, length);
            var volume = Element(text, bounds, 0);
            var location = Element(text, bounds, 4);
            var description = Element(text, bounds, 5);
            var date = Element(text, bounds, 6);
            return rung == Rung.Checks ? Checked(text, volume, location, description, date, _overlay!) : Unchecked(volume, location, description, date);
        }

        // the floor's decision in UTF-16 (and through the overlay, with the repository checked, from Rung.Overlay on)
        private bool Unchecked(ReadOnlySpan<char> volume, ReadOnlySpan<char> location, ReadOnlySpan<char> description, ReadOnlySpan<char> date)
        {
            if (volume.StartsWith("CLN") || !Find(volume, out var cached))
            {
                return false;
            }

            return Translated(location).SequenceEqual(cached.Target)
                && (rung < Rung.Overlay || _scope!.HasRepository(cached.Target))
                && description.SequenceEqual(cached.Description) && date.SequenceEqual(cached.MoveDateText);
        }

        private bool Find(ReadOnlySpan<char> volume, out Volume cached)
        {
            if (rung >= Rung.Overlay)
            {
                bool found = _overlay!.TryGetVolume(volume, out var seen);
                cached = seen!;
                return found;
            }

            return _scope!.TryGetVolume(volume, ref _next, out cached);
        }

        private static ReadOnlySpan<char> Element(ReadOnlySpan<char> text, ReadOnlySpan<int> bounds, int i) => text.Slice(bounds[i * 2], bounds[(i * 2) + 1]);
    }

    /// <summary>The report's definition decided on a record by code written for it alone (<see cref="Rung.Record"/>; the
    /// customer is the scope's, which the floor's own scope switch has seen to): the checks of <see cref="Checked"/>.</summary>
    internal static bool FromRecord(SourceRecord record, ScopeOverlay overlay) =>
        record.ElementCount >= Columns && Checked(record.Text, record.GetElement(1), record.GetElement(5), record.GetElement(6), record.GetElement(7), overlay);

    /// <summary>The element of the report's customer (its family column), cut and trimmed as the definition extracts it.</summary>
    internal static ReadOnlySpan<char> CustomerOf(SourceRecord record) => Trim(Cut(record.GetElement(3), 4));

    // The checks the report's definition asks for, as the product makes them (the heading's exclusion, lengths,
    // trimming, a volume id's control characters, the cleaning cartridges' exclusion, the move date read), then the
    // comparisons with the volume found through the run's overlay (translated target, description, move date).
    private static bool Checked(ReadOnlySpan<char> text, ReadOnlySpan<char> volume, ReadOnlySpan<char> location, ReadOnlySpan<char> description, ReadOnlySpan<char> date, ScopeOverlay overlay)
    {
        if (text.IsEmpty || char.IsWhiteSpace(text[0]) || Heading.IsMatch(text))
        {
            return false;
        }

        volume = Trim(Cut(volume, 10));
        if (volume.IsEmpty || ControlText.HasControl(volume) || Cleaning.IsMatch(volume) || !overlay.TryGetVolume(volume, out var cached))
        {
            return false;
        }

        location = Trim(Cut(location, 20));
        description = Trim(Cut(description, 40));
        date = Trim(Cut(date, 10));
        if (!date.IsEmpty && !DateFormat.TryReadCanonicalDate(date, out _))
        {
            return false;
        }

        var target = Translated(location);
        return (target.IsEmpty || (target.SequenceEqual(cached!.Target) && overlay.Scope.HasRepository(cached.Target)))
            && (description.IsEmpty || description.SequenceEqual(cached!.Description))
            && (date.IsEmpty || date.SequenceEqual(cached!.MoveDateText));
    }

    private static ReadOnlySpan<char> Translated(ReadOnlySpan<char> location) =>
        location.SequenceEqual("Library") ? "LIBR" : location.SequenceEqual("Offsite") ? "OFFS" : location.SequenceEqual("Racking") ? "RACK" : location;

    private static ReadOnlySpan<char> Cut(ReadOnlySpan<char> value, int length) => value.Length > length ? value.Slice(0, length) : value;

    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> value) =>
        value.IsEmpty || (uint)(value[value.Length - 1] - '!') <= '~' - '!' ? value : value.TrimEnd();
}
