using System;
using System.Diagnostics;
using System.IO;
#if NET8_0_OR_GREATER
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
#endif

namespace TapeTrack.Sync.Records;

/// <summary>
/// Delimited text with RFC 4180 quoting: a field that starts with a quote may hold delimiters, doubled
/// quotes (<c>""</c> for one <c>"</c>) and line breaks; LF or CRLF ends a record. Each record's elements are
/// its unquoted fields; its text is the raw record, and its line number is the line it starts on, so a
/// record with line breaks inside quotes moves the line numbers of the records after it.
/// A record longer than <see cref="TextSourceOptions.MaxRecordLength"/> becomes one record with
/// <see cref="SourceRecord.Problem"/> set, and the rest of it is dropped as it streams in.
/// </summary>
public sealed class DelimitedRecordSource : TextRecordSource
{
    private readonly char _delimiter;
    private char[] _field = new char[256];

    // where the scan of the current record stopped, so a long record is scanned once
    private int _scanned;
    private ScanState _state;
    private int _breaks;

    /// <summary>Creates a source over a stream.</summary>
    /// <param name="stream">The input: a file, standard input (<see cref="Console.OpenStandardInput()"/>), anything readable.</param>
    /// <param name="delimiter">The delimiter, such as <c>,</c> or TAB (<c>'\t'</c>).</param>
    /// <param name="options">Encoding and limits.</param>
    /// <param name="leaveOpen">Whether disposing the source leaves the stream open.</param>
    /// <exception cref="ArgumentException">The delimiter is a quote or a line break.</exception>
    public DelimitedRecordSource(Stream stream, char delimiter, TextSourceOptions? options = null, bool leaveOpen = false)
        : base(stream, options, leaveOpen)
    {
        if (delimiter is '"' or '\r' or '\n')
        {
            throw new ArgumentException("A delimiter cannot be a quote or a line break.", nameof(delimiter));
        }

        _delimiter = delimiter;
    }

    /// <summary>Whether quote-free lines take the vectorised cut (tests turn it off to compare with the general scan).</summary>
    internal bool PlainLineCut { get; set; } = true;

    /// <summary>Whether the vectorised cut takes sixteen characters at a time where the processor can (tests turn it off
    /// to run the eight-at-a-time cut that other processors take).</summary>
    internal bool WideCut { get; set; } = true;

    private enum ScanState
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }

    /// <summary>Opens a delimited file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="delimiter">The delimiter.</param>
    /// <param name="options">Encoding and limits.</param>
    public static DelimitedRecordSource Open(string path, char delimiter, TextSourceOptions? options = null) =>
        new(new SequentialFileStream(path), delimiter, options);

    /// <inheritdoc />
    private protected override bool TryCutRecord(ReadOnlySpan<char> window, bool final, SourceRecord record, out int consumed)
    {
#if NET8_0_OR_GREATER
        // the common record: a line without a quote, cut and split in one vectorised pass, its text not copied
        if (_scanned == 0 && _state == ScanState.FieldStart && PlainLineCut && Vector128.IsHardwareAccelerated && TryCutPlainLine(window, record, out consumed))
        {
            return true;
        }
#endif

        consumed = 0;
        int end = Scan(window);

        // a quote that is never closed costs only its own line (sync.md, "Reading the input"): never closed before
        // the end of the input or within the longest record, or "closed" by a quote of a later line that is not
        // followed by a delimiter or a line end
        if (end == StrayQuote || (end < 0 && _state is ScanState.Quoted && (final || window.Length > MaxRecordLength)))
        {
            return CutStrayQuoteLine(window, final, record, out consumed);
        }

        if (end < 0)
        {
            if (!final || window.Length == 0)
            {
                return false;
            }

            end = window.Length;
        }

        consumed = Math.Min(end + 1, window.Length);
        var raw = window.Slice(0, end);
        if (raw.Length > 0 && raw[raw.Length - 1] == '\r')
        {
            raw = raw.Slice(0, raw.Length - 1);
        }

        record.Reset(NextLine);
        NextLine += _breaks + 1;
        ResetScan();
        if (raw.Length > MaxRecordLength)
        {
            record.SetProblem(TooLongProblem);
            return true;
        }

        if (raw.IndexOf('"') < 0)
        {
            record.SetTextView(WindowArray, WindowStart, raw.Length);
            record.SplitText(_delimiter);
        }
        else
        {
            record.SetText(raw);
            SplitElements(raw, record);
        }

        return true;
    }

