using System;
using System.IO;
using System.Text;

namespace TapeTrack.Sync.Cli;

/// <summary>A read-only stream over a <see cref="TextReader"/>, encoding its text: lets the tool read records from a text reader in process.</summary>
internal sealed class TextReaderStream : ReadOnlyStream
{
    private readonly TextReader _reader;
    private readonly Encoder _encoder;
    private readonly char[] _chars = new char[4096];
    private readonly byte[] _bytes;
    private int _byteOffset;
    private int _byteCount;
    private bool _ended;

    public TextReaderStream(TextReader reader, Encoding encoding)
    {
        _reader = reader;
        _encoder = encoding.GetEncoder();
        _bytes = new byte[encoding.GetMaxByteCount(_chars.Length)];
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        while (_byteCount == 0)
        {
            if (_ended)
            {
                return 0;
            }

            int read = _reader.Read(_chars, 0, _chars.Length);
            _ended = read == 0;
            _byteOffset = 0;
            _byteCount = _encoder.GetBytes(_chars, 0, read, _bytes, 0, flush: _ended);
        }

        int n = Math.Min(count, _byteCount);
        Buffer.BlockCopy(_bytes, _byteOffset, buffer, offset, n);
        _byteOffset += n;
        _byteCount -= n;
        return n;
    }
}
