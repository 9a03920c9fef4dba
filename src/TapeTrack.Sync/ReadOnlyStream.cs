using System;
using System.IO;

namespace TapeTrack.Sync;

/// <summary>
/// What every forward-only, read-only stream of the library and its tool has in common (the input that gives way to
/// cancellation, the file opened at its first read, a text reader as bytes, a size-limited request body): it reads,
/// and refuses everything else. A derived stream gives <see cref="Stream.Read(byte[], int, int)"/> and whatever else it
/// does better.
/// </summary>
internal abstract class ReadOnlyStream : Stream
{
    public sealed override bool CanRead => true;

    public sealed override bool CanSeek => false;

    public sealed override bool CanWrite => false;

    public sealed override long Length => throw new NotSupportedException();

    public sealed override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public sealed override void Flush()
    {
    }

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
