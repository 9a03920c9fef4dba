using System;
using Microsoft.Extensions.Logging;

namespace TapeTrack.Sync.Sqlite;

/// <summary>The store's log messages; event ids are stable (6100-6199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Opened store {Path} at schema version {SchemaVersion}")]
    public static partial void StoreOpened(ILogger logger, string path, int schemaVersion);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Migrated store {Path} from schema version {FromVersion} to {ToVersion}")]
    public static partial void SchemaMigrated(ILogger logger, string path, int fromVersion, int toVersion);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Debug, Message = "Applied {Applied} of {Count} updates; the store's last version is {LastVersion}")]
    public static partial void BatchApplied(ILogger logger, int applied, int count, long lastVersion);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "A batch of {Count} updates was rolled back; none of it was applied")]
    public static partial void BatchRolledBack(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information, Message = "Imported {Customers} customers, {Media} media, {Volumes} volumes and {Users} users")]
    public static partial void ImportCommitted(ILogger logger, int customers, int media, int volumes, int users);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Warning, Message = "An import was rolled back; nothing was written")]
    public static partial void ImportRolledBack(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Warning, Message = "Logon refused for user {UserName}")]
    public static partial void LogonRefused(ILogger logger, string userName);

    [LoggerMessage(EventId = 6120, Level = LogLevel.Information, Message = "Opened store {Path} read-only: the file or its folder cannot be written, so only reads will work")]
    public static partial void StoreReadOnly(ILogger logger, string path);
}
