using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Odbc;

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

        var loader = new TtidefLoader(new TtidefLoaderOptions
        {
            Variables = options.Variables,
            EnvironmentVariables = env.GetEnvironmentVariable,
        });
        var definition = await loader.LoadAsync(env.Resolve(options.DefinitionPath ?? DefaultDefinition), cancellationToken).ConfigureAwait(false);
        foreach (var warning in definition.Warnings)
        {
            await stderr.WriteLineAsync(warning.ToString()).ConfigureAwait(false);
        }

        if (options.FormatTestCount is { } count)
        {
            await using var testSource = RecordInput.Open(definition, env, stdin);
            var (_, errors) = await FormatTestRunner.RunAsync(definition, testSource, count, stdout, cancellationToken).ConfigureAwait(false);
            return errors > 0 ? ExitCodes.RecordErrors : ExitCodes.Success;
        }

        await using var source = RecordInput.Open(definition, env, stdin);
        await using var session = await ServerSessions.OpenAsync(logon!, env, cancellationToken, options.TrustThumbprint).ConfigureAwait(false);
        try
        {
            await session.LogonAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // a refused user, a store that broke: the session's messages never hold a password
            throw new ServerUnavailableException($"logon failed: {e.Message}");
        }

        bool showProgress = options.Progress ?? env.StandardErrorIsTerminal;
        var progress = showProgress ? new ProgressReporter(stderr, env.TimeProvider) : null;
        var pipeline = new SyncPipeline(definition, progress is null ? session : new ProgressServerSession(session, progress), syncOptions)
        {
            TimeProvider = env.TimeProvider,
            Observer = new ConsoleObserver(stderr, progress),
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
            await WriteSummaryAsync(e.Partial, options, reportPath, statistics, stdout).ConfigureAwait(false);
            await stderr.WriteLineAsync("tapetrack-sync: " + e.Message).ConfigureAwait(false);
            foreach (var update in e.NotApplied)
            {
                await stderr.WriteLineAsync($"not applied: {update.Key} ({update.Changes.Count} field changes)").ConfigureAwait(false);
            }

            return ExitCodes.ServerFailure;
        }
        catch (SyncStoppedException e)
        {
            await WriteSummaryAsync(e.Partial, options, reportPath, statistics, stdout).ConfigureAwait(false);
            await stderr.WriteLineAsync("tapetrack-sync: " + e.Message).ConfigureAwait(false);
            return ExitCodes.RecordErrors;
        }
        catch (Exception e) when (e is not OperationCanceledException and not ServerUnavailableException and not UsageException and not OdbcSourceException)
        {
            // a store or session failure outside a batch (a download, a logon that broke): never a stack trace
            throw new ServerUnavailableException($"the sync failed: {e.Message}");
        }

        await WriteSummaryAsync(result, options, reportPath, statistics, stdout).ConfigureAwait(false);
        return result.Statistics.RecordErrors > 0 ? ExitCodes.RecordErrors : ExitCodes.Success;
    }

    private static async Task WriteSummaryAsync(SyncResult result, CliOptions options, string? reportPath, TextWriter statistics, TextWriter stdout)
    {
        if (result.DryRun)
        {
            await statistics.WriteLineAsync("Dry run: nothing was sent to the server.").ConfigureAwait(false);
        }

        await statistics.WriteAsync(result.Statistics.ToString()).ConfigureAwait(false);
        if (options.ReportToStandardOutput)
        {
            await stdout.WriteAsync(SyncReportWriter.ToJson(result)).ConfigureAwait(false);
        }
        else if (reportPath is not null)
        {
            using var file = new FileStream(reportPath, FileMode.Create, FileAccess.Write, FileShare.None);
            SyncReportWriter.Write(result, file);
        }
    }

    private static string CheckReportPath(string path)
    {
        string? folder = Path.GetDirectoryName(path);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new UsageException($"the folder of the report '{path}' does not exist");
        }

        return path;
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
