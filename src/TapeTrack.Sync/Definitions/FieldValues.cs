using System;
using System.Globalization;

namespace TapeTrack.Sync.Definitions;

// One parser and one canonical form per value kind (FieldKind), used by the binder (constants), the importer
// (records), the decider (the server's values) and the store file reader and writer. Allocation-free on spans;
// dates written and read here are the canonical yyyy-MM-dd and yyyy-MM-ddTHH:mm:ss (sync.md).
internal static class FieldValues
{
    /// <summary>The canonical text of a true boolean.</summary>
    public const string True = "true";

    /// <summary>The canonical text of a false boolean.</summary>
    public const string False = "false";

    /// <summary>The canonical form of a date: the format a date-only field is kept in.</summary>
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>The canonical form of a date-time, to the second.</summary>
    public const string DateTimeFormat = "yyyy-MM-ddTHH:mm:ss";

    // forms a store or an older tool may have written for a date-time: read from a server's value, never from a record
    private static readonly string[] OlderDateTimeFormats = { "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF" };

    public static string Format(bool value) => value ? True : False;

    /// <summary>YES/NO, TRUE/FALSE, Y/N, 1/0 in any case (ttidef.md, "Fields").</summary>
    public static bool TryParseBoolean(ReadOnlySpan<char> text, out bool value)
    {
        if (Is(text, "YES") || Is(text, "TRUE") || Is(text, "Y") || Is(text, "1"))
        {
            value = true;
            return true;
        }

        value = false;
        return Is(text, "NO") || Is(text, "FALSE") || Is(text, "N") || Is(text, "0");
    }

    /// <summary>A whole number with an optional sign, invariant digits, in the range of <see cref="long"/>.</summary>
    public static bool TryParseInteger(ReadOnlySpan<char> text, out long value)
    {
#if NETSTANDARD2_0
        return long.TryParse(text.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
#else
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
#endif
    }

    public static string FormatInteger(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static int FormatInteger(long value, Span<char> destination)
    {
#if NETSTANDARD2_0
        var text = value.ToString(CultureInfo.InvariantCulture);
        text.AsSpan().CopyTo(destination);
        return text.Length;
#else
        value.TryFormat(destination, out int written, default, CultureInfo.InvariantCulture);
        return written;
#endif
    }

    /// <summary>
    /// A canonical date (<c>yyyy-MM-dd</c>, midnight) or date-time (<c>yyyy-MM-ddTHH:mm:ss</c>): exactly the
    /// text <see cref="FormatDate(DateTime, bool, Span{char})"/> writes, as <c>DateTime.TryParseExact</c> with
    /// those two formats reads it. Whether a time may be given is the caller's rule (<paramref name="text"/>'s length says).
    /// </summary>
    public static bool TryParseDate(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        if ((text.Length != 10 && text.Length != 19) || text[4] != '-' || text[7] != '-')
        {
            return false;
        }

        if (!Digits(text, 0, 4, out int year) || !Digits(text, 5, 2, out int month) || !Digits(text, 8, 2, out int day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        if (text.Length == 19
            && (text[10] != 'T' || text[13] != ':' || text[16] != ':'
                || !Digits(text, 11, 2, out hour) || !Digits(text, 14, 2, out minute) || !Digits(text, 17, 2, out second)
                || hour > 23 || minute > 59 || second > 59))
        {
            return false;
        }

        value = new DateTime(year, month, day, hour, minute, second);
        return true;
    }

    /// <summary>
    /// A date or date-time as a server may hold it: the canonical forms, and the forms a store or an older tool
    /// wrote (<c>yyyy-MM-ddTHH:mm</c>, <c>yyyy-MM-dd HH:mm:ss</c>, fractions of a second); white space around it ignored.
    /// </summary>
    public static bool TryParseServerDate(string text, out DateTime value)
    {
        var trimmed = text.Trim();
        return TryParseDate(trimmed.AsSpan(), out value)
            || DateTime.TryParseExact(trimmed, OlderDateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>Writes <c>yyyy-MM-dd</c> (10 characters) or <c>yyyy-MM-ddTHH:mm:ss</c> (19), invariant digits.</summary>
    public static int FormatDate(DateTime value, bool dateOnly, Span<char> destination)
    {
        Write(destination, 0, value.Year, 4);
        destination[4] = '-';
        Write(destination, 5, value.Month, 2);
        destination[7] = '-';
        Write(destination, 8, value.Day, 2);
        if (dateOnly)
        {
            return 10;
        }

        destination[10] = 'T';
        Write(destination, 11, value.Hour, 2);
        destination[13] = ':';
        Write(destination, 14, value.Minute, 2);
        destination[16] = ':';
        Write(destination, 17, value.Second, 2);
        return 19;
    }

    public static string FormatDate(DateTime value, bool dateOnly)
    {
        Span<char> text = stackalloc char[19];
        return text.Slice(0, FormatDate(value, dateOnly, text)).ToString();
    }

    private static bool Is(ReadOnlySpan<char> value, string word) => value.Equals(word.AsSpan(), StringComparison.OrdinalIgnoreCase);

    private static bool Digits(ReadOnlySpan<char> text, int at, int count, out int value)
    {
        value = 0;
        for (int i = at; i < at + count; i++)
        {
            int digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

    private static void Write(Span<char> destination, int at, int value, int count)
    {
        for (int i = at + count - 1; i >= at; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
