using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Odbc;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Cli;

/// <summary>The sync (and, with <c>-F</c>, the format test): definition, record source, server session, statistics.</summary>
internal static class SyncCommand
{
    public const string DefaultDefinition = "default.ttidef";

    public static async Task<int> RunAsync(CliOptions options, TextReader stdin, TextWriter stdout, TextWriter stderr, CliEnvironment env, CancellationToken cancellationToken)
    {
        // everything the command line can get wrong is found before a record is read or a server contacted
        var syncOptions = BuildSyncOptions(options, env);
        LogonString? logon = options.FormatTestCount is null ? ServerSessions.Resolve(options.Logon, env) : null;
        string? reportPath = options.ReportPath is { } report && !options.ReportToStandardOutput ? CheckReportPath(env.Resolve(report)) : null;
        string definitionPath = env.Resolve(options.DefinitionPath ?? DefaultDefinition);

        var loader = new TtidefLoader(new TtidefLoaderOptions
        {
            Variables = options.Variables,
            EnvironmentVariables = env.GetEnvironmentVariable,
        });

        // on the thread pool: a definition (or an include) that is a FIFO nobody writes must not hold off Ctrl+C
        var definition = await Task.Run(() => loader.LoadAsync(definitionPath, CancellationToken.None).AsTask(), CancellationToken.None)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var warning in definition.Warnings)
        {
            await stderr.WriteLineAsync(warning.ToString()).ConfigureAwait(false);
        }

        if (options.FormatTestCount is { } count)
        {
            await using var testSource = RecordInput.Open(definition, env, stdin, options.Encoding);
            var (_, errors) = await FormatTestRunner.RunAsync(definition, testSource, count, stdout, cancellationToken).ConfigureAwait(false);
            return errors > 0 ? ExitCodes.RecordErrors : ExitCodes.Success;
        }

        if (reportPath is not null)
        {
            RefuseReportOver(reportPath, logon!, definitionPath, definition, options, env);
        }

        await using var source = RecordInput.Open(definition, env, stdin, options.Encoding);
        await using var opened = await ServerSessions.OpenAsync(logon!, env, cancellationToken, options.TrustThumbprint).ConfigureAwait(false);

        // the report is written as the run goes, to spool files beside it (sync.md: memory does not grow with the items)
        using var spool = OpenReportSpool(options, reportPath, out string? spoolProblem);

        // the pipeline logs on, once, before the first record is read
        IServerSession session = new LogonFailureSession(opened);
        bool showProgress = options.Progress ?? env.StandardErrorIsTerminal;
        var progress = showProgress ? new ProgressReporter(stderr, env.TimeProvider) : null;
        var pipeline = new SyncPipeline(definition, progress is null ? session : new ProgressServerSession(session, progress), syncOptions)
        {
            TimeProvider = env.TimeProvider,
            Observer = new ConsoleObserver(stderr, progress, spool),
        };

