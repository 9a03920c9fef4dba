using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Sqlite;

namespace TapeTrack.Sync.Samples.Tests.Samples;

// samples/InHouseTool run as its users run it: a process, appsettings.json beside it, the environment over it.
public class InHouseToolTests
{
    private static readonly VolumeKey E01001 = new("US01", "LTO8", "E01001L8");
    private static readonly VolumeKey E01006 = new("US01", "LTO8", "E01006L8");

    private static Dictionary<string, string> Environment(TempFolder folder) => new()
    {
        ["NightlySync__Definition"] = SamplePaths.Sample("nightly", "nightly.ttidef"),
        ["NightlySync__Report"] = SamplePaths.Sample("nightly", "report.csv"),
        ["NightlySync__SeedStore"] = SamplePaths.Sample("nightly", "store.json"),
        ["NightlySync__Store"] = folder.File("site.db"),
    };

    private static Task<ProcessResult> RunToolAsync(TempFolder folder, Dictionary<string, string> environment, params string[] args) =>
        ProcessRunner.RunAsync("dotnet", new[] { SamplePaths.Built("InHouseTool") }.Concat(args), folder.Path, environment);

    private static int Statistic(string output, string label) =>
        int.Parse(Regex.Match(output, @"^\s*" + Regex.Escape(label) + @"\s+(\d+)$", RegexOptions.Multiline).Groups[1].Value);

    [Fact]
    public async Task Syncs_the_bundled_report_into_the_store_prints_the_summary_and_writes_the_audit_log()
    {
        using var folder = new TempFolder();

        var run = await RunToolAsync(folder, Environment(folder));

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(9, Statistic(run.Stdout, "Records read:"));
        Assert.Equal(4, Statistic(run.Stdout, "Volumes updated:"));
        Assert.Equal(2, Statistic(run.Stdout, "Moves requested:"));
        Assert.Equal(1, Statistic(run.Stdout, "VolumeNotFound:"));
        Assert.DoesNotContain("info:", run.Stdout); // logs go to standard error, the summary alone to standard output
        Assert.Contains("info: InHouseTool.NightlySync[2] Created the store", run.Stderr);
        Assert.Contains("warn: TapeTrack.Sync[302] line 9: warning: VolumeNotFound: US01.LTO8.E01007L8 is not on the server", run.Stderr);

        // the audit log (appsettings.json names it; relative to the working folder): one line per change and warning
        var audit = File.ReadAllLines(folder.File("audit.log")).Select(line => line.Substring(line.IndexOf(' ') + 1)).ToArray();
        Assert.Equal(9, audit.Length);
        Assert.Contains("applied Set US01.LTO8.E01001L8 REPOSITORY: LIBR -> OFFS (line 2)", audit);
        Assert.Contains("applied Set US01.LTO8.E01006L8 SLOT: (empty) -> 16 (line 7)", audit);
        Assert.Contains("line 9: warning: VolumeNotFound: US01.LTO8.E01007L8 is not on the server", audit);

        await using var store = await SqliteTapeStore.OpenAsync(folder.File("site.db"));
        var e01001 = await store.GetVolumeAsync(E01001);
        var e01006 = await store.GetVolumeAsync(E01006);
        Assert.Equal(("LIBR", "OFFS", "2026-12-23"), (e01001!.Current, e01001.Target, e01001.Get("MOVEDATE")));
        Assert.Equal(("OFFS", "LIBR", "16"), (e01006!.Current, e01006.Target, e01006.Get("SLOT")));
        Assert.Null(await store.GetVolumeAsync(new VolumeKey("US01", "LTO8", "E01007L8")));
    }

    [Fact]
    public async Task A_second_run_finds_nothing_left_to_change()
    {
        using var folder = new TempFolder();
        var environment = Environment(folder);
        await RunToolAsync(folder, environment);

        var second = await RunToolAsync(folder, environment);

        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal(0, Statistic(second.Stdout, "Volumes updated:"));
        Assert.Equal(6, Statistic(second.Stdout, "Volumes unchanged:"));
        Assert.DoesNotContain("Created the store", second.Stderr);
    }

    [Fact]
    public async Task A_dry_run_from_the_command_line_changes_nothing_and_logs_the_plan()
    {
        using var folder = new TempFolder();

        var run = await RunToolAsync(folder, Environment(folder), "--NightlySync:DryRun=true");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(4, Statistic(run.Stdout, "Volumes updated:"));
        Assert.Contains("planned Set US01.LTO8.E01001L8 REPOSITORY: LIBR -> OFFS (line 2)", File.ReadAllText(folder.File("audit.log")));
        await using var store = await SqliteTapeStore.OpenAsync(folder.File("site.db"));
        var e01001 = await store.GetVolumeAsync(E01001);
        Assert.Equal("LIBR", e01001!.Target);
    }

    [Fact]
    public async Task A_definition_with_an_error_is_one_clear_message_and_exit_code_2()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("bad.ttidef"), "SetCSVDelimiter(\",\");\nExtract(VOLUME, 1, 8, 0)\n");
        var environment = Environment(folder);
        environment["NightlySync__Definition"] = folder.File("bad.ttidef");

        var run = await RunToolAsync(folder, environment);

        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"fail: InHouseTool\.NightlySync\[6\] .*bad\.ttidef:\d+:\d+", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.False(File.Exists(folder.File("site.db")));
    }
}
