using System;
using System.Globalization;

namespace TapeTrack.Sync.Definitions;

/// <summary>
/// A period of the definition language: a number of days (<c>"7"</c>), the colon form
/// <c>hours:days[:months[:years]]</c> (<c>"0:1"</c> is one day), or the recommended
/// <c>"1y2m3d4h"</c> (any subset, in that order).
/// </summary>
public readonly record struct SyncDuration(int Years, int Months, int Days, int Hours)
{
    /// <summary>Whether the duration is zero.</summary>
    public bool IsZero => Years == 0 && Months == 0 && Days == 0 && Hours == 0;

    /// <summary>Adds the period to an instant: years, then months, then days, then hours.</summary>
    /// <param name="value">The instant.</param>
    public DateTime AddTo(DateTime value) => value.AddYears(Years).AddMonths(Months).AddDays(Days).AddHours(Hours);

    /// <summary>Subtracts the period from an instant.</summary>
    /// <param name="value">The instant.</param>
    public DateTime SubtractFrom(DateTime value) => value.AddYears(-Years).AddMonths(-Months).AddDays(-Days).AddHours(-Hours);

    /// <summary>Parses a duration in any of its forms.</summary>
    /// <param name="text">The text.</param>
    /// <param name="duration">The duration, when it parses.</param>
    /// <returns>Whether it parses.</returns>
    public static bool TryParse(string? text, out SyncDuration duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text!.Trim();
        if (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int days))
        {
            duration = new SyncDuration(0, 0, days, 0);
            return true;
        }

        if (s.IndexOf(':') >= 0)
        {
            var parts = s.Split(':');
            if (parts.Length > 4)
            {
                return false;
            }

            var values = new int[4];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i]))
                {
                    return false;
                }
            }

            duration = new SyncDuration(values[3], values[2], values[1], values[0]);
            return true;
        }

        // 1y2m3d4h: any subset, in that order
        int y = 0, m = 0, d = 0, h = 0, order = 0, pos = 0;
        while (pos < s.Length)
        {
            int start = pos;
            if (s[pos] is '-' or '+')
            {
                pos++;
            }

            while (pos < s.Length && char.IsDigit(s[pos]))
            {
                pos++;
            }

            if (pos == start || pos >= s.Length || !int.TryParse(s.Substring(start, pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n))
            {
                return false;
            }

            int unit = char.ToLowerInvariant(s[pos++]) switch { 'y' => 1, 'm' => 2, 'd' => 3, 'h' => 4, _ => 0 };
            if (unit <= order)
            {
                return false;
            }

            order = unit;
            switch (unit)
            {
                case 1: y = n; break;
                case 2: m = n; break;
                case 3: d = n; break;
                default: h = n; break;
            }
        }

        duration = new SyncDuration(y, m, d, h);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Years}y{Months}m{Days}d{Hours}h";
}
