using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Samples.Tests.Documentation;

/// <summary>
/// Runs a page's shell blocks in order with bash, in a folder of their own holding a copy of samples/, as a user
/// would from a clone of the repository. <c>tapetrack-sync</c> is the built tool on the PATH, and
/// <c>dotnet run --project src/TapeTrack.Sync.Cli --</c> runs that same built tool (every other dotnet command is
/// the real one), so a block runs in seconds instead of rebuilding the tool.
/// </summary>
internal sealed class ShellBlocks : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<Process> _background = new();

    public ShellBlocks()
    {
        Work = Path.Combine(_folder.Path, "clone");
        CopyFolder(Path.Combine(TestPaths.RepositoryRoot, "samples"), Path.Combine(Work, "samples"));
        var bin = Path.Combine(_folder.Path, "bin");
        Directory.CreateDirectory(bin);
        var tool = SamplePaths.Built("Tool");
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "/usr/bin/env dotnet";
        Script(Path.Combine(bin, "tapetrack-sync"), $"#!/bin/sh\nexec {dotnet} '{tool}' \"$@\"\n");
        Script(Path.Combine(bin, "dotnet"), $$"""
            #!/bin/sh
            # 'dotnet run [--no-build] --project src/TapeTrack.Sync.Cli [--] ARGS' runs the built tool; anything else is the real dotnet
            if [ "$1" = run ]; then
              shift; [ "$1" = --no-build ] && shift
              if [ "$1" = --project ] && [ "${2%/}" = src/TapeTrack.Sync.Cli ]; then
                shift 2; [ "$1" = -- ] && shift
                exec {{dotnet}} '{{tool}}' "$@"
              fi
              echo "doc-test: only 'dotnet run --project src/TapeTrack.Sync.Cli' is run here: $*" >&2; exit 99
            fi
            exec {{dotnet}} "$@"
            """);
        Path_ = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
    }

    /// <summary>The folder the blocks run in: a stand-in for the root of a clone.</summary>
    public string Work { get; }

    private string Path_ { get; }

    public async Task<ProcessResult> RunAsync(CodeBlock block)
    {
        using var process = Start(block);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{block.Where}: the block did not finish in 3 minutes.\n{await stdout}\n{await stderr}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a block that keeps running (a server) and waits until its output shows <paramref name="ready"/>.</summary>
    public async Task<string> StartAsync(CodeBlock block, string ready)
    {
        var process = Start(block);
        _background.Add(process);
        var seen = new StringBuilder();
        var found = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Watch(object sender, DataReceivedEventArgs e)
        {
            lock (seen)
            {
                seen.Append(e.Data).Append('\n');
                if (seen.ToString().Contains(ready, StringComparison.Ordinal))
                {
                    found.TrySetResult(true);
                }
            }
        }

        process.OutputDataReceived += Watch;
        process.ErrorDataReceived += Watch;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(found.Task, exited, Task.Delay(TimeSpan.FromMinutes(2)));
        lock (seen)
        {
            return first == found.Task ? seen.ToString() : throw new InvalidOperationException($"{block.Where}: '{ready}' never appeared.\n{seen}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _background)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        _folder.Dispose();
    }

    private Process Start(CodeBlock block)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = Work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-eu");
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add("pipefail");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(block.Code);
        start.Environment["PATH"] = Path_;
        start.Environment["TMPDIR"] = _folder.Path;
        return Process.Start(start)!;
    }

    private static void Script(string path, string text)
    {
        File.WriteAllText(path, text.Replace("\r\n", "\n"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            var name = Path.GetFileName(folder);
            if (name is not ("bin" or "obj"))
            {
                CopyFolder(folder, Path.Combine(to, name));
            }
        }
    }
}
