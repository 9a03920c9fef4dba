using System;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Samples.Tests.Samples;

/// <summary><c>tapetrack-sync serve</c> as its user starts it: a process on loopback over TLS, on a free port.</summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private ServeProcess(Process process, StringBuilder output, Uri address, string thumbprint)
    {
        _process = process;
        _output = output;
        Address = address;
        Thumbprint = thumbprint;
    }

    public Uri Address { get; }

    public string Thumbprint { get; }

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

    public static async Task<ServeProcess> StartAsync(string store)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { SamplePaths.Built("Tool"), "serve", "--store", store, "--urls", "https://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var output = new StringBuilder();
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
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException("serve did not say 'listening on':\n" + text);
        }

        var address = new Uri(Regex.Match(text, @"^listening on (\S+)$", RegexOptions.Multiline).Groups[1].Value);
        var thumbprint = Regex.Match(text, @"--trust-thumbprint ([0-9A-F]{64})").Groups[1].Value;
        return new ServeProcess(process, output, address, thumbprint);
    }

    /// <summary>Stops the server as systemd does, with SIGTERM, and returns its exit code (0 when it stopped cleanly).</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", new[] { "-s", "TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })!)
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

        await _process.WaitForExitAsync(); // the last output lines are read
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
}
