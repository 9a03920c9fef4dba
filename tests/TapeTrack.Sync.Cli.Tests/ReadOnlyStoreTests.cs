using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

/// <summary>
/// cli.md, "Opening a store": export and --dry-run work on a store its user cannot write, a real run fails
/// with a clear error and writes nothing, and a rerun by the owner finishes the work. Root ignores file
/// permissions, so under root the tool runs as the user nobody (../shared/NOTES.md).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReadOnlyStoreTests
{
    private static string ToolDll => Path.Combine(AppContext.BaseDirectory, "tapetrack-sync.dll");

    private static bool IsRoot => Environment.UserName == "root";

    [Fact]
    public async Task A_store_its_user_cannot_write_exports_and_dry_runs_and_a_real_run_fails_cleanly_then_the_owner_finishes()
    {
        using var site = await CsvSite.CreateAsync();
        string before = await site.ExportAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!IsRoot)
        {
            File.SetUnixFileMode(site.Store, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            File.SetUnixFileMode(site.Folder.Path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        Assert.False(File.Exists(site.Store + "-wal"));
        var export = await RunAsOtherUserAsync(site.Folder.Path, null, "store", "export", "--store", "store.db");
        var dryRun = await RunAsOtherUserAsync(site.Folder.Path, CsvSite.Report, "-S", "store:store.db", "-d", CsvSite.Definition, "--dry-run", "--now", "2026-11-25T06:00:00");
        var real = await RunAsOtherUserAsync(site.Folder.Path, CsvSite.Report, "-S", "store:store.db", "-d", CsvSite.Definition, "--now", "2026-11-25T06:00:00");

        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Equal(before, export.Stdout);
        Assert.True(dryRun.ExitCode == 0, dryRun.Stderr);
        Assert.Equal(3, real.ExitCode);
        Assert.Contains("readonly", real.Stderr.Replace("read-only", "readonly", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", real.Stderr + real.Stdout, StringComparison.Ordinal);

        if (!IsRoot)
        {
            File.SetUnixFileMode(site.Folder.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(site.Store, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Assert.Equal(before, await site.ExportAsync());
        var rerun = await site.SyncAsync();
        Assert.Equal(0, rerun.ExitCode);
        Assert.NotEqual(before, await site.ExportAsync());
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsOtherUserAsync(string folder, string? stdin, params string[] args)
    {
        ProcessStartInfo start;
        if (IsRoot)
        {
            string home = Path.Combine(Path.GetTempPath(), "tapetrack-nobody-home");
            Directory.CreateDirectory(home);
            File.SetUnixFileMode(home, (UnixFileMode)0x1FF);
            var command = "cd " + Quote(folder) + " && DOTNET_CLI_HOME=" + Quote(home) + " HOME=" + Quote(home) + " DOTNET_NOLOGO=1 dotnet " + Quote(ToolDll);
            foreach (var arg in args)
            {
                command += " " + Quote(arg);
            }

            if (stdin is not null)
            {
                command += " < " + Quote(stdin);
            }

            start = new ProcessStartInfo("su") { ArgumentList = { "nobody", "-s", "/bin/bash", "-c", command } };
        }
        else
        {
            start = new ProcessStartInfo("/bin/bash") { ArgumentList = { "-c", "cd " + Quote(folder) + " && dotnet " + Quote(ToolDll) + " " + string.Join(" ", Array.ConvertAll(args, Quote)) + (stdin is null ? string.Empty : " < " + Quote(stdin)) } };
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
