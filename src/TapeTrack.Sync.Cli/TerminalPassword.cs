using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli;

/// <summary>
/// The <c>?</c> password of the logon string: asked on the terminal without echo. On Unix the terminal is
/// <c>/dev/tty</c>, not standard input, so that standard input can carry the report (<c>tapetrack-sync -S 'u:?@host'
/// &lt; report.csv</c>); on Windows it is the console, when standard input is not redirected.
/// </summary>
internal static class TerminalPassword
{
    /// <summary>The longest password read, in bytes: a line without end is not read forever.</summary>
    internal const int MaxBytes = 1024;

    private const string Terminal = "/dev/tty";

    /// <summary>Asks on the process's terminal; <see langword="null"/> when the process has none.</summary>
    /// <exception cref="UsageException">The echo of the terminal cannot be turned off (no <c>stty</c>).</exception>
    /// <exception cref="OperationCanceledException">Ctrl+C or SIGTERM while asking; the echo is restored.</exception>
    public static string? Prompt(string prompt, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            return Console.IsInputRedirected ? null : PromptOnConsole(prompt);
        }

        FileStream tty;
        try
        {
            tty = new FileStream(Terminal, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // no controlling terminal (a service, cron, a CI job)
            return null;
        }

        string saved = Stty("-g").Trim();
        if (!Regex.IsMatch(saved, "^[0-9A-Za-z:=-]+$"))
        {
            tty.Dispose();
            throw new UsageException("the logon string asks for the password (?), but the echo of the terminal cannot be turned off (stty); give the password another way ($NAME or <FILE)");
        }

        Stty("-echo");
        try
        {
            // read on a thread of its own, so that Ctrl+C or SIGTERM ends the wait (the read itself cannot be cancelled)
            var read = Task.Run(() => Read(prompt, tty, tty), CancellationToken.None);
            try
            {
                read.Wait(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                WriteNewLine(tty);
                throw;
            }
            catch (AggregateException e) when (e.InnerException is IOException io)
            {
                throw new UsageException("the password cannot be read from the terminal: " + io.Message);
            }

            tty.Dispose();
            return read.Result;
        }
        finally
        {
            Stty(saved);
        }
    }

    /// <summary>
    /// Writes the prompt, reads one line (to LF or CR, or the end; at most <see cref="MaxBytes"/>) as UTF-8 and writes the
    /// line end the disabled echo did not; <see langword="null"/> when the terminal ends before a character.
    /// </summary>
    internal static string? Read(string prompt, Stream input, Stream output)
    {
        var promptBytes = Encoding.UTF8.GetBytes(prompt);
        output.Write(promptBytes, 0, promptBytes.Length);
        output.Flush();
        var line = new MemoryStream();
        var one = new byte[1];
        bool ended = false;
        while (line.Length < MaxBytes)
        {
            if (input.Read(one, 0, 1) == 0)
            {
                ended = true;
                break;
            }

            if (one[0] is (byte)'\n' or (byte)'\r')
            {
                break;
            }

            line.WriteByte(one[0]);
        }

        WriteNewLine(output);
        if (ended && line.Length == 0)
        {
            return null;
        }

        var bytes = line.ToArray();
        string password = Encoding.UTF8.GetString(bytes);
        Array.Clear(bytes);
        return password;
    }

    private static void WriteNewLine(Stream output)
    {
        try
        {
            output.WriteByte((byte)'\n');
            output.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // the terminal went away
        }
    }

    // stty on the terminal, not on standard input (which may carry the report); "" when it cannot run
    private static string Stty(string argument)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("stty \"$1\" < " + Terminal);
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return string.Empty;
            }

            string output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : string.Empty;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return string.Empty;
        }
    }

    private static string PromptOnConsole(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