#if NET8_0_OR_GREATER
    // Finds the line end and the delimiters of a line in one pass, eight characters at a time (as Sep does over its
    // buffer), each element's bounds written straight into the record's array (no call, and so nothing moved out of
    // the processor's registers, for a block: the array has room for a block's elements, tested once a block); gives
    // up (false, nothing consumed) on a quote, on a line longer than the limit, on a line with more elements than the
    // array holds (which it then doubles for the next lines), and when the window holds no line end (the general scan
    // then takes over, with the same result).
    private bool TryCutPlainLine(ReadOnlySpan<char> window, SourceRecord record, out int consumed)
    {
        if (Vector256.IsHardwareAccelerated && WideCut)
        {
            return TryCutPlainLineWide(window, record, out consumed);
        }

        consumed = 0;
        int limit = Math.Min(window.Length, MaxRecordLength + 2) & ~7;
        ref ushort start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(window));
        var delimiters = Vector128.Create((ushort)_delimiter);
        var lineFeeds = Vector128.Create((ushort)'\n');
        var quotes = Vector128.Create((ushort)'"');
        var bounds = record.ResetForView(NextLine);
        ref int first = ref MemoryMarshal.GetArrayDataReference(bounds);
        int room = RoomBefore(bounds);
        int count = 0;
        int field = 0;
        for (int i = 0; i < limit; i += 8)
        {
            if (count > room)
            {
                record.GrowBounds();
                return false;
            }

            var block = Vector128.LoadUnsafe(ref start, (nuint)i);
            uint lf = Vector128.Equals(block, lineFeeds).ExtractMostSignificantBits();
            uint quote = Vector128.Equals(block, quotes).ExtractMostSignificantBits();
            uint delimiter = Vector128.Equals(block, delimiters).ExtractMostSignificantBits();
            if (lf != 0)
            {
                int offset = BitOperations.TrailingZeroCount(lf);
                uint before = (1u << offset) - 1;
                if ((quote & before) != 0)
                {
                    return false;
                }

                return EndLine(window, record, ref first, bounds.Length, count, delimiter & before, i, offset, field, out consumed);
            }

            if (quote != 0)
            {
                return false;
            }

            field = AddFields(ref first, bounds.Length, ref count, delimiter, i, field);
        }

        return false;
    }

    // TryCutPlainLine sixteen characters at a time, where the processor has 256-bit vectors: a block with neither a
    // line end nor a quote (most of a line) costs one test besides its delimiters
    private bool TryCutPlainLineWide(ReadOnlySpan<char> window, SourceRecord record, out int consumed)
    {
        consumed = 0;
        int limit = Math.Min(window.Length, MaxRecordLength + 2) & ~15;
        ref ushort start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(window));
        var delimiters = Vector256.Create((ushort)_delimiter);
        var lineFeeds = Vector256.Create((ushort)'\n');
        var quotes = Vector256.Create((ushort)'"');
        var bounds = record.ResetForView(NextLine);
        ref int first = ref MemoryMarshal.GetArrayDataReference(bounds);
        int room = RoomBefore(bounds);
        int count = 0;
        int field = 0;
        for (int i = 0; i < limit; i += 16)
        {
            if (count > room)
            {
                record.GrowBounds();
                return false;
            }

            var block = Vector256.LoadUnsafe(ref start, (nuint)i);
            uint delimiter = Vector256.Equals(block, delimiters).ExtractMostSignificantBits();
            var lf = Vector256.Equals(block, lineFeeds);
            var quote = Vector256.Equals(block, quotes);
            if ((lf | quote) == Vector256<ushort>.Zero)
            {
                field = AddFields(ref first, bounds.Length, ref count, delimiter, i, field);
                continue;
            }

            uint lfBits = lf.ExtractMostSignificantBits();
            if (lfBits == 0)
            {
                return false;
            }

            int offset = BitOperations.TrailingZeroCount(lfBits);
            uint before = (1u << offset) - 1;
            if ((quote.ExtractMostSignificantBits() & before) != 0)
            {
                return false;
            }

            return EndLine(window, record, ref first, bounds.Length, count, delimiter & before, i, offset, field, out consumed);
        }

        return false;
    }

    // How many elements a line may have before a block of sixteen characters is cut, so that the block's elements and
    // the line's last one fit in bounds.
    private static int RoomBefore(int[] bounds) => (bounds.Length / 2) - 17;

    // The line end found at offset of the block at: the block's delimiters before it, the last element and the text
    // (false, nothing consumed, for a line longer than the limit: the general scan then takes it)
    private bool EndLine(ReadOnlySpan<char> window, SourceRecord record, ref int bounds, int capacity, int count, uint delimiters, int at, int offset, int field, out int consumed)
    {
        consumed = 0;
        int end = at + offset;
        int length = end > 0 && window[end - 1] == '\r' ? end - 1 : end;
        if (length > MaxRecordLength)
        {
            return false;
        }

        field = AddFields(ref bounds, capacity, ref count, delimiters, at, field);
        Debug.Assert((count * 2) + 1 < capacity, "the line's last element has room");
        Unsafe.Add(ref bounds, count * 2) = field;
        Unsafe.Add(ref bounds, (count * 2) + 1) = Math.Max(0, length - field);
        record.SetElementsWritten(count + 1);
        record.SetTextView(WindowArray, WindowStart, length);
        NextLine++;
        consumed = end + 1;
        return true;
    }

    // Each delimiter of a block (a mask of its characters from at) ends an element: its bounds written at count, into
    // bounds of capacity ints, which the caller has seen to have room for sixteen more elements.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddFields(ref int bounds, int capacity, ref int count, uint delimiters, int at, int field)
    {
        while (delimiters != 0)
        {
            Debug.Assert((count * 2) + 1 < capacity, "the block's elements have room");
            int position = at + BitOperations.TrailingZeroCount(delimiters);
            delimiters &= delimiters - 1;
            Unsafe.Add(ref bounds, count * 2) = field;
            Unsafe.Add(ref bounds, (count * 2) + 1) = position - field;
            count++;
            field = position + 1;
        }

        return field;
    }
