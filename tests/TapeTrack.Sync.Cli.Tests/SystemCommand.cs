using System.Diagnostics;

namespace TapeTrack.Sync.Cli.Tests;

/// <summary>A system command a test needs (mount, mkfifo, mknod), which must succeed.</summary>
internal static class SystemCommand
{
    /// <summary>Runs <paramref name="program"/> and fails the test, with its error output, unless it exits 0.</summary>
    public static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: {error}");
    }
}
