using System;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Testing;

/// <summary>
/// <c>tapetrack-sync serve</c> as a real child process (<c>dotnet tapetrack-sync.dll serve ...</c>): started, its
/// <c>listening on URL</c> and certificate thumbprint read from its output, stopped with SIGTERM.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly SemaphoreSlim _lines;

    private ServeProcess(Process process, StringBuilder output, SemaphoreSlim lines, Uri address, string thumbprint)
    {
        _process = process;
        _output = output;
        _lines = lines;
        Address = address;
        Thumbprint = thumbprint;
    }

    /// <summary>Where the server listens, <c>https://127.0.0.1:PORT/</c>.</summary>
    public Uri Address { get; }

    /// <summary><c>HOST:PORT</c>, for a logon string.</summary>
    public string HostAndPort => Address.Host + ":" + Address.Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The SHA-256 thumbprint of its self-signed certificate.</summary>
    public string Thumbprint { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Everything it wrote on stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet TOOLDLL ARGS</c> and waits (up to two minutes) until it says it listens.</summary>
    /// <param name="toolDll">The built <c>tapetrack-sync.dll</c>.</param>
    /// <param name="args">The arguments, starting with <c>serve</c>.</param>
    public static Task<ServeProcess> StartAsync(string toolDll, params string[] args) => StartAsync(toolDll, null, args);

    /// <summary>Starts it with these variables added to its environment (a password in <c>PGPASSWORD</c>, say, rather
    /// than on its command line).</summary>
    public static async Task<ServeProcess> StartAsync(string toolDll, System.Collections.Generic.IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(toolDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var variable in environment ?? new System.Collections.Generic.Dictionary<string, string>())
        {
            start.Environment[variable.Key] = variable.Value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet " + toolDll);
        var output = new StringBuilder();
        var lines = new SemaphoreSlim(0, int.MaxValue);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(object sender, DataReceivedEventArgs e)
        {
            lock (output)
            {
                output.Append(e.Data).Append('\n');
                if (e.Data?.StartsWith("listening on ", StringComparison.Ordinal) == true)
                {
                    ready.TrySetResult();
                }
            }

            lines.Release();
        }

        process.OutputDataReceived += Read;
        process.ErrorDataReceived += Read;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var first = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        if (first != ready.Task)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            throw new InvalidOperationException("serve did not say 'listening on':\n" + text);
        }

        var address = new Uri(Regex.Match(text, @"^listening on (\S+)$", RegexOptions.Multiline).Groups[1].Value);
        var thumbprint = Regex.Match(text, @"--trust-thumbprint ([0-9A-F]{64})").Groups[1].Value;
        return new ServeProcess(process, output, lines, address, thumbprint);
    }

    /// <summary>Stops the server as systemd does, with SIGTERM, and returns its exit code (0 when it stopped cleanly).</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", new[] { "-s", "TERM", _process.Id.ToString(CultureInfo.InvariantCulture) })!)
            {
                await kill.WaitForExitAsync();
            }

            _ = await Task.WhenAny(_process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(45)));
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
                throw new TimeoutException("serve did not stop within 45 s of SIGTERM:\n" + Output);
            }
        }

        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>How many lines of its output so far contain <paramref name="text"/> (its log says what it applied, retried, refused).</summary>
    public int Count(string text)
    {
        int count = 0;
        foreach (var line in Output.Split('\n'))
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, looked at as each line arrives; fails when the server exits first or the time is up.</summary>
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
                // a line arrived, or look again shortly (an exit is not a line)
                await _lines.WaitAsync(TimeSpan.FromMilliseconds(200), cancel.Token);
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

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _lines.Dispose();
    }
}
