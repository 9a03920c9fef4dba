using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using TapeTrack.Sync.Cli;

namespace TapeTrack.Sync.Server.Tests;

/// <summary>
/// cli.md: the password <c>?</c> of the logon string is asked on the terminal without echo. The tool asks on /dev/tty, so
/// standard input can carry the report: tested through the real tool in a pseudo-terminal (util-linux <c>script</c>),
/// and the reading itself on injected streams.
/// </summary>
public class PasswordPromptTests
{
    [Fact]
    public async Task The_question_mark_password_is_asked_on_the_terminal_without_echo_while_standard_input_carries_the_report()
    {
        string script = FindScript();
        await using var host = await ServerHost.StartAsync();
        using var folder = new TempFolder();
        string tool = string.Join(' ', new[]
        {
            "exec dotnet", Quote(Faults.FaultSite.ToolDll), "-S", Quote($"acme:?@{host.HostAndPort}"), "-d", Quote(Tool.CsvDefinition),
            "--now", "2026-11-25T06:00:00", "--time-zone", "UTC", "--trust-thumbprint", host.Thumbprint, "--no-progress", "<", Quote(Tool.CsvReport),
        });

        // script gives the tool a terminal of its own; what the test writes to script is typed on it
        var start = new ProcessStartInfo(script) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder.Path };
        foreach (var arg in new[] { "--quiet", "--return", "--command", tool, "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var screen = new StringBuilder();
        var prompted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (screen)
                {
                    screen.Append(buffer, 0, read);
                    if (screen.ToString().Contains($"Password for acme@{host.HostAndPort}: ", StringComparison.Ordinal))
                    {
                        prompted.TrySetResult();
                    }
                }
            }
        });
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            // the echo is off before the prompt is written, so what is typed after it is never shown
            Assert.Same(prompted.Task, await Task.WhenAny(prompted.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2))));
            await process.StandardInput.WriteAsync("acme-pw\r");
            await process.StandardInput.FlushAsync();
            using var cancel = new System.Threading.CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(cancel.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        await reading;
        string output = screen.ToString();
        Assert.True(process.ExitCode == 0, output + await errors);
        Assert.Contains("Volumes updated:", output, StringComparison.Ordinal);
        Assert.Matches(@"Volumes updated:\s+3", output);
        Assert.DoesNotContain("acme-pw", output, StringComparison.Ordinal);
        Assert.DoesNotContain("acme-pw", host.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_terminal_the_question_mark_password_is_a_usage_error_that_says_why()
    {
        await using var host = await ServerHost.StartAsync();
        using var folder = new TempFolder();
        var start = new ProcessStartInfo("setsid") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder.Path };
        // setsid: a session without a controlling terminal, as under cron or systemd
        foreach (var arg in new[] { "--wait", "dotnet", Faults.FaultSite.ToolDll, "-S", $"acme:?@{host.HostAndPort}", "-d", Tool.CsvDefinition, "--trust-thumbprint", host.Thumbprint })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("tapetrack-sync: the logon string asks for the password (?), but there is no terminal to ask on", stderr.Split('\n')[0]);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Empty(await stdout);
    }

    [Fact]
    public void The_reading_writes_the_prompt_reads_one_line_and_ends_it()
    {
        var input = new MemoryStream(Encoding.UTF8.GetBytes("s3cret pässword\nthe report is not read\n"));
        var output = new MemoryStream();

        string? password = TerminalPassword.Read("Password for acme@tapes:5000: ", input, output);

        Assert.Equal("s3cret pässword", password);
        Assert.Equal("Password for acme@tapes:5000: \n", Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal("s3cret pässword\n".Length + 1, input.Position);
    }

    [Theory]
    [InlineData("pw\r", "pw")]
    [InlineData("pw\r\n", "pw")]
    [InlineData("pw", "pw")]
    [InlineData("\n", "")]
    public void A_line_ends_at_cr_lf_or_the_end(string typed, string expected)
    {
        Assert.Equal(expected, TerminalPassword.Read(": ", new MemoryStream(Encoding.UTF8.GetBytes(typed)), new MemoryStream()));
    }

    [Fact]
    public void A_terminal_that_ends_before_any_character_gives_no_password()
    {
        Assert.Null(TerminalPassword.Read(": ", new MemoryStream(), new MemoryStream()));
    }

    [Fact]
    public void A_line_without_end_is_read_only_up_to_the_limit()
    {
        var input = new MemoryStream(Encoding.UTF8.GetBytes(new string('x', 10 * TerminalPassword.MaxBytes)));

        Assert.Equal(TerminalPassword.MaxBytes, TerminalPassword.Read(": ", input, new MemoryStream())!.Length);
        Assert.Equal(TerminalPassword.MaxBytes, input.Position);
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    // util-linux script (Debian bsdutils, essential): CI fails here rather than skip when it is missing
    private static string FindScript()
    {
        foreach (var path in new[] { "/usr/bin/script", "/bin/script" })
        {
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException("util-linux 'script' is needed to give the tool a pseudo-terminal (apt-get install bsdutils)");
    }
}
