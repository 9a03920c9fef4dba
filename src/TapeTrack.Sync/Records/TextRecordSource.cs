using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Records;

/// <summary>
/// The common reading loop of text sources: bytes from a <see cref="PipeReader"/>, decoded into a pooled
/// character window, cut into records by <see cref="TryCutRecord"/>.
/// </summary>
public abstract class TextRecordSource : IRecordSource
{
    private readonly PipeReader _reader;
    private readonly bool _leaveOpen;
    private readonly Decoder _decoder;
    private readonly int _maxRecordLength;
    private char[] _window = ArrayPool<char>.Shared.Rent(16 * 1024);
    private int _start;
    private int _end;
    private bool _read;

    /// <summary>Creates a source over a stream.</summary>
    /// <param name="stream">The input; a file, standard input, anything readable.</param>
    /// <param name="options">Encoding and limits.</param>
    /// <param name="leaveOpen">Whether disposing the source leaves the stream open.</param>
    protected TextRecordSource(Stream stream, TextSourceOptions? options, bool leaveOpen)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        options ??= new TextSourceOptions();
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: leaveOpen));
        _leaveOpen = leaveOpen;
        _decoder = options.Encoding.GetDecoder();
        _maxRecordLength = options.MaxRecordLength;
    }

    /// <summary>The next line number to give a record.</summary>
    protected long NextLine { get; set; } = 1;

    /// <summary>The longest record accepted, in characters.</summary>
    protected int MaxRecordLength => _maxRecordLength;

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_read)
        {
            throw new InvalidOperationException("A record source can be read once.");
        }

        _read = true;
        var record = new SourceRecord();
        bool first = true;
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (first && (buffer.Length >= 3 || result.IsCompleted))
            {
                buffer = SkipByteOrderMark(buffer);
                first = false;
            }
            else if (first)
            {
                _reader.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            Decode(buffer, result.IsCompleted);
            _reader.AdvanceTo(buffer.End);
            while (TryCutRecord(Window, result.IsCompleted, record, out int consumed))
            {
                _start += consumed;
                yield return record;
            }

            if (result.IsCompleted)
            {
                break;
            }

            Compact();
        }
    }

    /// <summary>
    /// Cuts the next record from the start of <paramref name="window"/> into <paramref name="record"/>.
    /// Returns false when the window holds no complete record yet (and more input may come).
    /// </summary>
    /// <param name="window">The decoded characters not yet consumed.</param>
    /// <param name="final">Whether no more input will come.</param>
    /// <param name="record">The record to fill.</param>
    /// <param name="consumed">How many characters the record took, its line break included.</param>
    protected abstract bool TryCutRecord(ReadOnlySpan<char> window, bool final, SourceRecord record, out int consumed);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync().ConfigureAwait(false);
        if (_window.Length > 0)
        {
            ArrayPool<char>.Shared.Return(_window);
            _window = Array.Empty<char>();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Whether the source leaves its stream open when disposed.</summary>
    protected bool LeaveOpen => _leaveOpen;

    private ReadOnlySpan<char> Window => _window.AsSpan(_start, _end - _start);

    private static ReadOnlySequence<byte> SkipByteOrderMark(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < 3)
        {
            return buffer;
        }

        Span<byte> head = stackalloc byte[3];
        buffer.Slice(0, 3).CopyTo(head);
        return head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? buffer.Slice(3) : buffer;
    }

    private void Decode(ReadOnlySequence<byte> buffer, bool final)
    {
        foreach (var segment in buffer)
        {
            int needed = _decoder.GetCharCount(segment.Span, flush: false);
            EnsureSpace(needed);
            _end += _decoder.GetChars(segment.Span, _window.AsSpan(_end), flush: false);
        }

        if (final)
        {
            int needed = _decoder.GetCharCount(ReadOnlySpan<byte>.Empty, flush: true);
            EnsureSpace(needed);
            _end += _decoder.GetChars(ReadOnlySpan<byte>.Empty, _window.AsSpan(_end), flush: true);
        }
    }

    private void EnsureSpace(int needed)
    {
        if (_end + needed <= _window.Length)
        {
            return;
        }

        Compact();
        if (_end + needed > _window.Length)
        {
            var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_window.Length * 2, _end + needed));
            _window.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<char>.Shared.Return(_window);
            _window = bigger;
        }
    }

    private void Compact()
    {
        if (_start == 0)
        {
            return;
        }

        _window.AsSpan(_start, _end - _start).CopyTo(_window);
        _end -= _start;
        _start = 0;
    }
}
