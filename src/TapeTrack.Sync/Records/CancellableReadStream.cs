using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Records;

/// <summary>
/// A read-only stream over standard input or an input file whose reads give way to cancellation at once: a read
/// blocked on a pipe held open (or a FIFO nobody writes) is left behind, so a cancelled run (Ctrl+C, SIGTERM, a
/// cancelled token) ends without waiting for more input. Standard input's own stream and a FIFO's file stream check
/// the token only before a read starts.
/// </summary>
internal sealed class CancellableReadStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private byte[] _own = Array.Empty<byte>();

    public CancellableReadStream(Stream inner, bool leaveOpen)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

#if NETSTANDARD2_0
    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadLeavingBehindAsync(buffer, cancellationToken);
#else
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadLeavingBehindAsync(buffer, cancellationToken);
#endif

    private async ValueTask<int> ReadLeavingBehindAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // a read the cancellation leaves behind must not write into a buffer that was handed back to a pool
        // (reads are sequential, and none follows a cancelled one)
        if (_own.Length < buffer.Length)
        {
            _own = new byte[buffer.Length];
        }

        byte[] own = _own;
        int length = buffer.Length;
        var read = Task.Run(() => _inner.Read(own, 0, length), CancellationToken.None);
        int n = await WaitAsync(read, cancellationToken).ConfigureAwait(false);
        own.AsSpan(0, n).CopyTo(buffer.Span);
        return n;
    }

#if NETSTANDARD2_0
    private static async Task<int> WaitAsync(Task<int> read, CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), cancelled))
        {
            if (await Task.WhenAny(read, cancelled.Task).ConfigureAwait(false) != read)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }

        return await read.ConfigureAwait(false);
    }
#else
    private static Task<int> WaitAsync(Task<int> read, CancellationToken cancellationToken) => read.WaitAsync(cancellationToken);
#endif

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
