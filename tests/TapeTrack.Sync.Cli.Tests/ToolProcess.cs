using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

/// <summary>The real tool as a process of its own, its standard input set up by the shell as a user's script would.</summary>
internal static class ToolProcess
{
    public static string ToolDll => Path.Combine(AppContext.BaseDirectory, "tapetrack-sync.dll");

    /// <summary>
    /// Runs <c>dotnet tapetrack-sync.dll --no-progress ARGS</c> through <c>sh -c</c> with <paramref name="redirection"/>
    /// after it (<c>&lt; "$input"</c> reads <paramref name="input"/>, <c>&lt;&amp;-</c> closes standard input); fails the
    /// test when the tool has not ended within a minute.
    /// </summary>
    public static async Task<CliResult> RunAsync(string workingDirectory, string redirection, string? input, params string[] args)
    {
        var start = new ProcessStartInfo("sh")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("input=\"$1\"; shift; exec dotnet \"$@\" " + redirection);
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(input ?? string.Empty);
        start.ArgumentList.Add(ToolDll);
        start.ArgumentList.Add("--no-progress");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(hang.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the tool did not end within 60 s (standard input: {redirection})");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
