using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Sqlite;

namespace InHouseTool;

/// <summary>The job: load the definition, sync tonight's report into the embedded store, print the summary.</summary>
public sealed partial class NightlySync
{
    private readonly IOptions<NightlySyncOptions> _options;
    private readonly IDefinitionLoader _loader;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<NightlySync> _logger;
    private readonly TimeProvider _clock;
    private readonly TextWriter _output;

    public NightlySync(IOptions<NightlySyncOptions> options, IDefinitionLoader loader, ILoggerFactory loggers, TimeProvider clock, TextWriter output)
    {
        _options = options;
        _loader = loader;
        _loggers = loggers;
        _logger = loggers.CreateLogger<NightlySync>();
        _clock = clock;
        _output = output;
    }

    /// <summary>Runs the sync once; the exit code of the program.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var options = _options.Value;
        try
        {
            var definition = await _loader.LoadAsync(options.Definition, cancellationToken);
            foreach (var warning in definition.Warnings)
            {
                LogDefinitionWarning(warning.ToString());
            }

            await SeedStoreAsync(options, cancellationToken);
            await using var session = await SqliteServerSession.OpenAsync(options.Store, logger: _loggers.CreateLogger("TapeTrack.Sync.Sqlite"), cancellationToken: cancellationToken);
            await using var source = RecordSources.OpenStream(definition, File.OpenRead(options.Report));
            using var audit = new AuditLogObserver(options.AuditLog, _clock, options.DryRun);
            var pipeline = new SyncPipeline(definition, session, new SyncOptions { DryRun = options.DryRun })
            {
                Logger = _loggers.CreateLogger("TapeTrack.Sync"),
                TimeProvider = _clock,
                Observer = audit,
            };

            LogStarting(options.Report, options.Store, options.DryRun);
            var result = await pipeline.RunAsync(source, cancellationToken);
            _output.Write(result.Statistics);
            LogFinished(result.Changes.Count, result.Warnings.Count, options.AuditLog);
            return result.Errors.Count == 0 ? 0 : 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCancelled();
            return 130;
        }
        catch (Exception e) when (e is DefinitionException or StoreFormatException or IOException or UnauthorizedAccessException or SyncStoppedException or SyncFailedException)
        {
            // what a user can cause: one clear message, no stack trace
            LogFailed(e.Message);
            return 2;
        }
    }

    private async Task SeedStoreAsync(NightlySyncOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.SeedStore) || File.Exists(options.Store))
        {
            return;
        }

        await using var store = await SqliteTapeStore.OpenAsync(options.Store, _loggers.CreateLogger("TapeTrack.Sync.Sqlite"), cancellationToken);
        await store.ImportAsync(StoreDocument.Load(options.SeedStore), cancellationToken);
        LogSeeded(options.Store, options.SeedStore);
    }

    [LoggerMessage(1, LogLevel.Warning, "Definition: {Warning}")]
    private partial void LogDefinitionWarning(string warning);

    [LoggerMessage(2, LogLevel.Information, "Created the store {Store} from {SeedStore}")]
    private partial void LogSeeded(string store, string seedStore);

    [LoggerMessage(3, LogLevel.Information, "Syncing {Report} into {Store} (dry run: {DryRun})")]
    private partial void LogStarting(string report, string store, bool dryRun);

    [LoggerMessage(4, LogLevel.Information, "{Changes} changes and {Warnings} warnings written to {AuditLog}")]
    private partial void LogFinished(int changes, int warnings, string auditLog);

    [LoggerMessage(5, LogLevel.Warning, "Cancelled: what was applied before Ctrl+C stays applied; run again to finish")]
    private partial void LogCancelled();

    [LoggerMessage(6, LogLevel.Error, "{Message}")]
    private partial void LogFailed(string message);
}
