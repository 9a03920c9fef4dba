using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Server.Tests.Faults;

/// <summary>
/// <c>tapetrack-sync serve</c> as its user runs it: the built tool in a process of its own, on loopback over TLS on a
/// free port, its output (stdout and the log on stderr) kept line by line so that a test can wait for what it says.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly SemaphoreSlim _changed = new(0, int.MaxValue);

    private ServeProcess(Process process)
    {
        _process = process;
    }

    public static string ToolDll => Path.Combine(AppContext.BaseDirectory, "tapetrack-sync.dll");

    public Uri Address { get; private set; } = null!;

    public string HostAndPort => Address.Host + ":" + Address.Port;

    public string Thumbprint { get; private set; } = string.Empty;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join("\n", _lines);
            }
        }
    }

    /// <summary>How many lines so far contain <paramref name="text"/>.</summary>
    public int Count(string text)
    {
        lock (_lines)
        {
            return _lines.Count(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>Starts <c>serve</c> with the store arguments (<c>--store PATH</c> or <c>--postgres CONNECTION</c>) and waits for <c>listening on</c>.</summary>
    public static async Task<ServeProcess> StartAsync(string workingDirectory, params string[] storeArguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { ToolDll, "serve" }.Concat(storeArguments).Concat(new[] { "--urls", "https://127.0.0.1:0" }))
        {
            start.ArgumentList.Add(arg);
        }

        var serve = new ServeProcess(Process.Start(start)!);
        serve._process.OutputDataReceived += serve.Read;
        serve._process.ErrorDataReceived += serve.Read;
        serve._process.BeginOutputReadLine();
        serve._process.BeginErrorReadLine();
        try
        {
            await serve.WaitForAsync(o => o.Count("listening on ") > 0, TimeSpan.FromMinutes(2), "serve to say 'listening on'");
        }
        catch
        {
            await serve.DisposeAsync();
            throw;
        }

        string text = serve.Output;
        serve.Address = new Uri(Regex.Match(text, @"^listening on (\S+)$", RegexOptions.Multiline).Groups[1].Value);
        serve.Thumbprint = Regex.Match(text, @"--trust-thumbprint ([0-9A-F]{64})").Groups[1].Value;
        return serve;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, checked at every line the server writes; fails when the server exits first or the time is up.</summary>
    public async Task WaitForAsync(Func<ServeProcess, bool> condition, TimeSpan timeout, string what)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!condition(this))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"serve exited ({_process.ExitCode}) before {what}:\n{Output}");
            }

            try
            {
                // a line arrived, or look again shortly (the exit is not a line)
                await _changed.WaitAsync(TimeSpan.FromMilliseconds(200), cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out waiting for {what}:\n{Output}");
            }
        }
    }

    /// <summary>SIGKILL: the process ends at once, in whatever it was doing.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as systemd stops it; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", new[] { "-s", "TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })!)
            {
                await kill.WaitForExitAsync();
            }

            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(45));
            await _process.WaitForExitAsync(cancel.Token);
        }

        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Read(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(e.Data);
        }

        _changed.Release();
    }
}
