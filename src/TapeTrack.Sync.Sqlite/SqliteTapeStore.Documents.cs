using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using TapeTrack.Sync.Sessions;
using IsolationLevel = System.Data.IsolationLevel;

namespace TapeTrack.Sync.Sqlite;

public sealed partial class SqliteTapeStore
{
    /// <inheritdoc />
    public async ValueTask ImportAsync(StoreDocument document, CancellationToken cancellationToken = default)
    {
        if (document is null)
        {
            throw new ArgumentNullException(nameof(document));
        }

        cancellationToken.ThrowIfCancellationRequested();
        document.Validate(ImportSource);
        await ImportItemsAsync(document.Items(), ImportSource, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Imports a store file as a stream, with the semantics of <see cref="ImportAsync(StoreDocument, CancellationToken)"/>:
    /// all or nothing, in bounded memory for a file in the order <c>store export</c> writes (see <see cref="StoreFileReader"/>).
    /// </summary>
    /// <param name="json">The store file, UTF-8 JSON; seekable for a file checked whole before anything is written.</param>
    /// <param name="sourceName">A name for the file in error messages, such as its path.</param>
    /// <param name="cancellationToken">Cancels the import; nothing is written unless it completes.</param>
    /// <returns>What was imported.</returns>
    /// <exception cref="StoreFormatException">The file is not a valid store file or breaks a rule of the store; the message names its JSON path. Nothing was written.</exception>
    public ValueTask<StoreFileCounts> ImportFromAsync(Stream json, string sourceName, CancellationToken cancellationToken = default)
    {
        if (json is null)
        {
            throw new ArgumentNullException(nameof(json));
        }

        if (sourceName is null)
        {
            throw new ArgumentNullException(nameof(sourceName));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return ImportItemsAsync(StoreFileReader.Read(json, sourceName), sourceName, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<StoreDocument> ExportAsync(CancellationToken cancellationToken = default)
    {
        var document = new StoreDocument();
        StoreMedia? current = null;
        await ExportItemsAsync(
            customer => document.Customers.Add(customer),
            media =>
            {
                current = media;
                document.Customers[document.Customers.Count - 1].Media.Add(media);
            },
            volume => current!.Volumes.Add(volume),
            user => document.Users.Add(user),
            cancellationToken).ConfigureAwait(false);
        return document;
    }

    /// <summary>
    /// Writes the whole store as a store file, as it goes, in bounded memory whatever the size of the store:
    /// every volume with its version, sorted by customer, media and volume; users without passwords. One
    /// consistent snapshot, read without taking the write lock.
    /// </summary>
    /// <param name="stream">Where to write (UTF-8); not closed.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>What was exported.</returns>
    public async ValueTask<StoreFileCounts> ExportToAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        using var writer = new StoreFileWriter(stream);
        var counts = await ExportItemsAsync(writer.WriteCustomer, writer.WriteMedia, writer.WriteVolume, writer.WriteUser, cancellationToken).ConfigureAwait(false);
        writer.Complete();
        return counts;
    }

    private async ValueTask<StoreFileCounts> ExportItemsAsync(Action<StoreCustomer> onCustomer, Action<StoreMedia> onMedia, Action<Volume> onVolume, Action<StoreUser> onUser, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: true);

        // customers, attributes and media are few; volumes, however many, are streamed
        var customers = new List<StoreCustomer>();
        var byId = new Dictionary<string, StoreCustomer>(StringComparer.Ordinal);
        using (var command = Command(connection, transaction, "SELECT id, description FROM customer ORDER BY id"))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var customer = new StoreCustomer(reader.GetString(0), reader.GetString(1));
                byId.Add(customer.Id, customer);
                customers.Add(customer);
            }
        }

        using (var command = Command(connection, transaction, "SELECT customer, attribute_index, name, type FROM attribute_definition ORDER BY customer, attribute_index"))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                byId[reader.GetString(0)].Attributes.Add(new StoreAttributeDefinition(reader.GetInt32(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        var media = new List<(string Customer, string Id, string Description)>();
        using (var command = Command(connection, transaction, "SELECT customer, id, description FROM media ORDER BY customer, id"))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                media.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        int next = 0;
        long volumes = 0;
        foreach (var customer in customers)
        {
            onCustomer(customer);
            for (; next < media.Count && media[next].Customer == customer.Id; next++)
            {
                var scope = new ScopeKey(customer.Id, media[next].Id);
                var item = new StoreMedia(scope.Media, media[next].Description);
                item.Repositories.AddRange(await ReadRepositoriesAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false) ?? Array.Empty<Repository>());
                onMedia(item);
                volumes += await StreamVolumesAsync(connection, transaction, scope, onVolume, cancellationToken).ConfigureAwait(false);
            }
        }

        int users = 0;
        foreach (var user in await ExportUsersAsync(connection, transaction, cancellationToken).ConfigureAwait(false))
        {
            onUser(user);
            users++;
        }

        transaction.Commit();
        return new StoreFileCounts(customers.Count, media.Count, volumes, users);
    }

    private static async ValueTask<long> StreamVolumesAsync(SqliteConnection connection, SqliteTransaction transaction, ScopeKey scope, Action<Volume> onVolume, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction,
            "SELECT id, current, target, version, fields FROM volume WHERE customer = $customer AND media = $media ORDER BY id",
            ("$customer", scope.Customer), ("$media", scope.Media));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long count = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var fields = PackedFields.Unpack(reader.IsDBNull(4) ? null : reader.GetString(4));
            onVolume(new Volume(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), fields));
            count++;
        }

        return count;
    }

