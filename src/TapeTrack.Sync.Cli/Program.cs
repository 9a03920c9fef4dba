using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli;

/// <summary>The process entry point: the console, Ctrl+C and SIGTERM wired to <see cref="CliApp.RunAsync"/>.</summary>
public static class Program
{
    /// <summary>Runs <c>tapetrack-sync</c>.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        var env = CliEnvironment.FromProcess();
        Console.CancelKeyPress += (_, e) =>
        {
            // the first Ctrl+C finishes the batch in flight and reports; a second one ends the process at once
            e.Cancel = !stop.IsCancellationRequested;
            stop.Cancel();
        };
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            if (!stop.IsCancellationRequested)
            {
                env.InterruptedExitCode = ExitCodes.Terminated;
            }

            stop.Cancel();
        });

        var utf8 = new UTF8Encoding(false);
        using var stdout = new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = false };
        using var stderr = new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true };
        return await CliApp.RunAsync(args, TextReader.Null, stdout, stderr, env, stop.Token).ConfigureAwait(false);
    }
}
