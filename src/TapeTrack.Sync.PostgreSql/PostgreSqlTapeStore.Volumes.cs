using System;
using System.Collections.Generic;
using System.Data;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;
using TapeTrack.Sync.Sessions;
using UpdateStatus = TapeTrack.Sync.Sessions.UpdateStatus;

namespace TapeTrack.Sync.PostgreSql;

public sealed partial class PostgreSqlTapeStore
{
    private const string VolumeColumns = "id, current, target, version, field_names, field_values";

    /// <inheritdoc />
    public async ValueTask<ScopeData> DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // one snapshot for the repositories and the volumes
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var repositories = await ReadRepositoriesAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false);
        if (repositories is null)
        {
            return ScopeData.Missing(scope);
        }

        // the repositories' ids first, so that the volumes' repositories are those very strings
        var pool = new ValuePool();
        foreach (var repository in repositories)
        {
            pool.Intern(repository.Id);
        }

        var volumes = await ScopeReader.ReadVolumesAsync(connection, transaction, scope, pool, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ScopeData(scope, true, repositories, volumes) { Pool = pool };
    }

    /// <inheritdoc />
    public async ValueTask<Volume?> GetVolumeAsync(VolumeKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadVolumeAsync(connection, null, key, cancellationToken).ConfigureAwait(false);
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

        for (int i = 0; i < updates.Count; i++)
        {
            if (updates[i] is null)
            {
                throw new ArgumentException($"Update {i} is null.", nameof(updates));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var results = new UpdateResult[updates.Count];
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            // locks in one order everywhere (media, volumes, counter), so two batches never deadlock
            var repositories = await LockScopesAsync(connection, transaction, updates, cancellationToken).ConfigureAwait(false);
            var existing = await LockVolumesAsync(connection, transaction, updates, cancellationToken).ConfigureAwait(false);
            var toApply = new List<int>(updates.Count);
            for (int i = 0; i < updates.Count; i++)
            {
                var update = updates[i];
                var key = update.Key;
                if (!repositories.TryGetValue(key.Scope, out var ids))
                {
                    results[i] = new UpdateResult(key, UpdateStatus.NotFound, null, $"the server has no media {key.Scope}");
                    continue;
                }

                existing.TryGetValue(key, out var volume);
                if (VolumeUpdateRules.Check(update, volume, ids.Contains) is { } refused)
                {
                    results[i] = refused;
                    continue;
                }

                toApply.Add(i);
            }

            if (BeforeWrite is { } hook)
            {
                await hook(cancellationToken).ConfigureAwait(false);
            }

            long lastVersion = 0;
            if (toApply.Count > 0)
            {
                lastVersion = await AllocateVersionsAsync(connection, transaction, toApply.Count, cancellationToken).ConfigureAwait(false);
                long version = lastVersion - toApply.Count;
                var writes = new List<(int Index, Volume? Before, Volume After)>(toApply.Count);
                foreach (int i in toApply)
                {
                    existing.TryGetValue(updates[i].Key, out var before);
                    writes.Add((i, before, VolumeUpdateRules.Apply(updates[i], before, ++version)));
                }

                await WriteAsync(connection, transaction, updates, writes, results, origin, cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            Log.BatchApplied(_logger, toApply.Count, updates.Count, lastVersion);
            return results;
        }
        catch (Exception e)
        {
            Log.BatchRolledBack(_logger, updates.Count, e);
            throw;
        }
    }

    private async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<VolumeUpdate> updates,
        List<(int Index, Volume? Before, Volume After)> writes, UpdateResult[] results, ChangeOrigin origin, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (index, before, after) in writes)
        {
            var key = updates[index].Key;
            var (names, values) = Split(after);
            var command = before is null
                ? new NpgsqlBatchCommand(
                    "INSERT INTO tapetrack.volume (customer, media, id, current, target, version, field_names, field_values) "
                    + "VALUES (@customer, @media, @id, @current, @target, @version, @names, @values) ON CONFLICT (customer, media, id) DO NOTHING")
                : new NpgsqlBatchCommand(
                    "UPDATE tapetrack.volume SET current = @current, target = @target, version = @version, field_names = @names, field_values = @values "
                    + "WHERE customer = @customer AND media = @media AND id = @id AND version = @expected");
            command.Parameters.AddWithValue("customer", key.Customer);
            command.Parameters.AddWithValue("media", key.Media);
            command.Parameters.AddWithValue("id", key.Volume);
            command.Parameters.AddWithValue("current", after.Current);
            command.Parameters.AddWithValue("target", after.Target);
            command.Parameters.AddWithValue("version", after.Version);
            command.Parameters.AddWithValue("names", NpgsqlDbType.Array | NpgsqlDbType.Text, names);
            command.Parameters.AddWithValue("values", NpgsqlDbType.Array | NpgsqlDbType.Text, values);
            if (before is not null)
            {
                command.Parameters.AddWithValue("expected", before.Version);
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        var applied = new List<(int Index, Volume? Before, Volume After)>(writes.Count);
        for (int w = 0; w < writes.Count; w++)
        {
            var (index, before, after) = writes[w];
            var key = updates[index].Key;
            if (batch.BatchCommands[w].RecordsAffected == 1)
            {
                results[index] = new UpdateResult(key, UpdateStatus.Applied, after);
                applied.Add(writes[w]);
            }
            else if (before is null)
            {
                // another batch added this volume after the check (adds lock no row): it already exists
                results[index] = new UpdateResult(key, UpdateStatus.AlreadyExists, await ReadVolumeAsync(connection, transaction, key, cancellationToken).ConfigureAwait(false), "the volume already exists");
            }
            else
            {
                // cannot happen under the row lock; refuse the whole batch rather than write a lost update
                throw new InvalidOperationException($"Volume {key} changed while the batch held its lock.");
            }
        }

        await using var audit = AuditCommand(connection, transaction, updates, applied, origin, _timeProvider.GetUtcNow());
        await audit.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Volume?> ReadVolumeAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, VolumeKey key, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {VolumeColumns} FROM tapetrack.volume WHERE customer = @customer AND media = @media AND id = @id");
        command.Parameters.AddWithValue("customer", key.Customer);
        command.Parameters.AddWithValue("media", key.Media);
        command.Parameters.AddWithValue("id", key.Volume);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadVolume(reader) : null;
    }

    private static NpgsqlCommand AuditCommand(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<VolumeUpdate> updates, List<(int Index, Volume? Before, Volume After)> writes, ChangeOrigin origin, DateTimeOffset now)
    {
        var customers = new List<string>();
        var media = new List<string>();
        var volumes = new List<string>();
        var fields = new List<string>();
        var oldValues = new List<string?>();
        var newValues = new List<string?>();
        var versions = new List<long>();
        foreach (var (index, before, after) in writes)
        {
            var key = updates[index].Key;
            foreach (var difference in FieldDifference.Between(before, after))
            {
                customers.Add(key.Customer);
                media.Add(key.Media);
                volumes.Add(key.Volume);
                fields.Add(difference.Field);
                oldValues.Add(difference.OldValue);
                newValues.Add(difference.NewValue);
                versions.Add(after.Version);
            }
        }

        var command = Command(connection, transaction,
            "INSERT INTO tapetrack.audit (at, user_name, run, customer, media, volume, field, old_value, new_value, version) "
            + "SELECT @at, @user, @run, c.customer, c.media, c.volume, c.field, c.old_value, c.new_value, c.version FROM unnest(@customers, @media, @volumes, @fields, @old, @new, @versions) WITH ORDINALITY AS c (customer, media, volume, field, old_value, new_value, version, n) ORDER BY n");
        command.Parameters.AddWithValue("at", now.UtcDateTime);
        command.Parameters.AddWithValue("user", origin.User);
        command.Parameters.AddWithValue("run", origin.Run);
        command.Parameters.AddWithValue("customers", NpgsqlDbType.Array | NpgsqlDbType.Text, customers.ToArray());
        command.Parameters.AddWithValue("media", NpgsqlDbType.Array | NpgsqlDbType.Text, media.ToArray());
        command.Parameters.AddWithValue("volumes", NpgsqlDbType.Array | NpgsqlDbType.Text, volumes.ToArray());
        command.Parameters.AddWithValue("fields", NpgsqlDbType.Array | NpgsqlDbType.Text, fields.ToArray());
        command.Parameters.AddWithValue("old", NpgsqlDbType.Array | NpgsqlDbType.Text, oldValues.ToArray());
        command.Parameters.AddWithValue("new", NpgsqlDbType.Array | NpgsqlDbType.Text, newValues.ToArray());
        command.Parameters.AddWithValue("versions", NpgsqlDbType.Array | NpgsqlDbType.Bigint, versions.ToArray());
        return command;
    }

    /// <summary>Locks the media of the batch's scopes against an import (shared) and reads their repository ids; a scope missing from the result does not exist.</summary>
    private static async Task<Dictionary<ScopeKey, HashSet<string>>> LockScopesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<VolumeUpdate> updates, CancellationToken cancellationToken)
    {
        var scopes = new SortedSet<(string, string)>();
        foreach (var update in updates)
        {
            scopes.Add((update.Key.Customer, update.Key.Media));
        }

        var (customers, media) = Columns(scopes);
        var result = new Dictionary<ScopeKey, HashSet<string>>();
        await using (var command = Command(connection, transaction,
            "SELECT m.customer, m.id FROM tapetrack.media m JOIN unnest(@customers, @media) AS s (customer, media) "
            + "ON m.customer = s.customer AND m.id = s.media ORDER BY m.customer, m.id FOR SHARE OF m"))
        {
            command.Parameters.AddWithValue("customers", NpgsqlDbType.Array | NpgsqlDbType.Text, customers);
            command.Parameters.AddWithValue("media", NpgsqlDbType.Array | NpgsqlDbType.Text, media);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(new ScopeKey(reader.GetString(0), reader.GetString(1)), new HashSet<string>(StringComparer.Ordinal));
            }
        }

        await using (var command = Command(connection, transaction,
            "SELECT r.customer, r.media, r.id FROM tapetrack.repository r JOIN unnest(@customers, @media) AS s (customer, media) "
            + "ON r.customer = s.customer AND r.media = s.media"))
        {
            command.Parameters.AddWithValue("customers", NpgsqlDbType.Array | NpgsqlDbType.Text, customers);
            command.Parameters.AddWithValue("media", NpgsqlDbType.Array | NpgsqlDbType.Text, media);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (result.TryGetValue(new ScopeKey(reader.GetString(0), reader.GetString(1)), out var ids))
                {
                    ids.Add(reader.GetString(2));
                }
            }
        }

        return result;
    }

    /// <summary>Locks the batch's volumes that exist (in key order) and reads them as they are now, after any batch that held them committed.</summary>
    private static async Task<Dictionary<VolumeKey, Volume>> LockVolumesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<VolumeUpdate> updates, CancellationToken cancellationToken)
    {
        var customers = new string[updates.Count];
        var media = new string[updates.Count];
        var ids = new string[updates.Count];
        for (int i = 0; i < updates.Count; i++)
        {
            customers[i] = updates[i].Key.Customer;
            media[i] = updates[i].Key.Media;
            ids[i] = updates[i].Key.Volume;
        }

        var result = new Dictionary<VolumeKey, Volume>();
        await using var command = Command(connection, transaction,
            $"SELECT v.customer, v.media, v.{VolumeColumns.Replace(", ", ", v.", StringComparison.Ordinal)} FROM tapetrack.volume v "
            + "JOIN unnest(@customers, @media, @ids) AS k (customer, media, id) ON v.customer = k.customer AND v.media = k.media AND v.id = k.id "
            + "ORDER BY v.customer, v.media, v.id FOR UPDATE OF v");
        command.Parameters.AddWithValue("customers", NpgsqlDbType.Array | NpgsqlDbType.Text, customers);
        command.Parameters.AddWithValue("media", NpgsqlDbType.Array | NpgsqlDbType.Text, media);
        command.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Text, ids);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var volume = ReadVolume(reader, 2);
            result[new VolumeKey(reader.GetString(0), reader.GetString(1), volume.Id)] = volume;
        }

        return result;
    }

    /// <summary>Takes <paramref name="count"/> versions from the store's counter (held until commit) and returns the last.</summary>
    private static async Task<long> AllocateVersionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int count, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "UPDATE tapetrack.store_counter SET last_version = last_version + @count WHERE id = 1 RETURNING last_version");
        command.Parameters.AddWithValue("count", (long)count);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<IReadOnlyList<Repository>?> ReadRepositoriesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ScopeKey scope, CancellationToken cancellationToken)
    {
        await using (var command = Command(connection, transaction, "SELECT 1 FROM tapetrack.media WHERE customer = @customer AND id = @media"))
        {
            command.Parameters.AddWithValue("customer", scope.Customer);
            command.Parameters.AddWithValue("media", scope.Media);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                return null;
            }
        }

        var repositories = new List<Repository>();
        await using (var command = Command(connection, transaction,
            "SELECT id, description, type, offsite, next FROM tapetrack.repository WHERE customer = @customer AND media = @media ORDER BY position"))
        {
            command.Parameters.AddWithValue("customer", scope.Customer);
            command.Parameters.AddWithValue("media", scope.Media);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                repositories.Add(new Repository(reader.GetString(0), reader.GetString(1), (RepositoryType)Enum.Parse(typeof(RepositoryType), reader.GetString(2)))
                {
                    Offsite = reader.GetBoolean(3),
                    Next = reader.IsDBNull(4) ? null : reader.GetString(4),
                });
            }
        }

        return repositories;
    }

    private static Volume ReadVolume(NpgsqlDataReader reader, int first = 0)
    {
        string id = reader.GetString(first);
        string current = reader.GetString(first + 1);
        string target = reader.GetString(first + 2);
        long version = reader.GetInt64(first + 3);
        var names = reader.GetFieldValue<string[]>(first + 4);
        var values = reader.GetFieldValue<string[]>(first + 5);
        return VolumeFromColumns(id, current, target, version, names, values);
    }

    /// <summary>A volume from its row's columns, its fields by name as a dictionary keeps them (a repeated name's last
    /// value, at the place of its first; a NULL or empty value none).</summary>
    internal static Volume VolumeFromColumns(string id, string current, string target, long version, string?[] names, string?[] values)
    {
        var fields = new Dictionary<string, string>(names.Length, StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            fields[names[i]!] = values[i]!;
        }

        return new Volume(id, current, target, version, fields);
    }

    private static (string[] Names, string[] Values) Split(Volume volume)
    {
        var names = new string[volume.Fields.Count];
        var values = new string[volume.Fields.Count];
        int i = 0;
        foreach (var pair in volume.Fields)
        {
            names[i] = pair.Key;
            values[i] = pair.Value;
            i++;
        }

        Array.Sort(names, values, StringComparer.Ordinal);
        return (names, values);
    }

    private static (string[] Customers, string[] Media) Columns(ICollection<(string Customer, string Media)> scopes)
    {
        var customers = new string[scopes.Count];
        var media = new string[scopes.Count];
        int i = 0;
        foreach (var (customer, item) in scopes)
        {
            customers[i] = customer;
            media[i] = item;
            i++;
        }

        return (customers, media);
    }
}
