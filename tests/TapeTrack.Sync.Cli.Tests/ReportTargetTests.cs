using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

// What --report writes to when the path is not a plain file (a FIFO, a device, a symbolic link), and the guard that
// refuses a report over standard input's file or an included definition (cli.md, docs/command-line.md "--report").
public class ReportTargetTests
{

    [Fact]
    public async Task A_report_to_a_fifo_is_written_into_it_and_the_fifo_stays_a_fifo()
    {
        using var site = await CsvSite.CreateAsync();
        SystemCommand.Run("mkfifo", site.Folder["report.fifo"]);
        string expected = await RegularReportAsync(site);
        var reader = ReadFifo(site.Folder["report.fifo"]);

        var result = await site.SyncAsync("--dry-run", "--report", "report.fifo");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, await FinishAsync(reader, site.Folder["report.fifo"]));
        Assert.Equal("fifo", FileType(site.Folder["report.fifo"]));
        AssertReport(expected);
        Assert.Equal(new[] { "r.json", "report.fifo", "store.db" }, Names(site.Folder.Path));
    }

    [Fact]
    public async Task A_report_through_a_symbolic_link_to_a_fifo_is_written_into_the_fifo_and_the_link_kept()
    {
        using var site = await CsvSite.CreateAsync();
        SystemCommand.Run("mkfifo", site.Folder["report.fifo"]);
        File.CreateSymbolicLink(site.Folder["link.json"], "report.fifo");
        string expected = await RegularReportAsync(site);
        var reader = ReadFifo(site.Folder["report.fifo"]);

        var result = await site.SyncAsync("--dry-run", "--report", "link.json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, await FinishAsync(reader, site.Folder["report.fifo"]));
        Assert.Equal("report.fifo", new FileInfo(site.Folder["link.json"]).LinkTarget);
        Assert.Equal("fifo", FileType(site.Folder["report.fifo"]));
        Assert.Equal(new[] { "link.json", "r.json", "report.fifo", "store.db" }, Names(site.Folder.Path));
    }

    [Fact]
    public async Task A_report_through_a_symbolic_link_to_a_file_replaces_that_file_and_keeps_the_link()
    {
        using var site = await CsvSite.CreateAsync();
        Directory.CreateDirectory(site.Folder["reports"]);
        File.WriteAllText(site.Folder["reports/nightly.json"], "the old report");
        File.CreateSymbolicLink(site.Folder["latest.json"], "reports/nightly.json");
        string expected = await RegularReportAsync(site);

        var result = await site.SyncAsync("--dry-run", "--report", "latest.json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("reports/nightly.json", new FileInfo(site.Folder["latest.json"]).LinkTarget);
        Assert.Equal(expected, File.ReadAllText(site.Folder["reports/nightly.json"]));
        Assert.Equal(new[] { "nightly.json" }, Names(site.Folder["reports"]));
        Assert.Equal(new[] { "latest.json", "r.json", "reports", "store.db" }, Names(site.Folder.Path));
    }

    [Fact]
    public async Task A_report_to_a_character_device_is_written_to_it_and_the_device_stays()
    {
        using var site = await CsvSite.CreateAsync();
        MakeDevice(site.Folder["null.json"], "1", "3"); // a null device: what is written is discarded

        var result = await site.SyncAsync("--dry-run", "--report", "null.json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr.Replace("line 9: warning: VolumeNotFound: US01.LTO.000007L6 is not on the server\n", string.Empty, StringComparison.Ordinal));
        Assert.Equal("character special file", FileType(site.Folder["null.json"]));
        Assert.Equal(new[] { "null.json", "store.db" }, Names(site.Folder.Path));
    }

    [Fact]
    public async Task A_report_to_a_device_that_refuses_the_write_exits_4_naming_it_and_the_device_stays()
    {
        using var site = await CsvSite.CreateAsync();
        MakeDevice(site.Folder["full.json"], "1", "7"); // a full device: every write fails with ENOSPC

        var result = await site.SyncAsync("--dry-run", "--report", "full.json");

        Assert.Equal(4, result.ExitCode);
        Assert.Equal(10, CsvSite.Statistic(result.Stdout, "Records read:"));
        Assert.Contains($"tapetrack-sync: the sync was done (see the statistics), but the report '{site.Folder["full.json"]}' could not be written: No space left on device", result.Stderr);
        Assert.DoesNotContain("   at ", result.All);
        Assert.Equal("character special file", FileType(site.Folder["full.json"]));
        Assert.Equal(new[] { "full.json", "store.db" }, Names(site.Folder.Path));
    }

    [Fact]
    public async Task A_report_naming_the_file_standard_input_reads_is_refused_and_the_file_is_left_alone()
    {
        using var site = await CsvSite.CreateAsync();
        File.Copy(CsvSite.Report, site.Folder["r1.csv"]);
        site.Runner.StandardInputFile = site.Folder["r1.csv"];
        byte[] before = File.ReadAllBytes(site.Folder["r1.csv"]);

        var result = await site.SyncAsync("--dry-run", "--report", "r1.csv");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"tapetrack-sync: --report '{site.Folder["r1.csv"]}' is the input (standard input is that file); writing the report there would destroy it. Nothing was read or sent\n", result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(before, File.ReadAllBytes(site.Folder["r1.csv"]));
    }

    [Fact]
    public async Task A_report_through_a_linked_folder_naming_the_file_standard_input_reads_is_refused()
    {
        using var site = await CsvSite.CreateAsync();
        Directory.CreateDirectory(site.Folder["in"]);
        File.Copy(CsvSite.Report, site.Folder["in/r1.csv"]);
        Directory.CreateSymbolicLink(site.Folder["alias"], "in");
        site.Runner.StandardInputFile = site.Folder["in/r1.csv"];
        byte[] before = File.ReadAllBytes(site.Folder["in/r1.csv"]);

        var result = await site.SyncAsync("--dry-run", "--report", "alias/r1.csv");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is the input (standard input is that file); writing the report there would destroy it", result.Stderr);
        Assert.Equal(before, File.ReadAllBytes(site.Folder["in/r1.csv"]));
    }

    [Fact]
    public async Task The_tool_process_finds_the_file_on_its_standard_input_and_refuses_a_report_over_it()
    {
        using var site = await CsvSite.CreateAsync();
        File.Copy(CsvSite.Report, site.Folder["r1.csv"]);
        byte[] before = File.ReadAllBytes(site.Folder["r1.csv"]);

        // `tapetrack-sync ... < r1.csv`: standard input is the file itself, not a pipe
        var refused = await RunToolAsync(site.Folder.Path, "r1.csv", "-S", "store:store.db", "-d", CsvSite.Definition, "--dry-run", "--report", "r1.csv");
        var written = await RunToolAsync(site.Folder.Path, "r1.csv", "-S", "store:store.db", "-d", CsvSite.Definition, "--dry-run", "--report", "r.json");

        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith($"tapetrack-sync: --report '{site.Folder["r1.csv"]}' is the input (standard input is that file); writing the report there would destroy it. Nothing was read or sent\n", refused.Stderr);
        Assert.Equal(before, File.ReadAllBytes(site.Folder["r1.csv"]));
        Assert.Equal(0, written.ExitCode);
        Assert.Equal(10, CsvSite.Statistic(written.Stdout, "Records read:"));
        AssertReport(File.ReadAllText(site.Folder["r.json"]));
    }

    [Theory]
    [InlineData("inc.ttidef")]
    [InlineData("parts/leaf.ttidef")]
    public async Task A_report_naming_a_file_the_definition_includes_is_refused_and_the_file_is_left_alone(string target)
    {
        using var site = await CsvSite.CreateAsync();
        site.Folder.Write("top.ttidef", "Include(\"inc.ttidef\");\n");
        site.Folder.Write("inc.ttidef", "Include(\"parts/leaf.ttidef\");\n");
        Directory.CreateDirectory(site.Folder["parts"]);
        File.Copy(CsvSite.Definition, site.Folder["parts/leaf.ttidef"]);
        byte[] before = File.ReadAllBytes(site.Folder[target]);

        var result = await site.Runner.RunAsync("-S", "store:store.db", "-d", "top.ttidef", "--dry-run", "--report", target);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"tapetrack-sync: --report '{site.Folder[target]}' is a file the definition includes; writing the report there would destroy it. Nothing was read or sent\n", result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(before, File.ReadAllBytes(site.Folder[target]));
    }

    // the same dry run's report written to a plain file: what any other target must receive, byte for byte
    private static async Task<string> RegularReportAsync(CsvSite site)
    {
        var result = await site.SyncAsync("--dry-run", "--report", "r.json");
        Assert.Equal(0, result.ExitCode);
        return File.ReadAllText(site.Folder["r.json"]);
    }

    private static void AssertReport(string json)
    {
        using var report = JsonDocument.Parse(json);
        Assert.True(report.RootElement.GetProperty("dryRun").GetBoolean());
        var statistics = report.RootElement.GetProperty("statistics");
        Assert.Equal(10, statistics.GetProperty("recordsRead").GetInt32());
        Assert.Equal(3, statistics.GetProperty("volumesUpdated").GetInt32());
        Assert.Equal(1, statistics.GetProperty("volumesNotFound").GetInt32());
    }

    // opens the FIFO for reading (blocking until the tool opens it for writing) and reads to its end
    private static Task<string> ReadFifo(string path) => Task.Run(() => File.ReadAllText(path));

    private static async Task<string> FinishAsync(Task<string> reader, string path)
    {
        try
        {
            return await reader.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // the tool never wrote to the FIFO: an empty write end lets the reader go, if the FIFO is still there
            if (FileType(path) == "fifo")
            {
                new FileStream(path, FileMode.Open, FileAccess.Write).Dispose();
            }

            throw;
        }
    }

    private static string[] Names(string folder)
    {
        var names = Array.ConvertAll(Directory.GetFileSystemEntries(folder), e => Path.GetFileName(e)!);
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }

    // what the file system says the node is (stat -c %F: "regular file", "fifo", "character special file", ...)
    private static string FileType(string path)
    {
        var start = new ProcessStartInfo("stat") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("%F");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }

    private static void MakeDevice(string path, string major, string minor)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            // not a skip: the CI runs these tests as root on Linux, and a test that cannot fail proves nothing
            throw new PlatformNotSupportedException("mknod needs root on Linux");
        }

        SystemCommand.Run("mknod", "-m", "666", path, "c", major, minor);
    }

    // the real tool, its standard input redirected from a file by the shell (not a pipe)
    private static Task<CliResult> RunToolAsync(string workingDirectory, string standardInput, params string[] args) =>
        ToolProcess.RunAsync(workingDirectory, "< \"$input\"", standardInput, args);
}