        // statistics go to stdout, unless stdout carries the JSON report
        TextWriter statistics = options.ReportToStandardOutput ? stderr : stdout;
        SyncResult result;
        try
        {
            result = await pipeline.RunAsync(progress is null ? source : new ProgressRecordSource(source, progress), cancellationToken).ConfigureAwait(false);
        }
        catch (SyncFailedException e)
        {
            await WriteSummaryAsync(e.Partial, spool, spoolProblem, options, reportPath, statistics, stdout, stderr).ConfigureAwait(false);
            await stderr.WriteLineAsync("tapetrack-sync: " + e.Message).ConfigureAwait(false);
            foreach (var update in e.NotApplied)
            {
                await stderr.WriteLineAsync($"not applied: {update.Key} ({update.Changes.Count} field changes)").ConfigureAwait(false);
            }

            return ExitCodes.ServerFailure;
        }
        catch (SyncStoppedException e)
        {
            bool written = await WriteSummaryAsync(e.Partial, spool, spoolProblem, options, reportPath, statistics, stdout, stderr).ConfigureAwait(false);
            await stderr.WriteLineAsync("tapetrack-sync: " + e.Message).ConfigureAwait(false);
            return written ? ExitCodes.RecordErrors : ExitCodes.OutputNotWritten;
        }
        catch (SyncInterruptedException e)
        {
            await WriteSummaryAsync(e.Partial, spool, spoolProblem, options, reportPath, statistics, stdout, stderr).ConfigureAwait(false);
            await stderr.WriteLineAsync("tapetrack-sync: interrupted; what was applied stays applied (see the statistics), and a new run applies what is still different").ConfigureAwait(false);
            if (e.Partial.UpdatesInFlight.Count > 0)
            {
                await stderr.WriteLineAsync($"tapetrack-sync: the stop came while {e.Partial.UpdatesInFlight.Count} volume updates were being sent: a server over the network may have applied them without the run hearing of it (they are not in the statistics); a new run applies whatever of them is still different").ConfigureAwait(false);
                foreach (var update in e.Partial.UpdatesInFlight)
                {
                    await stderr.WriteLineAsync($"in flight: {update.Key} ({update.Changes.Count} field changes)").ConfigureAwait(false);
                }
            }

            return env.InterruptedExitCode;
        }
        catch (Exception e) when (e is not OperationCanceledException and not ServerUnavailableException and not UsageException and not OdbcSourceException)
        {
            // a store or session failure outside a batch (a download, a logon that broke): never a stack trace
            throw new ServerUnavailableException($"the sync failed: {e.Message}");
        }

        bool done = await WriteSummaryAsync(result, spool, spoolProblem, options, reportPath, statistics, stdout, stderr).ConfigureAwait(false);
        if (!done)
        {
            return ExitCodes.OutputNotWritten;
        }

