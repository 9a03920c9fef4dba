using System;
using TapeTrack.Sync.Definitions;

namespace TapeTrack.Sync.Tests.Definitions;

public class DateAndDurationTests
{
    [Theory]
    [InlineData("%Y-%m-%d", "2026-11-25", 2026, 11, 25, 0, 0, 0)]
    [InlineData("%d/%m/%y", "01/02/03", 2003, 2, 1, 0, 0, 0)]
    [InlineData("%m/%d/%Y %H:%M:%S", "11/25/2026 14:05:09", 2026, 11, 25, 14, 5, 9)]
    [InlineData("%d %b %Y %I:%M %p", "5 Mar 2024 12:30 AM", 2024, 3, 5, 0, 30, 0)]
    [InlineData("%Y%j", "2024060", 2024, 2, 29, 0, 0, 0)]
    [InlineData("%B %e, %Y", "July  4, 2025", 2025, 7, 4, 0, 0, 0)]
    public void A_date_format_reads_strftime_conversions(string format, string value, int y, int mo, int d, int h, int mi, int s)
    {
        Assert.True(DateFormat.Parse(format).TryParse(value.AsSpan(), out var result));
        Assert.Equal(new DateTime(y, mo, d, h, mi, s), result);
    }

    [Theory]
    [InlineData("%Y-%m-%d", "2026-02-30")]
    [InlineData("%Y-%m-%d", "2026-11-25x")]
    [InlineData("%H:%M %d", "25:00 01")]
    public void A_value_that_does_not_fit_is_refused_without_throwing(string format, string value)
    {
        Assert.False(DateFormat.Parse(format).TryParse(value.AsSpan(), out _));
    }

    [Theory]
    [InlineData("%Q")]
    [InlineData("%Y-%")]
    [InlineData("%H:%M")]
    public void A_bad_date_format_is_a_format_exception(string format)
    {
        Assert.Throws<FormatException>(() => DateFormat.Parse(format));
    }

    [Theory]
    [InlineData("7", 0, 0, 7, 0)]
    [InlineData("0:1", 0, 0, 1, 0)]
    [InlineData("6:0", 0, 0, 0, 6)]
    [InlineData("1:2:3:4", 4, 3, 2, 1)]
    [InlineData("1y2m3d4h", 1, 2, 3, 4)]
    [InlineData("1Y4H", 1, 0, 0, 4)]
    [InlineData("0", 0, 0, 0, 0)]
    public void A_duration_is_days_colon_form_or_unit_form(string text, int years, int months, int days, int hours)
    {
        Assert.True(SyncDuration.TryParse(text, out var duration));
        Assert.Equal(new SyncDuration(years, months, days, hours), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("1:2:3:4:5")]
    [InlineData("3d1y")]
    [InlineData("1y 2m")]
    public void A_malformed_duration_is_refused(string text)
    {
        Assert.False(SyncDuration.TryParse(text, out _));
    }
}
