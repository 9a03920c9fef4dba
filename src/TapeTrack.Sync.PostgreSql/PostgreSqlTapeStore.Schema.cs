using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace TapeTrack.Sync.PostgreSql;

public sealed partial class PostgreSqlTapeStore
{
    /// <summary>The schema version this library writes. A database at an older version is migrated when opened; a newer one is refused.</summary>
    public const int SchemaVersion = 1;

    // one lock for every process that may create or migrate the schema at the same time
    private const long MigrationLock = 0x7461_7065_7472_6B31;

    private async Task CreateOrMigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        int? found = await ReadSchemaVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        if (found == SchemaVersion)
        {
            Log.StoreOpened(_logger, DatabaseName, SchemaVersion);
            return;
        }

        ThrowIfNewer(found);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)"))
        {
            command.Parameters.AddWithValue("key", MigrationLock);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // another server may have migrated while this one waited for the lock
        int version = await ReadSchemaVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false) ?? 0;
        ThrowIfNewer(version);
        if (version == 0)
        {
            await using var command = Command(connection, transaction,
                $"CREATE SCHEMA IF NOT EXISTS {Schema.Name}; SET LOCAL search_path = {Schema.Name}; "
                + "CREATE TABLE schema_version (id integer NOT NULL PRIMARY KEY CHECK (id = 1), version integer NOT NULL); "
                + "INSERT INTO schema_version (id, version) VALUES (1, 0)");
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        for (int next = version + 1; next <= SchemaVersion; next++)
        {
            await using var command = Command(connection, transaction,
                $"SET LOCAL search_path = {Schema.Name};\n" + Schema.Migrations[next - 1]
                + ";\nUPDATE schema_version SET version = " + next.ToString(CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (version != SchemaVersion)
        {
            Log.SchemaMigrated(_logger, DatabaseName, version, SchemaVersion);
        }

        Log.StoreOpened(_logger, DatabaseName, SchemaVersion);
    }

    private void ThrowIfNewer(int? version)
    {
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL database {DatabaseName} holds a TapeTrack store of schema version {version}; this library knows versions up to {SchemaVersion}. Use a newer TapeTrack.Sync.PostgreSql.");
        }
    }

    /// <summary>The store's schema version, or <see langword="null"/> when the database has no <c>tapetrack</c> schema (0 when it is being created).</summary>
    private async Task<int?> ReadSchemaVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using (var command = Command(connection, transaction,
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema), to_regclass(@table) IS NOT NULL, "
            + "(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @schema)"))
        {
            command.Parameters.AddWithValue("schema", Schema.Name);
            command.Parameters.AddWithValue("table", Schema.Name + ".schema_version");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            bool schemaExists = reader.GetBoolean(0);
            bool tableExists = reader.GetBoolean(1);
            long relations = reader.GetInt64(2);
            if (!schemaExists || (!tableExists && relations == 0))
            {
                return null;
            }

            if (!tableExists)
            {
                throw new InvalidOperationException(
                    $"The PostgreSQL database {DatabaseName} has a schema '{Schema.Name}' that is not a TapeTrack store (it has no schema_version table); it was left untouched.");
            }
        }

        await using (var command = Command(connection, transaction, $"SELECT version FROM {Schema.Name}.schema_version WHERE id = 1"))
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is int version ? version : 0;
        }
    }
}
