using System;
using System.Globalization;
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
