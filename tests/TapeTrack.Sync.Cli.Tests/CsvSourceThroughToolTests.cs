using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

public class CsvSourceThroughToolTests
{
    [Fact]
    public async Task Csv_source_against_the_embedded_store_gives_the_documented_results()
    {
        using var site = await CsvSite.CreateAsync();

        var result = await site.SyncAsync("--report", "report.json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(10, CsvSite.Statistic(result.Stdout, "Records read:"));
        Assert.Equal(2, CsvSite.Statistic(result.Stdout, "Records excluded:"));
        Assert.Equal(7, CsvSite.Statistic(result.Stdout, "Volumes matched:"));
        Assert.Equal(1, CsvSite.Statistic(result.Stdout, "Volumes not found:"));
        Assert.Equal(4, CsvSite.Statistic(result.Stdout, "Volumes unchanged:"));
        Assert.Equal(3, CsvSite.Statistic(result.Stdout, "Volumes updated:"));
        Assert.Equal(2, CsvSite.Statistic(result.Stdout, "Moves requested:"));
        Assert.Equal(0, CsvSite.Statistic(result.Stdout, "Record errors:"));
        Assert.Equal("line 9: warning: VolumeNotFound: US01.LTO.000007L6 is not on the server", result.Stderr.Trim());

        using var report = JsonDocument.Parse(File.ReadAllText(site.Folder["report.json"]));
        var changes = report.RootElement.GetProperty("changes").EnumerateArray()
            .Select(c => $"{c.GetProperty("volume").GetString()} {c.GetProperty("field").GetString()} {c.GetProperty("from").GetString()}->{c.GetProperty("to").GetString()}")
            .ToArray();
        Assert.Equal(new[]
        {
            "000001L6 REPOSITORY LIBR->OFFS",
            "000001L6 MOVEDATE ->2021-10-14",
            "000004L6 REPOSITORY LIBR->RACK",
            "000005L6 DESCRIPTION monthly_full->yearly_full",
            "000005L6 MOVEDATE ->1970-01-01",
        }, changes);
    }

    [Fact]
    public async Task The_changes_are_kept_in_the_store_and_a_second_run_changes_nothing()
    {
        using var site = await CsvSite.CreateAsync();
        Assert.Equal(0, (await site.SyncAsync()).ExitCode);

        using (var exported = JsonDocument.Parse(await site.ExportAsync()))
        {
            var volume = exported.RootElement.GetProperty("customers")[0].GetProperty("media")[0].GetProperty("volumes").EnumerateArray()
                .Single(v => v.GetProperty("id").GetString() == "000001L6");
            Assert.Equal("LIBR", volume.GetProperty("current").GetString());
            Assert.Equal("OFFS", volume.GetProperty("target").GetString());
            Assert.Equal("2021-10-14", volume.GetProperty("moveDate").GetString());
        }

        var second = await site.SyncAsync();
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(0, CsvSite.Statistic(second.Stdout, "Volumes updated:"));
        Assert.Equal(7, CsvSite.Statistic(second.Stdout, "Volumes unchanged:"));
    }

    [Fact]
    public async Task Dry_run_reports_the_changes_and_leaves_the_store_alone()
    {
        using var site = await CsvSite.CreateAsync();
        string before = await site.ExportAsync();

        var result = await site.SyncAsync("--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Dry run: nothing was sent to the server.", result.Stdout);
        Assert.Equal(3, CsvSite.Statistic(result.Stdout, "Volumes updated:"));
        Assert.Equal(before, await site.ExportAsync());
    }

    [Fact]
    public async Task Report_dash_puts_only_the_json_report_on_stdout()
    {
        using var site = await CsvSite.CreateAsync();

        var result = await site.SyncAsync("--report", "-");

        Assert.Equal(0, result.ExitCode);
        using var report = JsonDocument.Parse(result.Stdout);
        Assert.False(report.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal(10, report.RootElement.GetProperty("statistics").GetProperty("recordsRead").GetInt32());
        Assert.Equal(5, report.RootElement.GetProperty("changes").GetArrayLength());
        Assert.Equal(10, CsvSite.Statistic(result.Stderr, "Records read:"));
    }

    [Fact]
    public async Task Add_volumes_adds_the_volume_the_store_does_not_have()
    {
        using var site = await CsvSite.CreateAsync();

        var result = await site.SyncAsync("-a");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, CsvSite.Statistic(result.Stdout, "Volumes added:"));
        Assert.Equal(0, CsvSite.Statistic(result.Stdout, "Volumes not found:"));
        Assert.Contains("\"id\": \"000007L6\"", await site.ExportAsync());
    }

    [Fact]
    public async Task Description_attribute_sends_the_description_to_the_numbered_attribute()
    {
        using var site = await CsvSite.CreateAsync();

        var result = await site.SyncAsync("-A", "3", "--report", "-");

        Assert.Equal(0, result.ExitCode);
        using var report = JsonDocument.Parse(result.Stdout);
        var fields = report.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("field").GetString()).ToArray();
        Assert.Contains("ATTRIBUTE3", fields);
        Assert.DoesNotContain("DESCRIPTION", fields);
    }

    [Fact]
    public async Task A_smaller_batch_size_makes_more_server_requests()
    {
        using var site = await CsvSite.CreateAsync();
        using var other = await CsvSite.CreateAsync();

        var batched = await site.SyncAsync("--dry-run", "--scope-cache", "1");
        var single = await other.SyncAsync("--batch-size", "1", "--scope-cache", "1");

        Assert.Equal(0, single.ExitCode);
        Assert.Equal(1, CsvSite.Statistic(single.Stdout, "Scope downloads:"));
        Assert.True(CsvSite.Statistic(single.Stdout, "Server requests:") > CsvSite.Statistic(batched.Stdout, "Server requests:"));
    }

    [Fact]
    public async Task Inventory_mode_warns_of_volumes_missing_from_a_listed_location()
    {
        using var site = await CsvSite.CreateAsync();
        site.Folder.Write("inventory.ttidef", """
            setCSVDelimiter(",");
            SetLiteral(CUSTOMER, "US01");
            SetLiteral(MEDIA, "LTO");
            Extract(VOLUME, 1, 10, 0);
            Extract(LOCATION, 2, 20, 0);
            AddTranslation(LOCATION, "Library", "LIBR");
            """);
        site.Runner.StandardInputFile = null;

        var result = await site.Runner.RunWithInputAsync("000000L6,Library\n", "-S", "store:store.db", "-d", "inventory.ttidef", "--inventory");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, CsvSite.Statistic(result.Stdout, "  MissingFromLibrary:"));
        var warnings = result.Stderr.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).OrderBy(w => w, System.StringComparer.Ordinal).ToArray();
        Assert.Equal(new[]
        {
            "warning: MissingFromLibrary: US01.LTO.000001L6 should be at LIBR but was not listed",
            "warning: MissingFromLibrary: US01.LTO.000004L6 should be at LIBR but was not listed",
            "warning: MissingFromLibrary: US01.LTO.000005L6 should be at LIBR but was not listed",
        }, warnings);
    }
}
