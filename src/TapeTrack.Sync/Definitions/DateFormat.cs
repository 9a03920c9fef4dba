using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TapeTrack.Sync.Definitions;

/// <summary>
/// A date format of strftime conversions: <c>%Y %y %m %d %e %j %H %I %M %S %p %b %B %%</c>.
/// Compiled once; <see cref="TryParse"/> allocates nothing. A space in the format matches any run of
/// spaces (including none) in the value.
/// </summary>
internal sealed class DateFormat : IEquatable<DateFormat>
{
    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;
    private static readonly string[] MonthAbbreviations = CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames;
    private readonly Item[] _items;

    private DateFormat(string text, Item[] items, bool hasTime)
    {
        Text = text;
        _items = items;
        HasTime = hasTime;
        IsCanonicalDate = items.Length == 5
            && items[0].Conversion == Conversion.Year4
            && items[1] == new Item(Conversion.Literal, '-')
            && items[2].Conversion == Conversion.Month
            && items[3] == new Item(Conversion.Literal, '-')
            && items[4].Conversion == Conversion.Day;
    }

    /// <summary>Whether the format is <c>%Y-%m-%d</c>, the canonical form of a date: a value already in that form
    /// (<see cref="TryParseCanonicalDate"/>) is read as it is written.</summary>
    internal bool IsCanonicalDate { get; }

    /// <summary>
    /// Reads a date written exactly as <c>yyyy-MM-dd</c> (ten characters, a valid date from year 1): what
    /// <see cref="TryParse"/> gives for it with a <see cref="IsCanonicalDate"/> format, and
    /// <c>DateTime.TryParseExact</c> with <c>yyyy-MM-dd</c>. False for anything else, which is then read the
    /// general way (and may still be a date written otherwise, "2026-1-5" say).
    /// </summary>
    internal static bool TryParseCanonicalDate(ReadOnlySpan<char> value, out DateTime result)
    {
        if (!TryReadCanonicalDate(value, out int packed))
        {
            result = default;
            return false;
        }

        result = FromPacked(packed);
        return true;
    }

    /// <summary>
    /// Checks a date written exactly as <c>yyyy-MM-dd</c> as <see cref="TryParseCanonicalDate"/> does, without making
    /// the <see cref="DateTime"/>: <paramref name="packed"/> is year × 10,000 + month × 100 + day
    /// (<see cref="FromPacked"/> makes the date when it is needed).
    /// </summary>
    internal static bool TryReadCanonicalDate(ReadOnlySpan<char> value, out int packed)
    {
        packed = 0;
        if (value.Length != 10 || value[4] != '-' || value[7] != '-')
        {
            return false;
        }

        uint y1 = (uint)(value[0] - '0'), y2 = (uint)(value[1] - '0'), y3 = (uint)(value[2] - '0'), y4 = (uint)(value[3] - '0');
        uint m1 = (uint)(value[5] - '0'), m2 = (uint)(value[6] - '0'), d1 = (uint)(value[8] - '0'), d2 = (uint)(value[9] - '0');
        if (y1 > 9 || y2 > 9 || y3 > 9 || y4 > 9 || m1 > 9 || m2 > 9 || d1 > 9 || d2 > 9)
        {
            return false;
        }

        int year = (int)((y1 * 1000) + (y2 * 100) + (y3 * 10) + y4);
        int month = (int)((m1 * 10) + m2);
        int day = (int)((d1 * 10) + d2);
        if (year < 1 || month is < 1 or > 12 || day < 1 || (day > 28 && day > DateTime.DaysInMonth(year, month)))
        {
            return false;
        }

        packed = (year * 10_000) + (month * 100) + day;
        return true;
    }

