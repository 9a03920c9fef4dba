using System;
using System.IO;

namespace TapeTrack.Sync.Records;

/// <summary>A text report read line by line (LF or CRLF): each line is a record, cut by character offset.</summary>
public sealed class FixedPositionRecordSource : TextRecordSource
{
    /// <summary>Creates a source over a stream.</summary>
    /// <param name="stream">The report.</param>
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
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan), options);

    /// <inheritdoc />
    protected override bool TryCutRecord(ReadOnlySpan<char> window, bool final, SourceRecord record, out int consumed)
    {
        consumed = 0;
        int newline = window.IndexOf('\n');
        if (newline < 0)
        {
            if (!final || window.Length == 0)
            {
                return false;
            }

            newline = window.Length;
        }

        consumed = Math.Min(newline + 1, window.Length);
        var line = window.Slice(0, newline);
        if (line.Length > 0 && line[line.Length - 1] == '\r')
        {
            line = line.Slice(0, line.Length - 1);
        }

        record.Reset(NextLine++);
        if (line.Length > MaxRecordLength)
        {
            record.SetProblem($"the record is longer than {MaxRecordLength} characters");
        }
        else
        {
            record.SetText(line);
        }

        return true;
    }
}
