using Microsoft.Extensions.Logging;

namespace TapeTrack.Sync.Engine;

// Stable event ids: 100s the run, 200s the server, 300s records.
internal static partial class Log
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Sync started (dry run: {DryRun}, definition: {Definition})")]
    public static partial void RunStarted(ILogger logger, bool dryRun, string definition);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Sync finished: {Records} records read, {Updated} volumes updated, {Warnings} warnings, {Errors} record errors in {Elapsed}")]
    public static partial void RunFinished(ILogger logger, long records, long updated, long warnings, long errors, System.TimeSpan elapsed);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Sync stopped after {Errors} record errors (the limit is {Limit})")]
    public static partial void TooManyErrors(ILogger logger, long errors, int limit);

    [LoggerMessage(EventId = 201, Level = LogLevel.Debug, Message = "Scope {Scope} taken from the cache ({Volumes} volumes, downloads so far: {Downloads})")]
    public static partial void ScopeEntered(ILogger logger, TapeTrack.Sync.Sessions.ScopeKey scope, int volumes, long downloads);

    [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "Applied a batch of {Count} updates: {Applied} applied, {Conflicts} conflicts, {Refused} refused")]
    public static partial void BatchApplied(ILogger logger, int count, int applied, int conflicts, int refused);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Volume {Volume} was changed by someone else during the run; deciding again (attempt {Attempt})")]
    public static partial void Conflict(ILogger logger, TapeTrack.Sync.Sessions.VolumeKey volume, int attempt);

    [LoggerMessage(EventId = 204, Level = LogLevel.Error, Message = "The server failed part-way: {Applied} changes applied, {Pending} updates not applied")]
    public static partial void ServerFailed(ILogger logger, System.Exception exception, long applied, int pending);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "{Action} {Volume} {Field}: {From} -> {To} (line {Line})")]
    public static partial void Change(ILogger logger, ChangeAction action, TapeTrack.Sync.Sessions.VolumeKey volume, string field, string? from, string? to, long line);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void Warning(ILogger logger, SyncWarning warning);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Record error: {Error}")]
    public static partial void RecordError(ILogger logger, TapeTrack.Sync.Import.RecordError error);
}
