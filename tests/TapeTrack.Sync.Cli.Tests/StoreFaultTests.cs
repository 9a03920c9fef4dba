using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace TapeTrack.Sync.Cli.Tests;

/// <summary>
/// Issue 13, faults of the embedded store through the tool: a SIGKILL in the middle of an apply, a store another
/// process holds locked, a full disk. Each ends in a clear error (or a killed process) with no batch applied in part,
/// and a rerun leaves the store exactly as one clean run does. The store is generated large enough that a run lasts
/// seconds; the kill is timed by the tool's own progress lines, not by a sleep.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StoreFaultTests
{
    private const string Now = "2026-11-25T06:00:00";

    private static string ToolDll => Path.Combine(AppContext.BaseDirectory, "tapetrack-sync.dll");

    [Fact]
    public async Task A_sigkill_in_the_middle_of_an_apply_then_a_rerun_leaves_the_store_as_a_clean_run_does()
    {
        const int volumes = 10_000;
        using var estate = await Estate.CreateAsync(volumes);
        string clean = await estate.CleanExportAsync();

        string killed = estate.Copy("killed.db");
        using var process = Start(estate.Folder.Path, estate.Report, "-S", "store:killed.db", "-d", CsvSite.Definition, "--now", Now, "--batch-size", "20", "--no-progress");
        var stdout = process.StandardOutput.ReadToEndAsync();

        // watch the apply's progress in the store itself (a reader does not block the writer): kill once some batches
        // are committed and most are not
        long applying = await WaitForAppliedAsync(killed, process, volumes / 20);
        Assert.True(applying < volumes / 2, "the run went too fast to be killed in its middle: " + applying);
        bool runningBeforeKill = !process.HasExited;
        process.Kill();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.ExitCode == 137, $"exit {process.ExitCode}, running before kill {runningBeforeKill}, applied {applying}: {await stdout}");
        Assert.DoesNotContain("Records read:", await stdout, StringComparison.Ordinal);

        // some batches landed and some did not, and every one whole: a multiple of the batch size
        int applied = estate.Changed(await estate.ExportAsync("killed.db"));
        Assert.InRange(applied, 1, volumes - 1);
        Assert.Equal(0, applied % 20);

        var rerun = await estate.Runner.RunAsync("-S", "store:killed.db", "-d", CsvSite.Definition, "--now", Now, "--batch-size", "500");
        Assert.True(rerun.ExitCode == 0, rerun.All);
        Assert.Equal(volumes - applied, CsvSite.Statistic(rerun.Stdout, "Volumes updated:"));
        Assert.Equal(applied, CsvSite.Statistic(rerun.Stdout, "Volumes unchanged:"));
        Assert.Equal(clean, await estate.ExportAsync("killed.db"));
        Assert.True(File.Exists(killed));
    }

    [Fact]
    public async Task A_store_another_process_holds_locked_fails_with_a_clear_error_nothing_applied_and_a_rerun_finishes()
    {
        using var estate = await Estate.CreateAsync(200);
        string clean = await estate.CleanExportAsync();
        string before = await estate.ExportAsync("store.db");

        // another process holds a write transaction; the tool waits its busy timeout (30 s) and gives up
        var holder = HoldWriteLock(estate.Folder["store.db"]);
        var clock = Stopwatch.StartNew();
        using var process = Start(estate.Folder.Path, estate.Report, "-S", "store:store.db", "-d", CsvSite.Definition, "--now", Now, "--no-progress");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        string output = await stdout + await stderr;

        Assert.Equal(3, process.ExitCode);
        Assert.Contains("locked", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(25), "the tool gave up before its busy timeout: " + clock.Elapsed);
        Assert.Equal(0, CsvSite.Statistic(await stdout, "Volumes updated:"));

        // reading is not blocked by the writer: export works while the lock is held, and shows nothing applied
        Assert.Equal(before, await estate.ExportAsync("store.db"));
        holder.Dispose();

        var rerun = await estate.Runner.RunAsync("-S", "store:store.db", "-d", CsvSite.Definition, "--now", Now);
        Assert.True(rerun.ExitCode == 0, rerun.All);
        Assert.Equal(200, CsvSite.Statistic(rerun.Stdout, "Volumes updated:"));
        Assert.Equal(clean, await estate.ExportAsync("store.db"));
    }

    [Fact]
    public async Task A_full_disk_fails_with_a_clear_error_no_partial_batch_and_a_rerun_finishes_once_there_is_room()
    {
        Assert.True(OperatingSystem.IsLinux() && Environment.UserName == "root", "a full disk is a small tmpfs, which only root can mount (CI runs as root)");
        const int volumes = 6_000;
        using var estate = await Estate.CreateAsync(volumes);
        string clean = await estate.CleanExportAsync();

        string disk = Directory.CreateDirectory(estate.Folder["disk"]).FullName;
        // room for the store and what the runs add to it (changes, history, log), then a filler takes all but 256 KiB
        long size = (new FileInfo(estate.Folder["store.db"]).Length / (1024 * 1024)) + 24;
        SystemCommand.Run("mount", "-t", "tmpfs", "-o", $"size={size}m", "tmpfs", disk);
        try
        {
            File.Copy(estate.Folder["store.db"], Path.Combine(disk, "store.db"));
            string filler = Path.Combine(disk, "filler");
            FillUntilFree(filler, disk, 256 * 1024);

            var full = await estate.Runner.RunAsync("-S", "store:" + Path.Combine(disk, "store.db"), "-d", CsvSite.Definition, "--now", Now, "--batch-size", "100");
            Assert.Equal(3, full.ExitCode);
            Assert.Contains("full", full.Stderr, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("   at ", full.All, StringComparison.Ordinal);

            // what the statistics say was applied is what the store holds, in whole batches
            long updated = CsvSite.Statistic(full.Stdout, "Volumes updated:");
            int applied = estate.Changed(await estate.ExportAsync(Path.Combine(disk, "store.db")));
            Assert.Equal(updated, applied);
            Assert.InRange(applied, 0, volumes - 1);
            Assert.Equal(0, applied % 100);

            File.Delete(filler);
            var rerun = await estate.Runner.RunAsync("-S", "store:" + Path.Combine(disk, "store.db"), "-d", CsvSite.Definition, "--now", Now, "--batch-size", "100");
            Assert.True(rerun.ExitCode == 0, rerun.All);
            Assert.Equal(volumes - applied, CsvSite.Statistic(rerun.Stdout, "Volumes updated:"));
            Assert.Equal(clean, await estate.ExportAsync(Path.Combine(disk, "store.db")));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            SystemCommand.Run("umount", "-l", disk);
        }
    }

    private static async Task<long> WaitForAppliedAsync(string database, Process process, long least)
    {
        var clock = Stopwatch.StartNew();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM volume WHERE version > 1";
        while (true)
        {
            long applied = (long)count.ExecuteScalar()!;
            if (applied >= least || process.HasExited)
            {
                return applied;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the tool applied nothing in two minutes");
            await Task.Delay(20);
        }
    }

    private static void FillUntilFree(string filler, string disk, long free)
    {
        long available = new DriveInfo(disk).AvailableFreeSpace;
        using var file = new FileStream(filler, FileMode.Create);
        var block = new byte[4096];
        for (long written = 0; written < available - free; written += block.Length)
        {
            file.Write(block);
        }
    }


    private static Process Start(string folder, string stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(ToolDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        _ = FeedAsync(process, stdin);
        return process;
    }

    private static async Task FeedAsync(Process process, string file)
    {
        try
        {
            await using (var input = File.OpenRead(file))
            {
                await input.CopyToAsync(process.StandardInput.BaseStream);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the tool was killed while reading: the pipe is broken, as it would be for any writer
        }
    }

    // The test process holds the write lock (BEGIN IMMEDIATE) while the tool runs as a process of its own.
    private static SqliteConnection HoldWriteLock(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        begin.ExecuteNonQuery();
        return connection;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>A folder with a generated store of many volumes in US01.LTO, a report that changes every one of them, and a clean run's result.</summary>
    private sealed class Estate : IDisposable
    {
        private Estate(int volumes)
        {
            Volumes = volumes;
            Folder = new TempFolder();
            Runner = new CliRunner(Folder.Path) { StandardInputFile = Folder["report.csv"] };
        }

        public int Volumes { get; }

        public TempFolder Folder { get; }

        public CliRunner Runner { get; }

        public string Report => Folder["report.csv"];

        public static async Task<Estate> CreateAsync(int volumes)
        {
            var estate = new Estate(volumes);
            var store = new StringBuilder("{ \"customers\": [ { \"id\": \"US01\", \"media\": [ { \"id\": \"LTO\", \"repositories\": [ ");
            store.Append("{ \"id\": \"LIBR\", \"type\": \"Library\" }, { \"id\": \"OFFS\", \"type\": \"Vault\", \"offsite\": true, \"next\": \"LIBR\" }, { \"id\": \"RACK\", \"type\": \"Rack\" } ],\n\"volumes\": [\n");
            var report = new StringBuilder("volume,barcode,family,type,location,pool,date\n");
            for (int i = 0; i < volumes; i++)
            {
                string id = "V" + i.ToString("D6", CultureInfo.InvariantCulture) + "L6";
                store.Append(i == 0 ? string.Empty : ",\n").Append("{ \"id\": \"").Append(id).Append("\", \"current\": \"LIBR\", \"description\": \"weekly_full\" }");
                report.Append(id).Append(',').Append(id).Append(",tape,LTO,").Append(i % 2 == 0 ? "Offsite" : "Racking").Append(",monthly_full,2021-10-14\n");
            }

            store.Append("] } ] } ] }\n");
            File.WriteAllText(estate.Folder["store.json"], store.ToString());
            File.WriteAllText(estate.Report, report.ToString());
            var import = await estate.Runner.RunAsync("store", "import", "store.json", "--store", "store.db");
            Assert.True(import.ExitCode == 0, import.All);
            SqliteConnection.ClearAllPools();
            return estate;
        }

        public string Copy(string name)
        {
            SqliteConnection.ClearAllPools();
            File.Copy(Folder["store.db"], Folder[name]);
            return Folder[name];
        }

        public async Task<string> CleanExportAsync()
        {
            Copy("clean.db");
            var run = await Runner.RunAsync("-S", "store:clean.db", "-d", CsvSite.Definition, "--now", Now, "--batch-size", "500");
            Assert.True(run.ExitCode == 0, run.All);
            Assert.Equal(Volumes, CsvSite.Statistic(run.Stdout, "Volumes updated:"));
            return await ExportAsync("clean.db");
        }

        public async Task<string> ExportAsync(string store)
        {
            var export = await Runner.RunAsync("store", "export", "--store", store);
            Assert.True(export.ExitCode == 0, export.All);
            SqliteConnection.ClearAllPools();
            return export.Stdout;
        }

        /// <summary>How many volumes of an export the report's change has reached.</summary>
        public int Changed(string export)
        {
            using var document = JsonDocument.Parse(export);
            return document.RootElement.GetProperty("customers")[0].GetProperty("media")[0].GetProperty("volumes").EnumerateArray()
                .Count(v => v.GetProperty("description").GetString() == "monthly_full");
        }

        public void Dispose() => Folder.Dispose();
    }
}
