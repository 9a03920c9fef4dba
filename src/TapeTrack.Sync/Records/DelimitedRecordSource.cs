using System;
using System.IO;

namespace TapeTrack.Sync.Records;

/// <summary>
/// Delimited text (CSV with RFC 4180 quoting: quoted delimiters, doubled quotes, line breaks inside
/// quotes), LF or CRLF. Each record's elements are its unquoted fields; its text is the raw record.
/// </summary>
public sealed class DelimitedRecordSource : TextRecordSource
{
    private readonly char _delimiter;
    private char[] _field = new char[256];

    /// <summary>Creates a source over a stream.</summary>
    /// <param name="stream">The input.</param>
    /// <param name="delimiter">The delimiter, such as <c>,</c> or TAB.</param>
    /// <param name="options">Encoding and limits.</param>
    /// <param name="leaveOpen">Whether disposing the source leaves the stream open.</param>
    public DelimitedRecordSource(Stream stream, char delimiter, TextSourceOptions? options = null, bool leaveOpen = false)
        : base(stream, options, leaveOpen)
    {
        if (delimiter is '"' or '\r' or '\n')
        {
            throw new ArgumentException("A delimiter cannot be a quote or a line break.", nameof(delimiter));
        }

        _delimiter = delimiter;
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
        if (window.Length == 0)
        {
            return false;
        }

        // Find the end of the record: a line break outside quotes.
        bool quoted = false;
        int breaks = 0;
        int end = -1;
        for (int i = 0; i < window.Length; i++)
        {
            char c = window[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '\n')
            {
                if (!quoted)
                {
                    end = i;
                    break;
                }

                breaks++;
            }
        }

        if (end < 0)
        {
            if (!final)
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
        NextLine += breaks + 1;
        if (raw.Length > MaxRecordLength)
        {
            record.SetProblem($"the record is longer than {MaxRecordLength} characters");
            return true;
        }

        record.SetText(raw);
        if (quoted)
        {
            record.SetProblem("a quoted field is not closed before the end of the input");
        }

        SplitElements(raw, record);
        return true;
    }

    private void SplitElements(ReadOnlySpan<char> raw, SourceRecord record)
    {
        if (_field.Length < raw.Length)
        {
            _field = new char[Math.Max(raw.Length, _field.Length * 2)];
        }

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
                            _field[length++] = '"';
                            i++;
                            continue;
                        }

                        break;
                    }

                    _field[length++] = c;
                }

                // anything between the closing quote and the delimiter is kept as written
                while (i < raw.Length && raw[i] != _delimiter)
                {
                    _field[length++] = raw[i++];
                }
            }
            else
            {
                while (i < raw.Length && raw[i] != _delimiter)
                {
                    _field[length++] = raw[i++];
                }
            }

            record.AddElement(_field.AsSpan(0, length));
            if (i >= raw.Length)
            {
                break;
            }

            i++; // the delimiter
        }
    }
}
