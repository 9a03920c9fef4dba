#if NETSTANDARD2_0
using System;
using System.Text;

namespace TapeTrack.Sync;

// netstandard2.0 has no span overloads on Decoder; these give the same calls over pinned memory.
internal static class DecoderPolyfills
{
    public static unsafe int GetCharCount(this Decoder decoder, ReadOnlySpan<byte> bytes, bool flush)
    {
        fixed (byte* b = bytes)
        {
            byte dummy = 0;
            return decoder.GetCharCount(bytes.Length == 0 ? &dummy : b, bytes.Length, flush);
        }
    }

    public static unsafe int GetChars(this Decoder decoder, ReadOnlySpan<byte> bytes, Span<char> chars, bool flush)
    {
        fixed (byte* b = bytes)
        fixed (char* c = chars)
        {
            byte dummyByte = 0;
            char dummyChar = '\0';
            return decoder.GetChars(bytes.Length == 0 ? &dummyByte : b, bytes.Length, chars.Length == 0 ? &dummyChar : c, chars.Length, flush);
        }
    }
}
#endif
