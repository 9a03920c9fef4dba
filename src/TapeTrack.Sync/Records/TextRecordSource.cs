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
/// character window, cut into records by <see cref="TryCutRecord"/>. A record longer than
/// <see cref="TextSourceOptions.MaxRecordLength"/> is handed out once with <see cref="SourceRecord.Problem"/> set and
/// the rest of it is dropped by <see cref="TrySkipRecord"/> as it streams in, so the window never grows much
/// past the limit whatever the input holds. Its cutting protocol is this library's own: a source of your own
/// implements <see cref="IRecordSource"/> instead.
/// </summary>
public abstract class TextRecordSource : IRecordSource
{
    // bytes decoded per step: bounds how far the window can grow past the record limit
    private const int DecodeStep = 16 * 1024;

    private readonly PipeReader _reader;
    private readonly bool _leaveOpen;
    private readonly UndecodedFallback _fallback = new();
    // how many characters without an LF but with a CR make the input one whose lines end with CR alone
    private const int CarriageReturnProof = 4096;
    private bool _lineEndsKnown;
    private bool _crLineEnds;
    private bool _sawCarriageReturn;
    private int _undecided;
    private Decoder _decoder;
    private Encoding _encoding = null!;
    private readonly int _maxRecordLength;
    private char[] _window = ArrayPool<char>.Shared.Rent(16 * 1024);
    private int _start;
    private int _end;
    private bool _read;
    private bool _skipping;

    // the reading state between batches: the pipe's buffer being decoded, what of it is left, whether it is the last
    private ReadOnlySequence<byte> _held;
    private ReadOnlySequence<byte> _remaining;
    private bool _holding;
    private bool _pendingStep;
    private bool _completed;
    private bool _final;
    private bool _first = true;

