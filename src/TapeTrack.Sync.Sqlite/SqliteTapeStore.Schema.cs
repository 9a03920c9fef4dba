using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using TapeTrack.Sync.Sessions;
using IsolationLevel = System.Data.IsolationLevel;

namespace TapeTrack.Sync.Sqlite;

public sealed partial class SqliteTapeStore
{
    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CreateOrMigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteNotADatabase)
        {
            throw new InvalidOperationException($"The file {Path} is not an SQLite database, so not a TapeTrack store.", e);
        }
    }

    private async Task CreateOrMigrateAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using (var command = Command(connection, null, "PRAGMA journal_mode = WAL"))
        {
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }

        using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        int version;
        using (var command = Command(connection, transaction, "PRAGMA user_version"))
        {
            version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        if (version > SchemaVersion)
        {
            throw new InvalidOperationException($"The store {Path} has schema version {version}; this library knows versions up to {SchemaVersion}. Use a newer TapeTrack.Sync.Sqlite.");
        }

        if (version == 0)
        {
            using var command = Command(connection, transaction, "SELECT count(*) FROM sqlite_master");
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) != 0)
            {
                throw new InvalidOperationException($"The file {Path} is an SQLite database but not a TapeTrack store.");
            }
        }

        for (int next = version + 1; next <= SchemaVersion; next++)
        {
            using var command = Command(connection, transaction, Schema.Migrations[next - 1] + ";\nPRAGMA user_version = " + next.ToString(CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        transaction.Commit();
        if (version != SchemaVersion)
        {
            Log.SchemaMigrated(_logger, Path, version, SchemaVersion);
        }

        Log.StoreOpened(_logger, Path, SchemaVersion);
    }
}