    /// <summary>The date of a value <see cref="TryReadCanonicalDate"/> packed.</summary>
    internal static DateTime FromPacked(int packed) =>
        new(packed / 10_000, packed / 100 % 100, packed % 100, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>The format as written (after <c>%%</c> unescaping of the definition's string).</summary>
    public string Text { get; }

    /// <summary>Whether the format has any time conversion (<c>%H %I %M %S %p</c>).</summary>
    public bool HasTime { get; }

    /// <summary>Compiles a format.</summary>
    /// <param name="text">The format, such as <c>%d/%m/%Y</c>.</param>
    /// <exception cref="FormatException">An unknown conversion; the message names it and its position.</exception>
    public static DateFormat Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return TryCompile(text, out var format, out var error, out _) ? format! : throw new FormatException(error);
    }

    /// <summary>Compiles a format, or says what is wrong and at which zero-based position of <paramref name="text"/> (-1: the format as a whole).</summary>
    internal static bool TryCompile(string text, out DateFormat? format, out string? error, out int errorPosition)
    {
        format = null;
        error = null;
        errorPosition = 0;
        var items = new List<Item>();
        bool hasTime = false;
        bool hasDate = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '%')
            {
                items.Add(new Item(c == ' ' ? Conversion.Space : Conversion.Literal, c));
                continue;
            }

            if (i + 1 >= text.Length)
            {
                error = $"'%' at position {i + 1} ends the date format without a conversion";
                errorPosition = i;
                return false;
            }

            char letter = text[++i];
            Conversion conversion;
            switch (letter)
            {
                case 'Y': conversion = Conversion.Year4; break;
                case 'y': conversion = Conversion.Year2; break;
                case 'm': conversion = Conversion.Month; break;
                case 'd': conversion = Conversion.Day; break;
                case 'e': conversion = Conversion.DaySpace; break;
                case 'j': conversion = Conversion.DayOfYear; break;
                case 'H': conversion = Conversion.Hour24; break;
                case 'I': conversion = Conversion.Hour12; break;
                case 'M': conversion = Conversion.Minute; break;
                case 'S': conversion = Conversion.Second; break;
                case 'p': conversion = Conversion.AmPm; break;
                case 'b': conversion = Conversion.MonthAbbreviation; break;
                case 'B': conversion = Conversion.MonthName; break;
                case '%': conversion = Conversion.Literal; break;
                default:
                    error = $"'%{letter}' at position {i} is not a known date conversion (known: %Y %y %m %d %e %j %H %I %M %S %p %b %B %%)";
                    errorPosition = i - 1;
                    return false;
            }

            hasTime |= conversion is Conversion.Hour24 or Conversion.Hour12 or Conversion.Minute or Conversion.Second or Conversion.AmPm;
            hasDate |= conversion is Conversion.Year4 or Conversion.Year2 or Conversion.Month or Conversion.Day or Conversion.DaySpace or Conversion.DayOfYear;
            items.Add(new Item(conversion, '%'));
        }

        if (!hasDate)
        {
            error = "the date format has no date conversion (%Y, %y, %m, %d, %e or %j)";
            errorPosition = -1;
            return false;
        }

