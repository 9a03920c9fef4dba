using System;
using System.IO;

namespace TapeTrack.Sync.Records;

/// <summary>
/// A text report read line by line (LF or CRLF): each line is a record, cut by character offset.
/// A line longer than <see cref="TextSourceOptions.MaxRecordLength"/> becomes one record with
/// <see cref="SourceRecord.Problem"/> set, and the rest of it is dropped as it streams in.
/// </summary>
public sealed class FixedPositionRecordSource : TextRecordSource
{
    private int _scanned;

    /// <summary>Creates a source over a stream.</summary>
    /// <param name="stream">The report: a file, standard input (<see cref="Console.OpenStandardInput()"/>), anything readable.</param>
    /// <param name="options">Encoding and limits.</param>
    /// <param name="leaveOpen">Whether disposing the source leaves the stream open.</param>
    public FixedPositionRecordSource(Stream stream, TextSourceOptions? options = null, bool leaveOpen = false)
        : base(stream, options, leaveOpen)
    {
    }

    /// <summary>Opens a report file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Encoding and limits.</param>
    public static FixedPositionRecordSource Open(string path, TextSourceOptions? options = null) =>
        new(new SequentialFileStream(path), options);

    /// <inheritdoc />
    /// <inheritdoc />
    private protected override void ScanAgain() => _scanned = 0;

    private protected override bool TryCutRecord(ReadOnlySpan<char> window, bool final, SourceRecord record, out int consumed)
    {
        consumed = 0;
        int found = window.Slice(_scanned).IndexOf('\n');
        int newline;
        if (found < 0)
        {
            if (!final || window.Length == 0)
            {
                _scanned = window.Length;
                return false;
            }

            newline = window.Length;
        }
        else
        {
            newline = _scanned + found;
        }

        _scanned = 0;
        consumed = Math.Min(newline + 1, window.Length);
        var line = window.Slice(0, newline);
        if (line.Length > 0 && line[line.Length - 1] == '\r')
        {
            line = line.Slice(0, line.Length - 1);
        }

        record.Reset(NextLine++);
        if (line.Length > MaxRecordLength)
        {
            record.SetProblem(TooLongProblem);
        }
        else
        {
            record.SetText(line);
        }

        return true;
    }

    /// <inheritdoc />
    private protected override bool TrySkipRecord(ReadOnlySpan<char> window, bool final, out int consumed)
    {
        int found = window.Slice(_scanned).IndexOf('\n');
        if (found < 0)
        {
            _scanned = 0;
            consumed = window.Length;
            if (final)
            {
                NextLine++;
                return true;
            }

            return false;
        }

        consumed = _scanned + found + 1;
        _scanned = 0;
        NextLine++;
        return true;
    }
}
