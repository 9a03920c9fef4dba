using System;
using System.Runtime.CompilerServices;
#if NET8_0_OR_GREATER
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
#endif

namespace TapeTrack.Sync.Import;

/// <summary>
/// Ordinal equality of the short values an unchanged record is compared by (a customer, a volume id, a repository,
/// a move date, a short description) with the server's: the same answer as <see cref="MemoryExtensions.SequenceEqual{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>.
/// </summary>
internal static class ShortText
{
    /// <summary>Whether <paramref name="value"/> and <paramref name="text"/> are the same characters. A value of 4 to 16
    /// characters is compared as its first and its last block of 8 bytes (4 to 8 characters) or 16 bytes (8 to 16
    /// characters), which overlap: two comparisons and no test of the length's range beyond that, where
    /// SequenceEqual tests which of its ways a length takes; any other length as SequenceEqual does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Same(ReadOnlySpan<char> value, ReadOnlySpan<char> text)
    {
        int length = value.Length;
        if (length != text.Length)
        {
            return false;
        }

#if NET8_0_OR_GREATER
        ref byte a = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(value));
        ref byte b = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(text));
        if ((uint)(length - 4) <= 4)
        {
            nuint last = (nuint)((length * 2) - 8);
            ulong head = Unsafe.ReadUnaligned<ulong>(ref a) ^ Unsafe.ReadUnaligned<ulong>(ref b);
            ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, last)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, last));
            return (head | tail) == 0;
        }

        if ((uint)(length - 9) <= 7 && Vector128.IsHardwareAccelerated)
        {
            nuint last = (nuint)((length * 2) - 16);
            var head = Vector128.LoadUnsafe(ref a) ^ Vector128.LoadUnsafe(ref b);
            var tail = Vector128.LoadUnsafe(ref a, last) ^ Vector128.LoadUnsafe(ref b, last);
            return (head | tail) == Vector128<byte>.Zero;
        }
#endif
        return value.SequenceEqual(text);
    }
}
