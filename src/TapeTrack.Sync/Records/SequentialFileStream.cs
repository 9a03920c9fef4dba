using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Records;

/// <summary>
/// A report file opened by this library's <c>Open</c> methods: read front to back, each asynchronous read done on
/// the caller's thread and complete when it returns. A read of a local file is a copy from the page cache (or a
/// short wait for the disk); handing each one to a thread-pool thread and back, as an asynchronous file stream
/// does, cost more than the read itself on a large report (issue 14: the worker that completed a read spun on the
/// other core while the records were cut, about a third of the reading's processor time). Standard input and the
/// caller's own streams are read as they are, and so is a path that is not a regular file (a FIFO, a device: it
/// cannot seek), where a read may wait for a writer: those reads stay asynchronous.
/// </summary>
internal sealed class SequentialFileStream : FileStream
{
    private readonly bool _regular;

    public SequentialFileStream(string path)
        : base(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan)
    {
        _regular = CanSeek;
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (!_regular)
        {
            return base.ReadAsync(buffer, offset, count, cancellationToken);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<int>(cancellationToken);
        }

        try
        {
            return Task.FromResult(Read(buffer, offset, count));
        }
        catch (Exception e)
        {
            return Task.FromException<int>(e);
        }
    }

#if NET
    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_regular)
        {
            return base.ReadAsync(buffer, cancellationToken);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }

        try
        {
            return new ValueTask<int>(Read(buffer.Span));
        }
        catch (Exception e)
        {
            return ValueTask.FromException<int>(e);
        }
    }
#endif
}
