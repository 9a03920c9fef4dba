using System;
using System.IO;
using System.Text;

namespace TapeTrack.Sync.Cli;

/// <summary>A write-only stream that decodes UTF-8 into a <see cref="TextWriter"/>: lets a byte writer write to a text writer in process.</summary>
internal sealed class TextWriterStream : Stream
{
    private readonly TextWriter _writer;
    private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
    private char[] _chars = new char[4096];

    public TextWriterStream(TextWriter writer) => _writer = writer;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        int needed = _decoder.GetCharCount(buffer, offset, count, flush: false);
        if (needed > _chars.Length)
        {
            _chars = new char[needed];
        }

        int chars = _decoder.GetChars(buffer, offset, count, _chars, 0, flush: false);
        _writer.Write(_chars, 0, chars);
    }

    public override void Flush() => _writer.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
