using System;
using System.IO;
using System.Text;

namespace TapeTrack.Sync.Tests.Records;

/// <summary>A read-only stream that produces its text lazily, so a huge input costs no memory in the test.</summary>
internal sealed class RepeatingStream : ReadOnlyStream
{
    private readonly byte[] _head;
    private readonly string _body;
    private long _position;

    public RepeatingStream(string head, string body)
    {
        _head = Encoding.UTF8.GetBytes(head);
        _body = body;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = 0;
        long total = _head.Length + _body.Length;
        while (n < count && _position < total)
        {
            buffer[offset + n++] = _position < _head.Length ? _head[_position] : (byte)_body[(int)(_position - _head.Length)];
            _position++;
        }

        return n;
    }
}

/// <summary>Gives at most a few bytes per read, like a slow pipe.</summary>
internal sealed class TrickleStream : MemoryStream
{
    private readonly int _most;

    public TrickleStream(byte[] bytes, int most)
        : base(bytes) => _most = most;

    public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _most));

    public override int Read(Span<byte> buffer) => base.Read(buffer.Slice(0, Math.Min(buffer.Length, _most)));

    public override System.Threading.Tasks.ValueTask<int> ReadAsync(Memory<byte> buffer, System.Threading.CancellationToken cancellationToken = default) =>
        base.ReadAsync(buffer.Slice(0, Math.Min(buffer.Length, _most)), cancellationToken);

    public override System.Threading.Tasks.Task<int> ReadAsync(byte[] buffer, int offset, int count, System.Threading.CancellationToken cancellationToken) =>
        base.ReadAsync(buffer, offset, Math.Min(count, _most), cancellationToken);
}

/// <summary>
/// Standard input whose writer wrote some lines and went silent: its reads block and check the token only before they
/// start, as the console's stream and a FIFO's file stream do (<see cref="Stream"/>'s own asynchronous reads).
/// </summary>
internal sealed class SilentWriterStream : ReadOnlyStream
{
    private readonly System.Threading.ManualResetEventSlim _more = new();
    private readonly System.Threading.Tasks.TaskCompletionSource _waiting = new(System.Threading.Tasks.TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[]? _first;

    public SilentWriterStream(string first) => _first = Encoding.UTF8.GetBytes(first);

    /// <summary>Completes when a read is blocked, waiting for the silent writer.</summary>
    public System.Threading.Tasks.Task Waiting => _waiting.Task;

    /// <summary>The writer closes its end: the blocked read returns the end of the input.</summary>
    public void Close_writer() => _more.Set();

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_first is { } first)
        {
            _first = null;
            first.CopyTo(buffer, offset);
            return first.Length;
        }

        _waiting.TrySetResult();
        _more.Wait();
        return 0;
    }
}
