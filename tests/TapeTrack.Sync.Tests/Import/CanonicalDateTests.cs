using System;
using System.Globalization;
using TapeTrack.Sync.Definitions;

namespace TapeTrack.Sync.Tests.Import;

/// <summary>The shortcut for a date already written as yyyy-MM-dd (issue 14) against the general readers.</summary>
public class CanonicalDateTests
{
    [Fact]
    public void The_shortcut_reads_what_the_format_and_the_canonical_reader_read_and_nothing_else()
    {
        var format = DateFormat.Parse("%Y-%m-%d");
        Assert.True(format.IsCanonicalDate);
        Assert.False(DateFormat.Parse("%Y-%d-%m").IsCanonicalDate);
        Assert.False(DateFormat.Parse("%Y/%m/%d").IsCanonicalDate);
        Assert.False(DateFormat.Parse("%Y-%m-%d %H").IsCanonicalDate);

        var random = new Random(14);
        const string Alphabet = "0123456789-- x";
        int shortcuts = 0;
        for (int i = 0; i < 100_000; i++)
        {
            string value;
            if (i % 2 == 0)
            {
                // a date around the valid range, sometimes one day off the end of a month
                int year = random.Next(0, 10_000), month = random.Next(0, 14), day = random.Next(0, 33);
                value = string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}");
            }
            else
            {
                var chars = new char[random.Next(8, 12)];
                for (int c = 0; c < chars.Length; c++)
                {
                    chars[c] = Alphabet[random.Next(Alphabet.Length)];
                }

                value = new string(chars);
            }

            bool fast = DateFormat.TryParseCanonicalDate(value.AsSpan(), out var quick);
            bool byFormat = format.TryParse(value.AsSpan(), out var general);
            bool exact = DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var canonical);
            if (fast)
            {
                shortcuts++;
                Assert.True(byFormat && exact, value);
                Assert.Equal(general, quick);
                Assert.Equal(canonical, quick);
                Assert.Equal(value, quick.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            else
            {
                // the shortcut only declines: what it does not take is either no date or not written canonically
                Assert.False(exact && byFormat && value == general.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), value);
            }
        }

        Assert.True(shortcuts > 20_000, $"{shortcuts} dates read by the shortcut");
    }
}
