using System;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace TapeTrack.Sync.LoadBenchmark;

/// <summary>One <c>tapetrack-sync serve --postgres</c> process on loopback and a free port; the password in <c>PGPASSWORD</c>, not on its command line.</summary>
internal sealed class Serve
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private Serve(Process process, StringBuilder output, Uri address, string thumbprint)
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

    public static async Task<Serve> StartAsync(string toolDll, string connection, string? password)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { toolDll, "serve", "--postgres", connection, "--urls", "https://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }

        if (password is not null)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + toolDll);
        var output = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(object sender, DataReceivedEventArgs e)
        {
            lock (output)
            {
                if (output.Length < 1 << 20)
                {
                    output.Append(e.Data).Append('\n');
                }

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
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            throw new InvalidOperationException("serve did not start:\n" + text);
        }

        return new Serve(
            process,
            output,
            new Uri(Regex.Match(text, @"^listening on (\S+)$", RegexOptions.Multiline).Groups[1].Value),
            Regex.Match(text, @"--trust-thumbprint ([0-9A-F]{64})").Groups[1].Value);
    }

    /// <summary>Stops it with SIGTERM, as a service manager does; its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", new[] { "-s", "TERM", _process.Id.ToString(CultureInfo.InvariantCulture) })!;
            await kill.WaitForExitAsync();
            await Task.WhenAny(_process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(45)));
        }

        if (!_process.HasExited)
        {
            Kill();
            return -1;
        }

        return _process.ExitCode;
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }
}
