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
        using var command = Command(connection, transaction, ReadVolumeSql, ("$customer", key.Customer), ("$media", key.Media), ("$volume", key.Volume));
        var volume = await ReadVolumeAsync(command, key.Volume, cancellationToken).ConfigureAwait(false);
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
            using var batch = new Batch(connection, transaction, await ReadCounterAsync(connection, transaction, cancellationToken).ConfigureAwait(false), new AuditRecorder(origin, TimeProvider.GetUtcNow()));
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

        var existing = await batch.ReadVolumeAsync(key, cancellationToken).ConfigureAwait(false);
        if (VolumeUpdateRules.Check(update, existing, repositories.Contains) is { } refused)
        {
            return refused;
        }

        var updated = VolumeUpdateRules.Apply(update, existing, batch.LastVersion = VolumeUpdateRules.NextVersion(batch.LastVersion));
        if (existing is null)
        {
            await batch.InsertAsync(key.Scope, updated, cancellationToken).ConfigureAwait(false);
            await batch.Audit.RecordAsync(batch.Connection, batch.Transaction, key, null, updated, cancellationToken).ConfigureAwait(false);
            return new UpdateResult(key, UpdateStatus.Applied, updated);
        }

        if (await batch.UpdateAsync(key, existing, updated, cancellationToken).ConfigureAwait(false) != 1)
        {
            // cannot happen under the write lock; refuse the whole batch rather than write a lost update
            throw new InvalidOperationException($"Volume {key} changed while the batch held the write lock.");
        }

        await batch.Audit.RecordAsync(batch.Connection, batch.Transaction, key, existing, updated, cancellationToken).ConfigureAwait(false);
        return new UpdateResult(key, UpdateStatus.Applied, updated);
    }

    // a volume's statements: a batch prepares each once, the import its insert (BindInsert gives the values)
    private const string ReadVolumeSql = "SELECT current, target, version, fields FROM volume WHERE customer = $customer AND media = $media AND id = $volume";
    private const string InsertVolumeSql = "INSERT INTO volume (customer, media, id, current, target, version, fields) VALUES ($customer, $media, $id, $current, $target, $version, $fields)";

    private static readonly string[] ReadVolumeParameters = { "$customer", "$media", "$volume" };
    private static readonly string[] InsertVolumeParameters = { "$customer", "$media", "$id", "$current", "$target", "$version", "$fields" };

    // The update sets the version and the fields, and the current and target repositories only when they change (a
    // column set is a column whose indexes and foreign key SQLite works through again, even to the same value): its
    // statement and parameters for each of the four cases, by UpdateVariant.
    private static readonly (string Sql, string[] Names)[] UpdateVolume =
    {
        UpdateStatement(false, false), UpdateStatement(true, false), UpdateStatement(false, true), UpdateStatement(true, true),
    };

    private static int UpdateVariant(bool current, bool target) => (current ? 1 : 0) | (target ? 2 : 0);

    private static (string Sql, string[] Names) UpdateStatement(bool current, bool target)
    {
        var names = new List<string> { "$version", "$fields", "$customer", "$media", "$volume", "$expected" };
        if (current)
        {
            names.Add("$current");
        }

        if (target)
        {
            names.Add("$target");
        }

        string sql = "UPDATE volume SET version = $version, fields = $fields" + (current ? ", current = $current" : string.Empty) + (target ? ", target = $target" : string.Empty)
            + " WHERE customer = $customer AND media = $media AND id = $volume AND version = $expected";
        return (sql, names.ToArray());
    }

    // the values of InsertVolumeSql, in InsertVolumeParameters' order
    private static SqliteCommand BindInsert(SqliteCommand command, ScopeKey scope, Volume volume) =>
        Bind(command, scope.Customer, scope.Media, volume.Id, volume.Current, volume.Target, volume.Version, PackedFields.Pack(volume));

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

    // the volume ReadVolumeSql's command (its values bound) finds, or null
    private static async ValueTask<Volume?> ReadVolumeAsync(SqliteCommand command, string id, CancellationToken cancellationToken)
    {
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var fields = PackedFields.Unpack(reader.IsDBNull(3) ? null : reader.GetString(3));
        return new Volume(id, reader.GetString(0), reader.GetString(1), reader.GetInt64(2), fields);
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

    /// <summary>The state of one batch: its transaction, the store's last version, the repositories of each scope it touched,
    /// and its statements, each prepared once for the batch's volumes.</summary>
    private sealed class Batch : IDisposable
    {
        private readonly Dictionary<ScopeKey, HashSet<string>?> _repositories = new();
        private SqliteCommand? _read;
        private SqliteCommand? _insert;
        private readonly SqliteCommand?[] _updates = new SqliteCommand?[4]; // by UpdateVariant

        public Batch(SqliteConnection connection, SqliteTransaction transaction, long lastVersion, AuditRecorder audit)
        {
            Connection = connection;
            Transaction = transaction;
            LastVersion = lastVersion;
            Audit = audit;
        }

        public SqliteConnection Connection { get; }

        public SqliteTransaction Transaction { get; }

        public AuditRecorder Audit { get; }

        public long LastVersion;

        public ValueTask<Volume?> ReadVolumeAsync(VolumeKey key, CancellationToken cancellationToken)
        {
            var command = Bind(Prepared(ref _read, Connection, Transaction, ReadVolumeSql, ReadVolumeParameters), key.Customer, key.Media, key.Volume);
            return SqliteTapeStore.ReadVolumeAsync(command, key.Volume, cancellationToken);
        }

        public async ValueTask InsertAsync(ScopeKey scope, Volume volume, CancellationToken cancellationToken)
        {
            var command = BindInsert(Prepared(ref _insert, Connection, Transaction, InsertVolumeSql, InsertVolumeParameters), scope, volume);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // the rows changed: 1, or 0 when the volume is no longer at the version read
        public async ValueTask<int> UpdateAsync(VolumeKey key, Volume existing, Volume updated, CancellationToken cancellationToken)
        {
            bool current = !string.Equals(existing.Current, updated.Current, StringComparison.Ordinal);
            bool target = !string.Equals(existing.Target, updated.Target, StringComparison.Ordinal);
            int variant = UpdateVariant(current, target);
            var command = Bind(Prepared(ref _updates[variant], Connection, Transaction, UpdateVolume[variant].Sql, UpdateVolume[variant].Names),
                updated.Version, PackedFields.Pack(updated), key.Customer, key.Media, key.Volume, existing.Version);
            if (current)
            {
                command.Parameters["$current"].Value = updated.Current;
            }

            if (target)
            {
                command.Parameters["$target"].Value = updated.Target;
            }

            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        public void Dispose()
        {
            _read?.Dispose();
            _insert?.Dispose();
            foreach (var update in _updates)
            {
                update?.Dispose();
            }

            Audit.Dispose();
        }

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
