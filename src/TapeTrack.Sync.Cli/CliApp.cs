using System;
using System.IO;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Odbc;

namespace TapeTrack.Sync.Cli;

/// <summary>The <c>tapetrack-sync</c> tool, runnable in process: <see cref="Program"/> only wires it to the console.</summary>
public static class CliApp
{
    /// <summary>The tool's version, as Nerdbank.GitVersioning stamped it.</summary>
    public static string Version { get; } =
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CliApp).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    /// <summary>Runs the tool.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdin">Standard input as text; records are read from it when <see cref="CliEnvironment.StandardInput"/> is <see langword="null"/>.</param>
    /// <param name="stdout">Statistics, the format test, <c>store export</c>, the report with <c>--report -</c>.</param>
    /// <param name="stderr">Warnings, record errors, progress and failures.</param>
    /// <param name="env">The working folder, environment variables, clock and terminal.</param>
    /// <param name="cancellationToken">Ctrl+C or SIGTERM: stops the run; what was applied stays applied.</param>
    /// <returns>The exit code: 0 done, 1 record errors, 2 usage or definition error, 3 server failure, 4 done but the report not written, 130/143 interrupted (<see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CliEnvironment env, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(env);

        // a report's control characters never reach the terminal of the person reading the log
        var rawStdout = stdout;
        var rawStderr = stderr;
        stdout = new EscapingWriter(stdout);
        stderr = new EscapingWriter(stderr);
        try
        {
            var options = CommandLineParser.Parse(args);
            if (options.Help)
            {
                await stdout.WriteAsync(HelpText.Text).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            if (options.Version)
            {
                await stdout.WriteLineAsync("tapetrack-sync " + Version).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            if (options.ConfigFile is { } configFile)
            {
                string text = await BoundedFile.ReadTextAsync(env.Resolve(configFile), BoundedFile.MaxConfigurationSize, "the batch configuration (-c)", cancellationToken).ConfigureAwait(false);
                CommandLineParser.ApplyConfiguration(options, text, configFile);
            }

            return options.Command switch
            {
                CliCommand.StoreImport => await StoreCommands.ImportAsync(options, stdout, env, cancellationToken).ConfigureAwait(false),
                CliCommand.StoreExport => await StoreCommands.ExportAsync(options, stdout, env, cancellationToken).ConfigureAwait(false),
                CliCommand.Serve => await ServeCommand.RunAsync(options, stdout, stderr, env, cancellationToken).ConfigureAwait(false),
                CliCommand.StoreHistory => await StoreCommands.HistoryAsync(options, stdout, env, cancellationToken).ConfigureAwait(false),
                _ => await SyncCommand.RunAsync(options, stdin, stdout, stderr, env, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync("tapetrack-sync: " + e.Message).ConfigureAwait(false);
            if (e.AboutOptions)
            {
                await stderr.WriteLineAsync("Run 'tapetrack-sync --help' for the options.").ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }
        catch (DefinitionException e)
        {
            foreach (var diagnostic in e.Diagnostics)
            {
                await stderr.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
            }

            await stderr.WriteLineAsync("tapetrack-sync: the definition has errors; nothing was read or sent").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (ServerUnavailableException e)
        {
            await stderr.WriteLineAsync("tapetrack-sync: " + e.Message).ConfigureAwait(false);
            return ExitCodes.ServerFailure;
        }
        catch (OdbcSourceException e)
        {
            // the ODBC source failed (driver, connection, query): the message never holds the password
            await stderr.WriteLineAsync("tapetrack-sync: the ODBC source failed: " + e.Message).ConfigureAwait(false);
            return ExitCodes.ServerFailure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // an input that cannot be read, a store that broke
            await stderr.WriteLineAsync("tapetrack-sync: " + e.Message).ConfigureAwait(false);
            return ExitCodes.ServerFailure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // before a record was read (loading the definition, waiting for the input to open): nothing was sent
            await stderr.WriteLineAsync("tapetrack-sync: interrupted before the sync began; nothing was sent").ConfigureAwait(false);
            return env.InterruptedExitCode;
        }
        finally
        {
            await rawStdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await rawStderr.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
