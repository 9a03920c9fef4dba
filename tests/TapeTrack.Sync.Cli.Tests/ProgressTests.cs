using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace TapeTrack.Sync.Cli.Tests;

public class ProgressTests
{
    private static CliRunner WithTickingClock(CsvSite site)
    {
        // every reading of the clock moves it on by a second, so each record is a second apart
        site.Runner.TimeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };
        return site.Runner;
    }

    [Fact]
    public async Task Progress_shows_records_per_second_and_the_scope_on_stderr_only()
    {
        using var site = await CsvSite.CreateAsync();
        WithTickingClock(site);

        var result = await site.SyncAsync("--progress");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stderr.Split('\n').Where(l => l.StartsWith("progress: ", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Matches(@"^progress: \d+ records, \d+ records/s, scope (-|US01\.LTO)$", l.TrimEnd('\r')));
        Assert.Contains(lines, l => l.Contains("scope US01.LTO"));
        Assert.DoesNotContain("progress:", result.Stdout);
    }

    [Fact]
    public async Task Progress_is_on_by_default_when_stderr_is_a_terminal_and_off_with_no_progress()
    {
        using var site = await CsvSite.CreateAsync();
        WithTickingClock(site);
        site.Runner.StandardErrorIsTerminal = true;

        var terminal = await site.SyncAsync("--dry-run");
        var suppressed = await site.SyncAsync("--dry-run", "--no-progress");

        Assert.Contains("progress: ", terminal.Stderr);
        Assert.DoesNotContain("progress: ", suppressed.Stderr);
    }

    [Fact]
    public async Task Progress_is_off_by_default_when_stderr_is_redirected()
    {
        using var site = await CsvSite.CreateAsync();
        WithTickingClock(site);

        var result = await site.SyncAsync("--dry-run");

        Assert.DoesNotContain("progress: ", result.Stderr);
    }

    [Fact]
    public async Task Progress_is_throttled_to_about_once_a_second()
    {
        using var site = await CsvSite.CreateAsync();

        // a clock that does not move: no second has passed, so no progress line
        var result = await site.SyncAsync("--progress");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("progress: ", result.Stderr);
    }
}
