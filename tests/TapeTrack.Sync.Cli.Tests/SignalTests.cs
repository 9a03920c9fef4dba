using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

// SIGTERM and SIGINT to the real tool process (cli.md exit codes 130/143, sync.md "Errors and faults").
public class SignalTests
{
    private static string ToolDll => Path.Combine(AppContext.BaseDirectory, "tapetrack-sync.dll");

    private static Process Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(ToolDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {process.Id}")!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    // Whether the tool ended within 30 s of the signal; one that has not is killed, so that its output ends and the test
    // fails rather than waits for ever. A process started in the background by a shell without job control (`cmd &` in
    // a script) ignores SIGINT, and so do its children, the test host and the tool among them: the runtime then leaves
    // SIGINT ignored, as a background job should, and the test says so.
    private static bool EndsWithin30Seconds(Process process, string signal)
    {
        if (process.WaitForExit(30_000))
        {
            return true;
        }

        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        Assert.False(signal == "INT" && SigIntIgnoredHere(), "SIGINT is ignored in this test run (started in the background without job control?): the tool, which inherits that, cannot answer it");
        return false;
    }

    // whether this process ignores SIGINT (the SigIgn mask of /proc/self/status, bit 1 for signal 2)
    private static bool SigIntIgnoredHere()
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line.Substring(7).Trim(), 16) & 2) != 0;
    }

    // until the store shows both records applied (export reads while the tool holds the store)
    private static async Task WaitForAppliedAsync(CsvSite site, Process process, Task<string> stderr)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                Assert.Fail("the tool ended early: " + await stderr);
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "timed out waiting for the tool to apply two records");
            var export = await site.Runner.RunAsync("store", "export", "--store", "store.db");
            if (export.ExitCode == 0)
            {
                using var store = JsonDocument.Parse(export.Stdout);
                var volumes = store.RootElement.GetProperty("customers")[0].GetProperty("media")[0].GetProperty("volumes").EnumerateArray().ToList();
                string? Target(string id) => volumes.First(v => v.GetProperty("id").GetString() == id).TryGetProperty("target", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (Target("000001L6") == "OFFS" && Target("000004L6") == "RACK")
                {
                    return;
                }
            }

            await Task.Delay(200);
        }
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public async Task A_signal_while_the_tool_waits_for_input_is_answered_at_once_with_statistics_and_report(string signal, int exitCode)
    {
        using var site = await CsvSite.CreateAsync();
        using var process = Start(site.Folder.Path, "-S", "store:store.db", "-d", CsvSite.Definition, "--batch-size", "1", "--report", "r.json", "--no-progress");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        // two records, then standard input stays open: the tool waits, having applied what it read
        await process.StandardInput.WriteAsync("000001L6,000001L6,tape,LTO,Offsite,weekly_full,2021-10-14\n000004L6,000004L6,tape,LTO,Racking,weekly_full,2021-10-14\n");
        await process.StandardInput.FlushAsync();
        await WaitForAppliedAsync(site, process, stderr);
        var clock = Stopwatch.StartNew();
        Signal(process, signal);

        bool exited = EndsWithin30Seconds(process, signal);
        string output = await stdout;
        string errors = await stderr;
        Assert.True(exited, "the tool did not answer the signal: " + errors);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), clock.Elapsed.ToString());
        Assert.Equal(exitCode, process.ExitCode);
        Assert.Contains("Interrupted: the statistics so far", output);
        Assert.Equal(2, CsvSite.Statistic(output, "Records read:"));
        Assert.Equal(2, CsvSite.Statistic(output, "Volumes updated:"));
        using var report = JsonDocument.Parse(File.ReadAllText(site.Folder["r.json"]));
        Assert.True(report.RootElement.GetProperty("interrupted").GetBoolean());
        Assert.Equal(2, report.RootElement.GetProperty("statistics").GetProperty("volumesUpdated").GetInt32());
        Assert.DoesNotContain("   at ", errors);
        process.StandardInput.Close();
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public async Task A_signal_to_a_dry_run_waiting_for_input_is_an_interrupted_run_too(string signal, int exitCode)
    {
        // a dry run sends nothing, so nothing but the read can notice the stop: it must not look like a whole run
        using var site = await CsvSite.CreateAsync();
        using var process = Start(site.Folder.Path, "-S", "store:store.db", "-d", CsvSite.Definition, "--dry-run", "--report", "r.json", "--no-progress");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync("000001L6,000001L6,tape,LTO,Offsite,weekly_full,2021-10-14\n000004L6,000004L6,tape,LTO,Racking,weekly_full,2021-10-14\n");
        await process.StandardInput.FlushAsync();
        await Task.Delay(3000);
        Assert.False(process.HasExited, await (process.HasExited ? stderr : Task.FromResult(string.Empty)));
        Signal(process, signal);

        bool exited = EndsWithin30Seconds(process, signal);
        string output = await stdout;
        string errors = await stderr;
        Assert.True(exited, "the tool did not answer the signal: " + errors);
        Assert.Equal(exitCode, process.ExitCode);
        Assert.StartsWith("Dry run: nothing was sent to the server." + Environment.NewLine + "Interrupted: the statistics so far." + Environment.NewLine, output);
        Assert.Equal(2, CsvSite.Statistic(output, "Records read:"));
        Assert.Equal(2, CsvSite.Statistic(output, "Volumes updated:"));
        Assert.Contains("tapetrack-sync: interrupted;", errors);
        using var report = JsonDocument.Parse(File.ReadAllText(site.Folder["r.json"]));
        Assert.True(report.RootElement.GetProperty("interrupted").GetBoolean());
        Assert.True(report.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.DoesNotContain("   at ", errors);
        process.StandardInput.Close();
    }

    [Fact]
    public async Task A_sigterm_while_a_definition_include_waits_on_a_fifo_is_answered_at_once()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("mkfifo is a Linux test");
        }

        using var folder = new TempFolder();
        using (var mkfifo = Process.Start("mkfifo", folder["pipe.ttidef"])!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        folder.Write("main.ttidef", "Include(\"pipe.ttidef\");\n");
        using var process = Start(folder.Path, "-d", "main.ttidef", "-F", "1");
        var stderr = process.StandardError.ReadToEndAsync();
        await Task.Delay(2000);
        Assert.False(process.HasExited, await (process.HasExited ? stderr : Task.FromResult(string.Empty)));
        var clock = Stopwatch.StartNew();
        Signal(process, "TERM");

        bool exited = process.WaitForExit(30_000);
        Assert.True(exited, "the tool did not answer SIGTERM while reading the FIFO");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), clock.Elapsed.ToString());
        Assert.Equal(143, process.ExitCode);
        Assert.Contains("interrupted before the sync began; nothing was sent", await stderr);
    }
}
