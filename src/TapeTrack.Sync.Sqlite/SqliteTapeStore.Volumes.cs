using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using TapeTrack.Sync.Sessions;
using IsolationLevel = System.Data.IsolationLevel;

namespace TapeTrack.Sync.Sqlite;

public sealed partial class SqliteTapeStore
{
    /// <inheritdoc />
#pragma warning disable CS1998 // SQLite reads synchronously (as Microsoft.Data.Sqlite's async methods do); async keeps a failure in the returned task
    public async ValueTask<ScopeData> DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default)
#pragma warning restore CS1998
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reader = RentReader();
        try
        {
            return ScopeReader.Read(reader, scope, cancellationToken);
        }
        finally
        {
            ReturnReader(reader);
        }
    }

    /// <inheritdoc />
    public async ValueTask<Volume?> GetVolumeAsync(VolumeKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: true);
        var volume = await ReadVolumeAsync(connection, transaction, key, cancellationToken).ConfigureAwait(false);
        transaction.Commit();
        return volume;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<UpdateResult>> ApplyAsync(IReadOnlyList<VolumeUpdate> updates, ChangeOrigin origin, CancellationToken cancellationToken = default)
    {
        if (updates is null)
        {
            throw new ArgumentNullException(nameof(updates));
        }

        if (origin is null)
        {
            throw new ArgumentNullException(nameof(origin));
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var results = new UpdateResult[updates.Count];
        try
        {
            // IMMEDIATE: take the write lock first, so that the version checks below see the latest state
            using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            var batch = new Batch(connection, transaction, await ReadCounterAsync(connection, transaction, cancellationToken).ConfigureAwait(false));
            batch.Audit = new AuditRecorder(origin, TimeProvider.GetUtcNow());
            int applied = 0;
            for (int i = 0; i < updates.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var update = updates[i] ?? throw new ArgumentException($"Update {i} is null.", nameof(updates));
                results[i] = await ApplyOneAsync(batch, update, cancellationToken).ConfigureAwait(false);
                if (results[i].Status == UpdateStatus.Applied)
                {
                    applied++;
                }

                AfterEachUpdate?.Invoke(i);
            }

            cancellationToken.ThrowIfCancellationRequested();
            await WriteCounterAsync(connection, transaction, batch.LastVersion, cancellationToken).ConfigureAwait(false);
            transaction.Commit();
            Log.BatchApplied(_logger, applied, updates.Count, batch.LastVersion);
            return results;
        }
        catch (Exception e)
        {
            Log.BatchRolledBack(_logger, updates.Count, e);
            throw;
        }
    }

    private static async ValueTask<UpdateResult> ApplyOneAsync(Batch batch, VolumeUpdate update, CancellationToken cancellationToken)
    {
        var key = update.Key;
        var repositories = await batch.RepositoriesAsync(key.Scope, cancellationToken).ConfigureAwait(false);
        if (repositories is null)
        {
            return new UpdateResult(key, UpdateStatus.NotFound, null, $"the server has no media {key.Scope}");
        }

        var existing = await ReadVolumeAsync(batch.Connection, batch.Transaction, key, cancellationToken).ConfigureAwait(false);
        if (VolumeUpdateRules.Check(update, existing, repositories.Contains) is { } refused)
        {
            return refused;
        }

        var updated = VolumeUpdateRules.Apply(update, existing, batch.LastVersion = VolumeUpdateRules.NextVersion(batch.LastVersion));
        if (existing is null)
        {
            await InsertVolumeAsync(batch.Connection, batch.Transaction, key.Scope, updated, null, cancellationToken).ConfigureAwait(false);
            await batch.Audit!.RecordAsync(batch.Connection, batch.Transaction, key, null, updated, cancellationToken).ConfigureAwait(false);
            return new UpdateResult(key, UpdateStatus.Applied, updated);
        }

        int rows = await ExecuteAsync(batch.Connection, batch.Transaction, null, cancellationToken,
            "UPDATE volume SET current = $current, target = $target, version = $version, fields = $fields WHERE customer = $customer AND media = $media AND id = $volume AND version = $expected",
            ("$current", updated.Current), ("$target", updated.Target), ("$version", updated.Version), ("$fields", PackedFields.Pack(updated)),
            ("$customer", key.Customer), ("$media", key.Media), ("$volume", key.Volume), ("$expected", existing.Version)).ConfigureAwait(false);
        if (rows != 1)
        {
            // cannot happen under the write lock; refuse the whole batch rather than write a lost update
            throw new InvalidOperationException($"Volume {key} changed while the batch held the write lock.");
        }

        await batch.Audit!.RecordAsync(batch.Connection, batch.Transaction, key, existing, updated, cancellationToken).ConfigureAwait(false);
        return new UpdateResult(key, UpdateStatus.Applied, updated);
    }

    private static async ValueTask InsertVolumeAsync(SqliteConnection connection, SqliteTransaction transaction, ScopeKey scope, Volume volume, string? path, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, path is null ? null : path.EndsWith("]", StringComparison.Ordinal) ? path + ".id" : path, cancellationToken,
            "INSERT INTO volume (customer, media, id, current, target, version, fields) VALUES ($customer, $media, $id, $current, $target, $version, $fields)",
            ("$customer", scope.Customer), ("$media", scope.Media), ("$id", volume.Id), ("$current", volume.Current), ("$target", volume.Target), ("$version", volume.Version),
            ("$fields", PackedFields.Pack(volume))).ConfigureAwait(false);
    }

    private static async ValueTask<IReadOnlyList<Repository>?> ReadRepositoriesAsync(SqliteConnection connection, SqliteTransaction transaction, ScopeKey scope, CancellationToken cancellationToken)
    {
        using (var command = Command(connection, transaction, "SELECT 1 FROM media WHERE customer = $customer AND id = $media", ("$customer", scope.Customer), ("$media", scope.Media)))
        {
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                return null;
            }
        }

        var repositories = new List<Repository>();
        using (var command = Command(connection, transaction,
            "SELECT id, description, type, offsite, next FROM repository WHERE customer = $customer AND media = $media ORDER BY rowid",
            ("$customer", scope.Customer), ("$media", scope.Media)))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var type = (RepositoryType)Enum.Parse(typeof(RepositoryType), reader.GetString(2));
                repositories.Add(new Repository(reader.GetString(0), reader.GetString(1), type)
                {
                    Offsite = reader.GetInt64(3) != 0,
                    Next = reader.IsDBNull(4) ? null : reader.GetString(4),
                });
            }
        }

        return repositories;
    }

    private static async ValueTask<Volume?> ReadVolumeAsync(SqliteConnection connection, SqliteTransaction transaction, VolumeKey key, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction,
            "SELECT current, target, version, fields FROM volume WHERE customer = $customer AND media = $media AND id = $volume",
            ("$customer", key.Customer), ("$media", key.Media), ("$volume", key.Volume));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var fields = PackedFields.Unpack(reader.IsDBNull(3) ? null : reader.GetString(3));
        return new Volume(key.Volume, reader.GetString(0), reader.GetString(1), reader.GetInt64(2), fields);
    }

    private static async ValueTask<long> ReadCounterAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, "SELECT last_version FROM store_counter WHERE id = 1");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async ValueTask WriteCounterAsync(SqliteConnection connection, SqliteTransaction transaction, long lastVersion, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, null, cancellationToken,
            "UPDATE store_counter SET last_version = $last WHERE id = 1 AND last_version < $last", ("$last", lastVersion)).ConfigureAwait(false);
    }

    /// <summary>The state of one batch: its transaction, the store's last version, the repositories of each scope it touched.</summary>
    private sealed class Batch
    {
        private readonly Dictionary<ScopeKey, HashSet<string>?> _repositories = new();

        public Batch(SqliteConnection connection, SqliteTransaction transaction, long lastVersion)
        {
            Connection = connection;
            Transaction = transaction;
            LastVersion = lastVersion;
        }

        public SqliteConnection Connection { get; }

        public SqliteTransaction Transaction { get; }

        public long LastVersion;

        public AuditRecorder? Audit;

        public async ValueTask<HashSet<string>?> RepositoriesAsync(ScopeKey scope, CancellationToken cancellationToken)
        {
            if (!_repositories.TryGetValue(scope, out var ids))
            {
                var repositories = await ReadRepositoriesAsync(Connection, Transaction, scope, cancellationToken).ConfigureAwait(false);
                if (repositories is not null)
                {
                    ids = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var repository in repositories)
                    {
                        ids.Add(repository.Id);
                    }
                }

                _repositories.Add(scope, ids);
            }

            return ids;
        }
    }
}