        return result.Statistics.RecordErrors > 0 ? ExitCodes.RecordErrors : ExitCodes.Success;
    }

    /// <summary>Prints the statistics and writes the report; <see langword="false"/> when the report file could not be written (said on stderr).</summary>
    private static async Task<bool> WriteSummaryAsync(SyncResult result, SyncReportSpool? report, string? spoolProblem, CliOptions options, string? reportPath, TextWriter statistics, TextWriter stdout, TextWriter stderr)
    {
        if (result.EmptyInput)
        {
            await stderr.WriteLineAsync("tapetrack-sync: warning: the input had no records").ConfigureAwait(false);
        }
        else if (result.NoVolumeRecords && !result.Interrupted)
        {
            long read = result.Statistics.RecordsRead;
            await stderr.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"tapetrack-sync: warning: the input had no volume records: its {read} record{(read == 1 ? " was a heading, excluded or blank" : "s were all headings, excluded or blank")}")).ConfigureAwait(false);
        }

        if (result.DryRun)
        {
            await statistics.WriteLineAsync("Dry run: nothing was sent to the server.").ConfigureAwait(false);
        }

        if (result.Interrupted)
        {
            await statistics.WriteLineAsync(result.DryRun ? "Interrupted: the statistics so far." : "Interrupted: the statistics so far; what they count as applied was applied.").ConfigureAwait(false);
        }

        await statistics.WriteAsync(result.Statistics.ToString()).ConfigureAwait(false);
        if (!options.ReportToStandardOutput && reportPath is null)
        {
            return true;
        }

        if (report is null)
        {
            await stderr.WriteLineAsync($"tapetrack-sync: the sync was done (see the statistics), but the report could not be written: {spoolProblem}").ConfigureAwait(false);
            return false;
        }

        if (options.ReportToStandardOutput)
        {
            await stdout.FlushAsync().ConfigureAwait(false);
            using var bytes = new TextWriterStream(stdout);
            report.WriteTo(result, bytes);
            return true;
        }

        if (reportPath is null)
        {
            return true;
        }

        // a regular file (or a new one) is written beside and renamed over: a full disk leaves the old report (or none),
        // never a truncated one; a device or a FIFO is written in order, never replaced (ReportFile)
        try
        {
            ReportFile.Write(reportPath, stream => report.WriteTo(result, stream));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"tapetrack-sync: the sync was done (see the statistics), but the report '{reportPath}' could not be written: {e.Message}").ConfigureAwait(false);
            return false;
        }
    }

    private static SyncReportSpool? OpenReportSpool(CliOptions options, string? reportPath, out string? problem)
    {
        problem = null;
        if (!options.ReportToStandardOutput && reportPath is null)
        {
            return null;
        }

        try
        {
            return new SyncReportSpool(reportPath is null ? null : ReportFile.SpoolFolder(reportPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the sync still runs; the report's failure is said at the end (exit 4), as for a report that cannot be written
            problem = e.Message;
            return null;
        }
    }

    private static string CheckReportPath(string path)
    {
        if (Directory.Exists(path))
        {
            throw new UsageException($"the report '{path}' is a folder; --report needs a file name");
        }

        string? folder = Path.GetDirectoryName(path);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new UsageException($"the folder of the report '{path}' does not exist");
        }

        return path;
    }

    /// <summary>A report written over the store, the definition or a file it includes, the configuration or the input (the
    /// <c>SetFile</c> file, or the file standard input is) would destroy it: refused (exit 2) before a record is read.</summary>
    private static void RefuseReportOver(string reportPath, LogonString logon, string definitionPath, SyncDefinition definition, CliOptions options, CliEnvironment env)
    {
        var others = new List<(string Path, string What)>
        {
            (definitionPath, "the definition"),
        };
        if (logon.Kind is LogonKind.Store or LogonKind.Memory)
        {
            others.Add((env.Resolve(logon.Target), "the store file"));
        }

        foreach (var included in definition.IncludedFiles)
        {
            others.Add((included, "a file the definition includes"));
        }

        if (definition.InputFile is { } input)
        {
            others.Add((env.Resolve(input), "the input file"));
        }
        else if (definition.Format != InputFormat.Odbc && env.StandardInputPath is { } standardInput)
        {
            // the records come from standard input, and it is a file (< input.csv): CliEnvironment.StandardInputPath
            others.Add((standardInput, "the input (standard input is that file)"));
        }

        if (options.ConfigFile is { } config)
        {
            others.Add((env.Resolve(config), "the batch configuration"));
        }

        string report = RealPath(reportPath);
        foreach (var (path, what) in others)
        {
            if (string.Equals(report, RealPath(path), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                throw new UsageException($"--report '{reportPath}' is {what}; writing the report there would destroy it. Nothing was read or sent");
            }
        }
    }

    /// <summary>
    /// The identity the guard compares: the full path with every symbolic link resolved, in the folders as well as at
    /// the end (a report given as <c>link-to-folder/r.csv</c> is the input <c>folder/r.csv</c>). Hard links are not
    /// found.
    /// </summary>
    internal static string RealPath(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            // up to 40 links, as Linux follows (ELOOP): a loop leaves the path as it is
            for (int links = 0; links < 40; links++)
            {
                string? folder = Path.GetDirectoryName(full);
                if (folder is null)
                {
                    return full;
                }

                string resolved = Path.Combine(RealPath(folder), Path.GetFileName(full));
                if (new FileInfo(resolved).LinkTarget is not { } target)
                {
                    return resolved;
                }

                full = Path.GetFullPath(target, Path.GetDirectoryName(resolved)!);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a folder that cannot be read: compared as given
        }

        return Path.GetFullPath(path);
    }

    private static SyncOptions BuildSyncOptions(CliOptions options, CliEnvironment env)
    {
        TimeZoneInfo zone = env.TimeProvider.LocalTimeZone;
        if (options.TimeZoneId is { } id)
        {
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw new UsageException($"--time-zone: unknown time zone '{id}' (use an IANA or Windows id such as Europe/Paris or UTC)");
            }
        }

        DateTimeOffset? now = options.NowWithOffset;
        if (options.Now is { } local)
        {
            now = new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        var syncOptions = new SyncOptions
        {
            DryRun = options.DryRun ?? false,
            AddVolumes = options.AddVolumes,
            DescriptionAttribute = options.DescriptionAttribute,
            Inventory = options.Inventory ?? false,
            MaxErrors = options.MaxErrors,
            TimeZone = zone,
            Now = now,
        };
        if (options.BatchSize is { } batch)
        {
            syncOptions.BatchSize = batch;
        }

        if (options.ScopeCache is { } scopes)
        {
            syncOptions.ScopeCacheCapacity = scopes;
        }

        return syncOptions;
    }
}