    /// <summary>Creates a source over a stream.</summary>
    /// <param name="stream">The input; a file, standard input, anything readable.</param>
    /// <param name="options">Encoding and limits; <see langword="null"/> for the defaults.</param>
    /// <param name="leaveOpen">Whether disposing the source leaves the stream open.</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    private protected TextRecordSource(Stream stream, TextSourceOptions? options, bool leaveOpen)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        options ??= new TextSourceOptions();
        options.Validate();
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 256 * 1024, minimumReadSize: 64 * 1024, leaveOpen: leaveOpen));
        _leaveOpen = leaveOpen;
        _decoder = Counted(options.Encoding);
        _maxRecordLength = options.MaxRecordLength;
    }

    /// <summary>The next line number to give a record.</summary>
    private protected long NextLine { get; set; } = 1;

    /// <summary>The longest record accepted, in characters, its line break not counted.</summary>
    private protected int MaxRecordLength => _maxRecordLength;

    /// <summary>Whether the source leaves its stream open when disposed.</summary>
    private protected bool LeaveOpen => _leaveOpen;

    /// <summary>The largest number of characters the decoding window has held (for tests of the memory bound).</summary>
    internal int PeakWindowLength { get; private set; }

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StartReading();
        var record = new SourceRecord();
        while (await NextBatchAsync(cancellationToken).ConfigureAwait(false))
        {
            while (TryNext(record))
            {
                yield return record;
            }
        }
    }

    /// <summary>Claims the source for one reading: <see cref="ReadAsync"/>, or a caller of <see cref="NextBatchAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">The source has been read already.</exception>
    internal void StartReading()
    {
        if (_read)
        {
            throw new InvalidOperationException("A record source can be read once.");
        }

        _read = true;
    }

    /// <summary>
    /// Decodes the next step of input (reading more when needed): then <see cref="TryNext"/> cuts the records it
    /// completes, one after the other, without an asynchronous step per record. False once the input is over.
    /// </summary>
    internal async ValueTask<bool> NextBatchAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_pendingStep || _remaining.Length > 0)
            {
                _pendingStep = false;
                var step = _remaining.Length > DecodeStep ? _remaining.Slice(0, DecodeStep) : _remaining;
                _remaining = _remaining.Slice(step.End);
                _final = _completed && _remaining.Length == 0;
                Decode(step, _final);
                return true;
            }

            if (_holding)
            {
                _holding = false;
                _reader.AdvanceTo(_held.End);
                if (_completed)
                {
                    return false;
                }

                Compact();
            }

            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (_first && buffer.Length < 3 && !result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            if (_first)
            {
                buffer = SkipByteOrderMark(buffer);
                _first = false;
            }

            _held = result.Buffer;
            _holding = true;
            _remaining = buffer;
            _completed = result.IsCompleted;

            // even an empty read is decoded once: at the end, that flushes the decoder
            _pendingStep = true;
        }
    }

    /// <summary>Cuts the next record of the decoded input into <paramref name="record"/>; false when the step decoded
    /// last holds no more complete record (call <see cref="NextBatchAsync"/>).</summary>
    internal bool TryNext(SourceRecord record) => NextRecord(_final, record);

    /// <summary>
    /// Cuts the next record from the start of <paramref name="window"/> into <paramref name="record"/>.
    /// Returns false when the window holds no complete record yet (and more input may come). The window
    /// starts where the previous record ended; an implementation may remember how far it has scanned.
    /// </summary>
    /// <param name="window">The decoded characters not yet consumed.</param>
    /// <param name="final">Whether no more input will come.</param>
    /// <param name="record">The record to fill.</param>
    /// <param name="consumed">How many characters the record took, its line break included.</param>
    private protected abstract bool TryCutRecord(ReadOnlySpan<char> window, bool final, SourceRecord record, out int consumed);

    /// <summary>
    /// Drops the rest of a record that is longer than <see cref="MaxRecordLength"/>: consumes characters up to
    /// and including the record's end, advancing <see cref="NextLine"/> past it when it is found.
    /// The first call gets the window from the start of that record; later calls get what follows.
    /// </summary>
    /// <param name="window">The decoded characters not yet consumed.</param>
    /// <param name="final">Whether no more input will come.</param>
    /// <param name="consumed">How many characters to drop.</param>
    /// <returns>Whether the end of the record was reached.</returns>
    private protected abstract bool TrySkipRecord(ReadOnlySpan<char> window, bool final, out int consumed);

    /// <summary>Forgets how far the record being cut was scanned: its characters changed (CR-ended lines found).</summary>
    private protected abstract void ScanAgain();

    /// <summary>The problem set on a record that is longer than <see cref="MaxRecordLength"/>.</summary>
    private protected string TooLongProblem => $"the record is longer than {_maxRecordLength} characters";

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

    private ReadOnlySpan<char> Window => _window.AsSpan(_start, _end - _start);

    /// <summary>The array under the window passed to <see cref="TryCutRecord"/>: a record may be a view of it, valid
    /// until the next record is cut.</summary>
    private protected char[] WindowArray => _window;

    /// <summary>Where the window passed to <see cref="TryCutRecord"/> starts in <see cref="WindowArray"/>.</summary>
    private protected int WindowStart => _start;

    private bool NextRecord(bool final, SourceRecord record)
    {
        while (_skipping)
        {
            bool done = TrySkipRecord(Window, final, out int dropped);
            _start += dropped;
            if (done)
            {
                _skipping = false;
            }
            else
            {
                return false;
            }
        }

        if (_start == _end && final)
        {
            return false;
        }

        if (TryCutRecord(Window, final, record, out int consumed))
        {
            _start += consumed;
            if (_fallback.Seen && record.Problem is null && record.Text.IndexOf('\uFFFD') >= 0)
            {
                // once a byte could not be decoded, every record is looked at: a value with U+FFFD in it must not
                // reach the server as if the report had said so
                record.SetProblem($"the record holds bytes that are not {_fallback.EncodingName} (each shown as U+FFFD); is the report written in another encoding? Name it (the tool's --encoding)");
            }

            return true;
        }

        // no end in sight and already more than the limit (plus a CR) since the start of the record
        if (_end - _start > _maxRecordLength + 1)
        {
            record.Reset(NextLine);
            record.SetProblem(TooLongProblem);
            _skipping = true;
            return true;
        }

        return false;
    }

    // A byte-order mark decides the encoding, whatever was told (sync.md, "Reading the input"): UTF-8, and the
    // UTF-16 LE and BE that Windows PowerShell's '>' and Out-File write. The mark is not part of the first record.
    private ReadOnlySequence<byte> SkipByteOrderMark(ReadOnlySequence<byte> buffer)
    {
        Span<byte> head = stackalloc byte[3];
        int length = (int)Math.Min(3, buffer.Length);
        buffer.Slice(0, length).CopyTo(head);
        if (length == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
        {
            _decoder = Counted(new UTF8Encoding(false));
            return buffer.Slice(3);
        }

        if (length >= 2 && head[0] == 0xFF && head[1] == 0xFE)
        {
            _decoder = Counted(new UnicodeEncoding(bigEndian: false, byteOrderMark: false));
            return buffer.Slice(2);
        }

        if (length >= 2 && head[0] == 0xFE && head[1] == 0xFF)
        {
            _decoder = Counted(new UnicodeEncoding(bigEndian: true, byteOrderMark: false));
            return buffer.Slice(2);
        }

        return buffer;
    }

    // A decoder of the encoding that notes the bytes it cannot decode (each becomes U+FFFD, as before): an encoding
    // given with another fallback (one that throws, say) keeps its own.
    private Decoder Counted(Encoding encoding)
    {
        _encoding = encoding;
        if (encoding.DecoderFallback is not DecoderReplacementFallback { DefaultString: "\uFFFD" })
        {
            return encoding.GetDecoder();
        }

        var counted = (Encoding)encoding.Clone();
        counted.DecoderFallback = _fallback;
        _encoding = counted;
        _fallback.EncodingName = encoding.WebName.ToUpperInvariant();
        return counted.GetDecoder();
    }

    /// <summary>U+FFFD for a byte sequence that cannot be decoded, as the default fallback gives, and a note that one
    /// was met.</summary>
    private sealed class UndecodedFallback : DecoderFallback
    {
        /// <summary>Whether a byte sequence could not be decoded.</summary>
        public bool Seen { get; private set; }

        /// <summary>The encoding's name for messages.</summary>
        public string EncodingName { get; set; } = "UTF-8";

        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

        private sealed class Buffer(UndecodedFallback owner) : DecoderFallbackBuffer
        {
            private int _remaining;

            public override int Remaining => _remaining;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                owner.Seen = true;
                _remaining = 1;
                return true;
            }

            public override char GetNextChar()
            {
                if (_remaining == 0)
                {
                    return '\0';
                }

                _remaining--;
                return '\uFFFD';
            }

            public override bool MovePrevious()
            {
                if (_remaining != 0)
                {
                    return false;
                }

                _remaining = 1;
                return true;
            }

            public override void Reset() => _remaining = 0;
        }
    }

    private void Decode(ReadOnlySequence<byte> buffer, bool final)
    {
        // from the window's start, which stays put if decoding compacts the window
        int decoded = _end - _start;
        DecodeChars(buffer, final);
        int from = _start + decoded;
        if (_end > from || final)
        {
            LineEnds(_window.AsSpan(from, _end - from), final);
        }
    }

    // A report whose lines end with CR alone (classic Mac OS, some old exports) would otherwise be one record. An LF
    // anywhere in the first CarriageReturnProof characters (or the longest record's, if fewer) and the input is read as
    // it is (LF or CRLF ends a line; a CR within a line is part of it); none there but a CR, and every CR of the input
    // is read as an LF. Until that is decided no record has ended, so the characters not taken yet are read again.
    private void LineEnds(Span<char> decoded, bool final)
    {
        if (!_lineEndsKnown)
        {
            if (decoded.IndexOf('\n') >= 0)
            {
                _lineEndsKnown = true;
                return;
            }

            _sawCarriageReturn |= decoded.IndexOf('\r') >= 0;
            _undecided += decoded.Length;
            // decided before the first record could be taken for one longer than the limit
            if (_sawCarriageReturn && (final || _undecided >= Math.Min(CarriageReturnProof, _maxRecordLength + 1)))
            {
                _lineEndsKnown = true;
                _crLineEnds = true;
                ReplaceCarriageReturns(_window.AsSpan(_start, _end - _start));
                ScanAgain();
                return;
            }

            _lineEndsKnown = final;
        }

        if (_crLineEnds)
        {
            ReplaceCarriageReturns(decoded);
        }
    }

    private static void ReplaceCarriageReturns(Span<char> text)
    {
#if NET8_0_OR_GREATER
        text.Replace('\r', '\n');
#else
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r')
            {
                text[i] = '\n';
            }
        }
#endif
    }

    private void DecodeChars(ReadOnlySequence<byte> buffer, bool final)
    {
        foreach (var segment in buffer)
        {
            // room for the most the bytes can make (with what the decoder holds of a character begun before them),
            // rather than counting them exactly first: that would read every byte twice
            EnsureSpace(_encoding.GetMaxCharCount(segment.Length));
            _end += _decoder.GetChars(segment.Span, _window.AsSpan(_end), flush: false);
        }

        if (final)
        {
            int needed = _decoder.GetCharCount(ReadOnlySpan<byte>.Empty, flush: true);
            EnsureSpace(needed);
            _end += _decoder.GetChars(ReadOnlySpan<byte>.Empty, _window.AsSpan(_end), flush: true);
        }

        if (_end - _start > PeakWindowLength)
        {
            PeakWindowLength = _end - _start;
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
            // grow by doubling, but not far past what the longest record needs
            int size = Math.Max(_end + needed, Math.Min(_window.Length * 2, _maxRecordLength + (2 * DecodeStep)));
            var bigger = ArrayPool<char>.Shared.Rent(size);
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