    private async ValueTask<StoreFileCounts> ImportItemsAsync(IEnumerable<StoreFileItem> items, string source, CancellationToken cancellationToken)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            using var import = new Import(connection, transaction, source, await ReadCounterAsync(connection, transaction, cancellationToken).ConfigureAwait(false));
            await import.PrepareAsync(cancellationToken).ConfigureAwait(false);
            foreach (var item in items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (item.Kind)
                {
                    case StoreFileItemKind.Customer: await import.CustomerAsync(item.Customer!, item.JsonPath, cancellationToken).ConfigureAwait(false); break;
                    case StoreFileItemKind.Media: await import.MediaAsync(item.Customer!.Id, item.Media!, item.JsonPath, cancellationToken).ConfigureAwait(false); break;
                    case StoreFileItemKind.Volume: await import.VolumeAsync(item.Volume!, item.JsonPath, cancellationToken).ConfigureAwait(false); break;
                    default: await ImportUserAsync(connection, transaction, item.User!, item.JsonPath + ".name", cancellationToken).ConfigureAwait(false); import.Users++; break;
                }
            }

            await import.FinishAsync(cancellationToken).ConfigureAwait(false);
            await WriteCounterAsync(connection, transaction, import.LastVersion, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                transaction.Commit();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
            {
                throw new StoreFormatException(source, "$", "breaks a rule of the store: " + e.Message);
            }

            var counts = new StoreFileCounts(import.Customers, import.MediaCount, import.Volumes, import.Users);
            Log.ImportCommitted(_logger, counts.Customers, counts.Media, (int)Math.Min(int.MaxValue, counts.Volumes), counts.Users);
            return counts;
        }
        catch (Exception e)
        {
            Log.ImportRolledBack(_logger, e);
            throw;
        }
    }

    private static bool SameContent(Volume left, Volume right)
    {
        if (left.Current != right.Current || left.Target != right.Target || left.Fields.Count != right.Fields.Count)
        {
            return false;
        }

        foreach (var pair in left.Fields)
        {
            if (!right.Fields.TryGetValue(pair.Key, out var value) || value != pair.Value)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// One import in its transaction: the media it is in, what that media held before, the store's last version. The
    /// per-volume statements are prepared once for the whole import (a store file can hold millions of volumes).
    /// </summary>
    private sealed class Import : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction _transaction;
        private readonly string _source;
        private ScopeKey _scope;
        private bool _hasOld;
        private SqliteCommand? _oldVolume;
        private SqliteCommand? _exists;
        private SqliteCommand? _insertVolume;

        public Import(SqliteConnection connection, SqliteTransaction transaction, string source, long lastVersion)
        {
            _connection = connection;
            _transaction = transaction;
            _source = source;
            LastVersion = lastVersion;
        }

        public long LastVersion { get; private set; }

        public int Customers { get; private set; }

        public int MediaCount { get; private set; }

        public long Volumes { get; private set; }

        public int Users { get; set; }

        public void Dispose()
        {
            _oldVolume?.Dispose();
            _exists?.Dispose();
            _insertVolume?.Dispose();
        }

        public async ValueTask PrepareAsync(CancellationToken cancellationToken)
        {
            // what a media held before its import, to keep each volume's version from moving back
            await ExecuteAsync(_connection, _transaction, null, cancellationToken,
                "CREATE TEMP TABLE IF NOT EXISTS import_old_volume (id TEXT NOT NULL PRIMARY KEY, current TEXT NOT NULL, target TEXT NOT NULL, version INTEGER NOT NULL, fields TEXT NULL) WITHOUT ROWID;"
                + "DELETE FROM import_old_volume").ConfigureAwait(false);
        }

        public async ValueTask CustomerAsync(StoreCustomer customer, string path, CancellationToken cancellationToken)
        {
            await ExecuteAsync(_connection, _transaction, path + ".id", cancellationToken,
                "INSERT INTO customer (id, description) VALUES ($customer, $description) ON CONFLICT (id) DO UPDATE SET description = excluded.description",
                ("$customer", customer.Id), ("$description", customer.Description)).ConfigureAwait(false);
            await ExecuteAsync(_connection, _transaction, path, cancellationToken,
                "DELETE FROM attribute_definition WHERE customer = $customer", ("$customer", customer.Id)).ConfigureAwait(false);
            for (int a = 0; a < customer.Attributes.Count; a++)
            {
                var attribute = customer.Attributes[a];
                await ExecuteAsync(_connection, _transaction, $"{path}.attributes[{a}].index", cancellationToken,
                    "INSERT INTO attribute_definition (customer, attribute_index, name, type) VALUES ($customer, $index, $name, $type)",
                    ("$customer", customer.Id), ("$index", attribute.Index), ("$name", attribute.Name), ("$type", attribute.Type)).ConfigureAwait(false);
            }

            Customers++;
        }

        public async ValueTask MediaAsync(string customer, StoreMedia media, string path, CancellationToken cancellationToken)
        {
            _scope = new ScopeKey(customer, media.Id);
            var parameters = new (string, object?)[] { ("$customer", customer), ("$media", media.Id) };
            await ExecuteAsync(_connection, _transaction, path, cancellationToken,
                "DELETE FROM import_old_volume;"
                + "INSERT INTO import_old_volume SELECT id, current, target, version, fields FROM volume WHERE customer = $customer AND media = $media;"
                + "DELETE FROM volume WHERE customer = $customer AND media = $media;"
                + "DELETE FROM repository WHERE customer = $customer AND media = $media", parameters).ConfigureAwait(false);
            using (var command = Command(_connection, _transaction, "SELECT EXISTS (SELECT 1 FROM import_old_volume)"))
            {
                // a media new to the store has no old volumes to look up
                _hasOld = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) != 0;
            }

            await ExecuteAsync(_connection, _transaction, path + ".id", cancellationToken,
                "INSERT INTO media (customer, id, description) VALUES ($customer, $media, $description) ON CONFLICT (customer, id) DO UPDATE SET description = excluded.description",
                ("$customer", customer), ("$media", media.Id), ("$description", media.Description)).ConfigureAwait(false);
            for (int r = 0; r < media.Repositories.Count; r++)
            {
                var repository = media.Repositories[r];
                await ExecuteAsync(_connection, _transaction, $"{path}.repositories[{r}].id", cancellationToken,
                    "INSERT INTO repository (customer, media, id, description, type, offsite, next) VALUES ($customer, $media, $id, $description, $type, $offsite, $next)",
                    ("$customer", customer), ("$media", media.Id), ("$id", repository.Id), ("$description", repository.Description),
                    ("$type", repository.Type.ToString()), ("$offsite", repository.Offsite ? 1 : 0), ("$next", repository.Next)).ConfigureAwait(false);
            }

            MediaCount++;
        }

        public async ValueTask VolumeAsync(Volume volume, string path, CancellationToken cancellationToken)
        {
            // keep the document's version, but never move a volume's version back: a client holding the
            // old one must not be able to overwrite other content
            var stored = volume;
            var previous = _hasOld ? await OldVolumeAsync(volume.Id, cancellationToken).ConfigureAwait(false) : null;
            if (previous is not null && volume.Version <= previous.Version)
            {
                stored = volume.With(Array.Empty<FieldChange>(), SameContent(previous, volume) ? previous.Version : LastVersion = VolumeUpdateRules.NextVersion(LastVersion));
            }

            LastVersion = Math.Max(LastVersion, stored.Version);
            // a volume repeated within its media is found by the key, not by a set of every id the file holds
            if (await ExistsAsync(volume.Id, cancellationToken).ConfigureAwait(false))
            {
                throw new StoreFormatException(_source, path + ".id", $"repeats volume '{volume.Id}'");
            }

            await InsertAsync(stored, path, cancellationToken).ConfigureAwait(false);
            Volumes++;
        }

        public async ValueTask FinishAsync(CancellationToken cancellationToken)
        {
            await ExecuteAsync(_connection, _transaction, null, cancellationToken, "DELETE FROM import_old_volume").ConfigureAwait(false);
        }

        private async ValueTask<Volume?> OldVolumeAsync(string id, CancellationToken cancellationToken)
        {
            var command = Bind(Prepared(ref _oldVolume, "SELECT current, target, version, fields FROM import_old_volume WHERE id = $id", "$id"), id);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var fields = PackedFields.Unpack(reader.IsDBNull(3) ? null : reader.GetString(3));
            return new Volume(id, reader.GetString(0), reader.GetString(1), reader.GetInt64(2), fields);
        }

        private async ValueTask<bool> ExistsAsync(string id, CancellationToken cancellationToken)
        {
            var command = Bind(Prepared(ref _exists, "SELECT 1 FROM volume WHERE customer = $customer AND media = $media AND id = $id", "$customer", "$media", "$id"),
                _scope.Customer, _scope.Media, id);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
        }

        /// <summary>What a batch's insert does (<see cref="BindInsert"/>), through the import's prepared statement.</summary>
        private async ValueTask InsertAsync(Volume volume, string path, CancellationToken cancellationToken)
        {
            var command = BindInsert(Prepared(ref _insertVolume, InsertVolumeSql, InsertVolumeParameters), _scope, volume);
            await RunAsync(command, path.EndsWith("]", StringComparison.Ordinal) ? path + ".id" : path, cancellationToken).ConfigureAwait(false);
        }

        private static async ValueTask RunAsync(SqliteCommand command, string path, CancellationToken cancellationToken)
        {
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
            {
                // the message of a constraint error names the constraint, never a value
                throw new StoreFormatException(ImportSource, path, "breaks a rule of the store: " + e.Message);
            }
        }

        private SqliteCommand Prepared(ref SqliteCommand? command, string sql, params string[] names) =>
            SqliteTapeStore.Prepared(ref command, _connection, _transaction, sql, names);
    }
}
