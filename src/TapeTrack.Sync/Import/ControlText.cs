using System;
using System.Globalization;
#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
#endif
using System.Text;

namespace TapeTrack.Sync.Import;

/// <summary>
/// Control characters in values a report brings: kept for matching, shown escaped (<c>\x1B</c>, <c>\x00</c>) in
/// every message, so a report can never drive the terminal of the person reading the log (sync.md).
/// </summary>
internal static class ControlText
{
    /// <summary>Whether the value holds a control character other than TAB.</summary>
    public static bool HasControl(string value) => HasControl(value.AsSpan());

    /// <summary>Whether the value holds a control character other than TAB.</summary>
    public static bool HasControl(ReadOnlySpan<char> value)
    {
#if NET8_0_OR_GREATER
        // a value of 8 to 16 characters (most volume ids): its first eight and its last eight, which overlap, each
        // tested at once for anything outside printable ASCII; only such a value is tested character by character
        if (value.Length is >= 8 and <= 16 && Vector128.IsHardwareAccelerated)
        {
            ref ushort start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(value));
            var space = Vector128.Create((ushort)' ');
            var printable = Vector128.Create((ushort)('~' - ' '));
            var first = Vector128.LoadUnsafe(ref start) - space;
            var last = Vector128.LoadUnsafe(ref start, (nuint)(value.Length - 8)) - space;
            if (!Vector128.GreaterThanAny(first, printable) && !Vector128.GreaterThanAny(last, printable))
            {
                return false;
            }
        }
#endif
        foreach (char c in value)
        {
            // one comparison for the printable ASCII of almost every value, the exact test for the rest
            if ((uint)(c - ' ') > '~' - ' ' && IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The text with every control character other than TAB written as <c>\xNN</c>.</summary>
    public static string Escape(string text)
    {
        if (text is null || !HasControl(text))
        {
            return text!;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (IsControl(c))
            {
                escaped.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    private static bool IsControl(char c) => (c < ' ' && c != '\t') || (c >= '\x7F' && c <= '\x9F');
}