#endif

    // The record is the line the quote opened on, an error; reading resumes at the next line.
    private bool CutStrayQuoteLine(ReadOnlySpan<char> window, bool final, SourceRecord record, out int consumed)
    {
        int lf = window.IndexOf('\n');
        if (lf < 0 && !final)
        {
            consumed = 0;
            return false;
        }

        consumed = lf < 0 ? window.Length : lf + 1;
        var raw = lf < 0 ? window : window.Slice(0, lf);
        if (raw.Length > 0 && raw[raw.Length - 1] == '\r')
        {
            raw = raw.Slice(0, raw.Length - 1);
        }

        record.Reset(NextLine);
        NextLine++;
        ResetScan();
        if (raw.Length > MaxRecordLength)
        {
            record.SetProblem(TooLongProblem);
            return true;
        }

        record.SetText(raw);
        SplitElements(raw, record);
        record.SetProblem("a quote opened on this line is never closed (a stray quote?); the line is skipped");
        return true;
    }

    /// <inheritdoc />
    private protected override bool TrySkipRecord(ReadOnlySpan<char> window, bool final, out int consumed)
    {
        int end = Scan(window);
        if (end >= 0)
        {
            consumed = end + 1;
            NextLine += _breaks + 1;
            ResetScan();
            return true;
        }

        if (_breaks == 0)
        {
            consumed = window.Length;
            _scanned = 0;
            if (!final)
            {
                return false;
            }

            NextLine++;
            ResetScan();
            return true;
        }

        // A line break inside quotes: as for a record within the limit, a quote never closed within the longest
        // record (or "closed" by a stray quote) costs only the line it opened on, so the window is kept from the
        // first line end on until the quote is decided; every line end of the record so far is inside quotes.
        int lineEnd = window.IndexOf('\n');
        if (end == StrayQuote || final || window.Length - lineEnd > MaxRecordLength)
        {
            consumed = lineEnd + 1;
            NextLine++;
            ResetScan();
            return true;
        }

        consumed = lineEnd;
        _scanned -= lineEnd;
        return false;
    }

    /// <inheritdoc />
    private protected override void ScanAgain() => ResetScan();

    private void ResetScan()
    {
        _scanned = 0;
        _state = ScanState.FieldStart;
        _breaks = 0;
    }

    // Scan's answer for a quoted field that spanned lines and "closed" on a quote not followed by a delimiter or a line end.
    private const int StrayQuote = -2;

    // Returns the index of the LF that ends the record, -1 (the state is kept for the next call) or StrayQuote.
    private int Scan(ReadOnlySpan<char> window)
    {
        // the common record: no quote before the line end, so the line is the record (one vectorised search)
        if (_scanned == 0 && _state == ScanState.FieldStart)
        {
            int hit = window.IndexOfAny('"', '\n');
            if (hit >= 0 && window[hit] == '\n')
            {
                return hit;
            }
        }

        var state = _state;
        char delimiter = _delimiter;
        int i = _scanned;
        for (; i < window.Length; i++)
        {
            char c = window[i];
            switch (state)
            {
                case ScanState.Quoted:
                    if (c == '"')
                    {
                        state = ScanState.QuoteInQuoted;
                    }
                    else if (c == '\n')
                    {
                        _breaks++;
                    }

                    continue;
                case ScanState.FieldStart when c == '"':
                    state = ScanState.Quoted;
                    continue;
                case ScanState.QuoteInQuoted when c == '"':
                    state = ScanState.Quoted;
                    continue;
                case ScanState.QuoteInQuoted when _breaks > 0 && c != delimiter && c != '\r' && c != '\n':
                    _state = state;
                    _scanned = i;
                    return StrayQuote;
            }

            if (c == '\n')
            {
                _state = state;
                _scanned = i;
                return i;
            }

            if (c == delimiter)
            {
                state = ScanState.FieldStart;
                continue;
            }

            // inside an unquoted field only the delimiter and LF matter: jump to the next one
            state = ScanState.Unquoted;
            int next = window.Slice(i + 1).IndexOfAny(delimiter, '\n');
            if (next < 0)
            {
                i = window.Length;
                break;
            }

            i += next;
        }

        _state = state;
        _scanned = i;
        return -1;
    }

    private void SplitElements(ReadOnlySpan<char> raw, SourceRecord record)
    {
        if (_field.Length < raw.Length)
        {
            _field = new char[Math.Max(raw.Length, _field.Length * 2)];
        }

        var field = _field;
        int i = 0;
        while (true)
        {
            int length = 0;
            if (i < raw.Length && raw[i] == '"')
            {
                i++;
                while (i < raw.Length)
                {
                    char c = raw[i++];
                    if (c == '"')
                    {
                        if (i < raw.Length && raw[i] == '"')
                        {
                            field[length++] = '"';
                            i++;
                            continue;
                        }

                        break;
                    }

                    field[length++] = c;
                }
            }

            // an unquoted field, or what follows a closing quote, is kept as written
            int next = raw.Slice(i).IndexOf(_delimiter);
            var rest = next < 0 ? raw.Slice(i) : raw.Slice(i, next);
            rest.CopyTo(field.AsSpan(length));
            length += rest.Length;
            i += rest.Length;
            record.AddElement(field.AsSpan(0, length));
            if (i >= raw.Length)
            {
                break;
            }

            i++; // the delimiter
        }
    }
}
