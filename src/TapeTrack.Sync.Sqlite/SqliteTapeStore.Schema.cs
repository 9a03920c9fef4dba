using System;
using System.IO;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using TapeTrack.Sync.Sessions;
using IsolationLevel = System.Data.IsolationLevel;

namespace TapeTrack.Sync.Sqlite;

public sealed partial class SqliteTapeStore
{
    private const int SqliteReadOnly = 8;
    private const int SqliteCannotOpen = 14;

    private static string ConnectionString(string dataSource, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = dataSource,
        Mode = mode,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        ForeignKeys = true,
        DefaultTimeout = BusyTimeoutMilliseconds / 1000,
    }.ToString();

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(Path);
            if (!info.Exists || info.Length == 0)
            {
                await CreateOrMigrateAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            // reads only: a current store, another database or another file are all left as they are
            int version = await ProbeAsync(cancellationToken).ConfigureAwait(false);
            if (version != SchemaVersion)
            {
                await CreateOrMigrateAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            Log.StoreOpened(_logger, Path, SchemaVersion);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteNotADatabase)
        {
            throw new InvalidOperationException($"The file {Path} is not an SQLite database, so not a TapeTrack store.", e);
        }
    }

    /// <summary>The schema version of an existing file, read without writing; refuses a file that is not a store of a version this library knows.</summary>
    private async Task<int> ProbeAsync(CancellationToken cancellationToken)
    {
        int version;
        try
        {
            version = await ReadSchemaVersionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCannotOpen or SqliteReadOnly)
        {
            // a read-only folder, where the write-ahead log's shared memory cannot be made: read the file as it
            // is, read-only, first sharing the log of a writer if one is running, else as a file nobody writes
            _connectionString = ConnectionString(Path, SqliteOpenMode.ReadOnly);
            try
            {
                version = await ReadSchemaVersionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException again) when (again.SqliteErrorCode is SqliteCannotOpen or SqliteReadOnly)
            {
                _connectionString = ConnectionString(new Uri(Path).AbsoluteUri + "?immutable=1", SqliteOpenMode.ReadOnly);
                version = await ReadSchemaVersionAsync(cancellationToken).ConfigureAwait(false);
            }

            Log.StoreReadOnly(_logger, Path);
        }

        if (version > SchemaVersion)
        {
            throw new InvalidOperationException($"The store {Path} has schema version {version}; this library knows versions up to {SchemaVersion}. Use a newer TapeTrack.Sync.Sqlite.");
        }

        return version;
    }

    private async Task<int> ReadSchemaVersionAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: true);
        int version;
        using (var command = Command(connection, transaction, "PRAGMA user_version"))
        {
            version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        if (version == 0)
        {
            using var command = Command(connection, transaction, "SELECT count(*) FROM sqlite_master");
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) != 0)
            {
                throw new InvalidOperationException($"The file {Path} is an SQLite database but not a TapeTrack store.");
            }
        }

        transaction.Commit();
        return version;
    }

    private async Task CreateOrMigrateAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // foreign keys off while the scripts run (it cannot change inside a transaction): a script that rebuilds a
        // table drops the old one, which with them on would first delete its rows and cascade to the rows that refer
        // to them; the keys are checked before the commit instead, and on again after it
        using (var command = Command(connection, null, "PRAGMA foreign_keys = OFF"))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            using var command = Command(connection, null, "PRAGMA foreign_keys = ON");
            command.ExecuteNonQuery();
        }

        // write-ahead logging, set once the file is known to be ours; it stays set in the file
        using (var command = Command(connection, null, "PRAGMA journal_mode = WAL"))
        {
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }

        Log.StoreOpened(_logger, Path, SchemaVersion);
    }

    private async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // checked again under the write lock: another process may have created or migrated it meanwhile
        using (var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false))
        {
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

            if (version != SchemaVersion)
            {
                using var check = Command(connection, transaction, "PRAGMA foreign_key_check");
                using var reader = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    // cannot happen for a store written with foreign keys on; the transaction rolls back, the file stays as it was
                    throw new InvalidOperationException($"The store {Path} could not be migrated from schema version {version}: a row of table {reader.GetString(0)} refers to a row that is missing.");
                }
            }

            transaction.Commit();
            if (version != SchemaVersion)
            {
                Log.SchemaMigrated(_logger, Path, version, SchemaVersion);
            }
        }
    }
}
