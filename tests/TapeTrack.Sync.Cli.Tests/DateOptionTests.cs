using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

public class DateOptionTests
{
    private const string MoveDateRule = """
        setCSVDelimiter(",");
        SetLiteral(CUSTOMER, "US01");
        SetLiteral(MEDIA, "LTO");
        Extract(VOLUME, 1, 10, 0);
        Extract(MOVEDATE, 2, 10, 0);
        SetMoveDateFormat("%%Y-%%m-%%d");
        AddRepositoryOnMoveDate(VOLUME, "*", "7", "OFFS");
        """;

    [Theory]
    [InlineData("2021-10-10T00:00:00", 1)]
    [InlineData("2021-09-01T00:00:00", 0)]
    [InlineData("2021-10-10T00:00:00+05:00", 1)]
    public async Task Now_is_the_instant_the_date_rules_compare_with(string now, long moves)
    {
        using var site = await CsvSite.CreateAsync();
        site.Folder.Write("rule.ttidef", MoveDateRule);
        site.Runner.StandardInputFile = null;

        // 000004L6 is due to move on 2021-10-14: within 7 days of the 10th, not of September 1st
        var result = await site.Runner.RunWithInputAsync("000004L6,2021-10-14\n", "-S", "store:store.db", "-d", "rule.ttidef", "--now", now, "--time-zone", "UTC", "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(moves, CsvSite.Statistic(result.Stdout, "Moves requested:"));
    }

    [Fact]
    public async Task Without_now_the_date_rules_use_the_clock()
    {
        using var site = await CsvSite.CreateAsync();
        site.Folder.Write("rule.ttidef", MoveDateRule);
        site.Runner.StandardInputFile = null;

        // the site's clock says 2026-11-25: the move date of 2021 has long passed, so the rule fires
        var result = await site.Runner.RunWithInputAsync("000004L6,2021-10-14\n", "-S", "store:store.db", "-d", "rule.ttidef", "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, CsvSite.Statistic(result.Stdout, "Moves requested:"));
    }
}
