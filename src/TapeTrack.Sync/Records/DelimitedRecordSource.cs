using System;
using System.IO;

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
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan), delimiter, options);

    /// <inheritdoc />
    protected override bool TryCutRecord(ReadOnlySpan<char> window, bool final, SourceRecord record, out int consumed)
    {
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

        record.SetText(raw);
        SplitElements(raw, record);
        return true;
    }

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
    protected override bool TrySkipRecord(ReadOnlySpan<char> window, bool final, out int consumed)
    {
        int end = Scan(window);
        if (end < 0)
        {
            consumed = window.Length;
            _scanned = 0;
            if (!final)
            {
                return false;
            }
        }
        else
        {
            consumed = end + 1;
        }

        NextLine += _breaks + 1;
        ResetScan();
        return true;
    }

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
