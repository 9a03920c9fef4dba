using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Scale.Tests;

/// <summary>What one run of the tool process gave: exit code, stdout, the count of stderr lines, and its peak resident memory.</summary>
public sealed record ToolRunResult(int ExitCode, string Stdout, long StderrLines, string StderrHead, long PeakBytes)
{
    public double PeakMegabytes => PeakBytes / (1024.0 * 1024.0);

    public long Statistic(string label)
    {
        foreach (string line in Stdout.Split('\n'))
        {
            if (line.StartsWith(label, StringComparison.Ordinal))
            {
                return long.Parse(line.Substring(label.Length).Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidDataException($"no '{label}' in:\n{Stdout}\n{StderrHead}");
    }
}

/// <summary>
/// Runs the real tool as a process of its own, feeding standard input from a generator (nothing as big as the input is
/// held or written to disk), and samples its peak resident memory (VmHWM in /proc/PID/status, the kernel's high-water
/// mark) every few milliseconds until it exits.
/// </summary>
public static class ToolRun
{
    private static string ToolDll => Path.Combine(AppContext.BaseDirectory, "tapetrack-sync.dll");

    /// <summary>
    /// For runs whose peaks are compared with each other: every method compiled once, fully optimised, and the
    /// collector's youngest generation held at 6 MB (the runtime's own size when it runs background collections).
    /// As the tool runs, the JIT recompiles hot methods on a thread of its own and the collector sizes that generation
    /// by what it sees survive, both as the machine's load lets them, so that a shorter run's peak depended on the load
    /// (docs/reliability.md gives the figures). What the tool keeps per record or warning shows the same either way.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ComparablePeaks = new Dictionary<string, string>
    {
        ["DOTNET_TieredCompilation"] = "0",
        ["DOTNET_GCgen0size"] = "0x600000",
        ["DOTNET_GCgen0MaxBudget"] = "0x600000",
    };

    public static Task<ToolRunResult> RunAsync(string folder, Action<TextWriter>? stdin, params string[] args) => RunAsync(folder, stdin, null, null, args);

    /// <summary>Runs the tool with these environment variables besides the inherited ones.</summary>
    public static Task<ToolRunResult> RunAsync(string folder, Action<TextWriter>? stdin, IReadOnlyDictionary<string, string> environment, params string[] args) => RunAsync(folder, stdin, null, environment, args);

    /// <summary>Runs the tool with its standard output written to <paramref name="stdoutFile"/> as it comes (the result's Stdout is empty).</summary>
    public static Task<ToolRunResult> RunToFileAsync(string folder, string stdoutFile, params string[] args) => RunAsync(folder, null, stdoutFile, null, args);

    private static async Task<ToolRunResult> RunAsync(string folder, Action<TextWriter>? stdin, string? stdoutFile, IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the peak is read from /proc (Linux)");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_NOLOGO"] = "1";
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
        }

        start.ArgumentList.Add(ToolDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, HighWaterMark(process.Id));
                await Task.Delay(10).ConfigureAwait(false);
            }
        });
        var stdout = stdoutFile is null ? process.StandardOutput.ReadToEndAsync() : CopyAsync(process.StandardOutput.BaseStream, stdoutFile);
        var stderr = CountLinesAsync(process.StandardError);
        var feed = Task.Run(() =>
        {
            using var writer = new StreamWriter(process.StandardInput.BaseStream, new UTF8Encoding(false), 1 << 16);
            stdin?.Invoke(writer);
        });

        await feed.WaitAsync(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        stop.Cancel();
        await sampler;
        var (lines, head) = await stderr;
        Assert.True(peak > 0, "no memory sample was taken: the run ended too fast to be measured");
        return new ToolRunResult(process.ExitCode, await stdout, lines, head, peak);
    }

    private static async Task<string> CopyAsync(Stream source, string path)
    {
        await using var target = File.Create(path);
        await source.CopyToAsync(target);
        return string.Empty;
    }

    private static long HighWaterMark(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Substring(6).Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the process has exited
        }

        return 0;
    }

    private static async Task<(long Lines, string Head)> CountLinesAsync(StreamReader reader)
    {
        long lines = 0;
        var head = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (lines++ < 20)
            {
                head.AppendLine(line);
            }
        }

        return (lines, head.ToString());
    }
}
