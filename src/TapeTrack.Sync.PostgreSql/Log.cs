using System;
using Microsoft.Extensions.Logging;

namespace TapeTrack.Sync.PostgreSql;

/// <summary>The store's log messages; event ids are stable (6200-6299).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6200, Level = LogLevel.Information, Message = "Opened PostgreSQL store {Database} at schema version {SchemaVersion}")]
    public static partial void StoreOpened(ILogger logger, string database, int schemaVersion);

    [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "Migrated PostgreSQL store {Database} from schema version {FromVersion} to {ToVersion}")]
    public static partial void SchemaMigrated(ILogger logger, string database, int fromVersion, int toVersion);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Debug, Message = "Applied {Applied} of {Count} updates; the store's last version is {LastVersion}")]
    public static partial void BatchApplied(ILogger logger, int applied, int count, long lastVersion);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Warning, Message = "A batch of {Count} updates was rolled back; none of it was applied")]
    public static partial void BatchRolledBack(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 6204, Level = LogLevel.Information, Message = "Imported {Customers} customers, {Media} media, {Volumes} volumes and {Users} users")]
    public static partial void ImportCommitted(ILogger logger, int customers, int media, int volumes, int users);

    [LoggerMessage(EventId = 6205, Level = LogLevel.Warning, Message = "An import was rolled back; nothing was written")]
    public static partial void ImportRolledBack(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6206, Level = LogLevel.Warning, Message = "Logon refused for user {UserName}")]
    public static partial void LogonRefused(ILogger logger, string userName);
}
