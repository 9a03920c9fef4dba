using System;
using System.IO;

namespace TapeTrack.Sync.Cli;

/// <summary>A read-only file stream opened at its first read, so that opening a FIFO happens where a read may wait.</summary>
internal sealed class LazyFileStream : ReadOnlyStream
{
    private readonly string _path;
    private FileStream? _file;

    public LazyFileStream(string path) => _path = path;

    public override int Read(byte[] buffer, int offset, int count)
    {
        _file ??= new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return _file.Read(buffer, offset, count);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file?.Dispose();
        }

        base.Dispose(disposing);
    }
}