        format = new DateFormat(text, items.ToArray(), hasTime);
        return true;
    }

    /// <summary>Parses a value in this format.</summary>
    /// <param name="value">The value.</param>
    /// <param name="result">The date and time, of kind <see cref="DateTimeKind.Unspecified"/>.</param>
    /// <returns>Whether the value fits the format and is a real date.</returns>
    public bool TryParse(ReadOnlySpan<char> value, out DateTime result)
    {
        result = default;
        int year = 1900, month = 1, day = 1, dayOfYear = 0, hour = 0, minute = 0, second = 0;
        int pm = -1;
        bool twelveHour = false;
        int pos = 0;
        foreach (var item in _items)
        {
            switch (item.Conversion)
            {
                case Conversion.Literal:
                    if (pos >= value.Length || value[pos] != item.Literal)
                    {
                        return false;
                    }

                    pos++;
                    break;
                case Conversion.Space:
                    while (pos < value.Length && value[pos] == ' ')
                    {
                        pos++;
                    }

                    break;
                case Conversion.Year4:
                    if (!Number(value, ref pos, 4, out year))
                    {
                        return false;
                    }

                    break;
                case Conversion.Year2:
                    if (!Number(value, ref pos, 2, out int y2))
                    {
                        return false;
                    }

                    year = y2 < 69 ? 2000 + y2 : 1900 + y2;
                    break;
                case Conversion.Month:
                    if (!Number(value, ref pos, 2, out month))
                    {
                        return false;
                    }

                    break;
                case Conversion.Day:
                    if (!Number(value, ref pos, 2, out day))
                    {
                        return false;
                    }

                    break;
                case Conversion.DaySpace:
                    if (pos < value.Length && value[pos] == ' ')
                    {
                        pos++;
                    }

                    if (!Number(value, ref pos, 2, out day))
                    {
                        return false;
                    }

                    break;
                case Conversion.DayOfYear:
                    if (!Number(value, ref pos, 3, out dayOfYear) || dayOfYear < 1)
                    {
                        return false;
                    }

                    break;
                case Conversion.Hour24:
                    if (!Number(value, ref pos, 2, out hour))
                    {
                        return false;
                    }

                    break;
                case Conversion.Hour12:
                    twelveHour = true;
                    if (!Number(value, ref pos, 2, out hour) || hour is < 1 or > 12)
                    {
                        return false;
                    }

                    break;
                case Conversion.Minute:
                    if (!Number(value, ref pos, 2, out minute))
                    {
                        return false;
                    }

                    break;
                case Conversion.Second:
                    if (!Number(value, ref pos, 2, out second))
                    {
                        return false;
                    }

                    break;
                case Conversion.AmPm:
                    if (pos + 2 > value.Length)
                    {
                        return false;
                    }

                    var marker = value.Slice(pos, 2);
                    if (marker.Equals("AM".AsSpan(), StringComparison.OrdinalIgnoreCase))
                    {
                        pm = 0;
                    }
                    else if (marker.Equals("PM".AsSpan(), StringComparison.OrdinalIgnoreCase))
                    {
                        pm = 1;
                    }
                    else
                    {
                        return false;
                    }

                    pos += 2;
                    break;
                case Conversion.MonthAbbreviation:
                case Conversion.MonthName:
                    if (!MonthFromName(value, ref pos, item.Conversion == Conversion.MonthName, out month))
                    {
                        return false;
                    }

                    break;
            }
        }

        if (pos != value.Length)
        {
            return false;
        }

        if (twelveHour || pm >= 0)
        {
            if (pm == 1 && hour < 12)
            {
                hour += 12;
            }
            else if (pm == 0 && hour == 12)
            {
                hour = 0;
            }
        }

        if (year is < 1 or > 9999 || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        if (dayOfYear > 0)
        {
            if (dayOfYear > (DateTime.IsLeapYear(year) ? 366 : 365))
            {
                return false;
            }

            result = new DateTime(year, 1, 1, hour, minute, second, DateTimeKind.Unspecified).AddDays(dayOfYear - 1);
            return true;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        result = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    /// <summary>Formats an instant in this format.</summary>
    /// <param name="value">The instant.</param>
    public string Format(DateTime value)
    {
        var builder = new StringBuilder(Text.Length + 8);
        var invariant = CultureInfo.InvariantCulture;
        foreach (var item in _items)
        {
            switch (item.Conversion)
            {
                case Conversion.Literal: builder.Append(item.Literal); break;
                case Conversion.Space: builder.Append(' '); break;
                case Conversion.Year4: builder.Append(value.Year.ToString("D4", invariant)); break;
                case Conversion.Year2: builder.Append((value.Year % 100).ToString("D2", invariant)); break;
                case Conversion.Month: builder.Append(value.Month.ToString("D2", invariant)); break;
                case Conversion.Day: builder.Append(value.Day.ToString("D2", invariant)); break;
                case Conversion.DaySpace: builder.Append(value.Day.ToString(invariant).PadLeft(2)); break;
                case Conversion.DayOfYear: builder.Append(value.DayOfYear.ToString("D3", invariant)); break;
                case Conversion.Hour24: builder.Append(value.Hour.ToString("D2", invariant)); break;
                case Conversion.Hour12: builder.Append((value.Hour % 12 == 0 ? 12 : value.Hour % 12).ToString("D2", invariant)); break;
                case Conversion.Minute: builder.Append(value.Minute.ToString("D2", invariant)); break;
                case Conversion.Second: builder.Append(value.Second.ToString("D2", invariant)); break;
                case Conversion.AmPm: builder.Append(value.Hour < 12 ? "AM" : "PM"); break;
                case Conversion.MonthAbbreviation: builder.Append(MonthAbbreviations[value.Month - 1]); break;
                case Conversion.MonthName: builder.Append(MonthNames[value.Month - 1]); break;
            }
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Whether two formats are written the same.</summary>
    /// <param name="other">The other format.</param>
    public bool Equals(DateFormat? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DateFormat);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    private static bool Number(ReadOnlySpan<char> value, ref int pos, int maxDigits, out int number)
    {
        number = 0;
        int start = pos;
        while (pos < value.Length && pos - start < maxDigits && value[pos] is >= '0' and <= '9')
        {
            number = (number * 10) + (value[pos] - '0');
            pos++;
        }

        return pos > start;
    }

    private static bool MonthFromName(ReadOnlySpan<char> value, ref int pos, bool full, out int month)
    {
        var names = full ? MonthNames : MonthAbbreviations;
        var rest = value.Slice(pos);
        for (int i = 0; i < 12; i++)
        {
            var name = names[i].AsSpan();
            if (rest.Length >= name.Length && rest.Slice(0, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                month = i + 1;
                pos += name.Length;
                return true;
            }
        }

        month = 0;
        return false;
    }

    private enum Conversion : byte
    {
        Literal,
        Space,
        Year4,
        Year2,
        Month,
        Day,
        DaySpace,
        DayOfYear,
        Hour24,
        Hour12,
        Minute,
        Second,
        AmPm,
        MonthAbbreviation,
        MonthName,
    }

    private readonly record struct Item(Conversion Conversion, char Literal);
}
