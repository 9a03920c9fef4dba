using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TapeTrack.Sync.Sessions;
using IsolationLevel = System.Data.IsolationLevel;

namespace TapeTrack.Sync.Sqlite;

/// <summary>
/// The embedded store: the whole server model (customers, media, repositories, volumes, users) in one
/// SQLite file. Safe to use from several threads, and from several stores and processes on the same file:
/// every write is one transaction, and a version check inside it turns a lost update into
/// <see cref="UpdateStatus.Conflict"/>. Open it with <see cref="OpenAsync"/>.
/// </summary>
public sealed partial class SqliteTapeStore : ITapeStore
{
    /// <summary>The schema version this library writes. A file at an older version is migrated when opened; a newer one is refused.</summary>
    public const int SchemaVersion = 2;

    private const int BusyTimeoutMilliseconds = 30_000;
    private const string ImportSource = "import";
    private const int SqliteConstraint = 19;
    private const int SqliteNotADatabase = 26;

    private readonly string _connectionString;
    private readonly ILogger _logger;
    private int _disposed;

    private SqliteTapeStore(string path, ILogger? logger)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (path.Length == 0)
        {
            throw new ArgumentException("The store needs a file path.", nameof(path));
        }

        Path = System.IO.Path.GetFullPath(path);
        _logger = logger ?? NullLogger.Instance;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
    }

    /// <summary>The full path of the store file.</summary>
    public string Path { get; }

    /// <summary>Test hook: called inside a batch's transaction after each update, with its index.</summary>
    internal Action<int>? AfterEachUpdate { get; set; }

    /// <summary>
    /// Opens a store file, creating it when missing: sets write-ahead logging, creates the schema or migrates
    /// it to <see cref="SchemaVersion"/>.
    /// </summary>
    /// <param name="path">The store file.</param>
    /// <param name="logger">Where the store logs; none by default.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The open store; dispose it when done.</returns>
    /// <exception cref="InvalidOperationException">The file is a store of a newer schema version, or an SQLite database that is not a store.</exception>
    public static async ValueTask<SqliteTapeStore> OpenAsync(string path, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var store = new SqliteTapeStore(path, logger);
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return store;
    }

    /// <inheritdoc />
    public async ValueTask<ScopeData> DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: true);
        var repositories = await ReadRepositoriesAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false);
        if (repositories is null)
        {
            return ScopeData.Missing(scope);
        }

        var volumes = await ReadVolumesAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false);
        transaction.Commit();
        return new ScopeData(scope, true, repositories, volumes);
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
    public async ValueTask<IReadOnlyList<UpdateResult>> ApplyAsync(IReadOnlyList<VolumeUpdate> updates, CancellationToken cancellationToken = default)
    {
        if (updates is null)
        {
            throw new ArgumentNullException(nameof(updates));
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var results = new UpdateResult[updates.Count];
        try
        {
            // IMMEDIATE: take the write lock first, so that the version checks below see the latest state
            using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            var batch = new Batch(connection, transaction, await ReadCounterAsync(connection, transaction, cancellationToken).ConfigureAwait(false));
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

    /// <inheritdoc />
    public async ValueTask ImportAsync(StoreDocument document, CancellationToken cancellationToken = default)
    {
        if (document is null)
        {
            throw new ArgumentNullException(nameof(document));
        }

        cancellationToken.ThrowIfCancellationRequested();
        Validate(document);
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            long lastVersion = await ReadCounterAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            int mediaCount = 0;
            int volumeCount = 0;
            for (int c = 0; c < document.Customers.Count; c++)
            {
                var customer = document.Customers[c];
                string customerPath = $"$.customers[{c}]";
                await ExecuteAsync(connection, transaction, customerPath + ".id", cancellationToken,
                    "INSERT INTO customer (id, description) VALUES ($customer, $description) ON CONFLICT (id) DO UPDATE SET description = excluded.description",
                    ("$customer", customer.Id), ("$description", customer.Description)).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, customerPath, cancellationToken,
                    "DELETE FROM attribute_definition WHERE customer = $customer", ("$customer", customer.Id)).ConfigureAwait(false);
                for (int a = 0; a < customer.Attributes.Count; a++)
                {
                    var attribute = customer.Attributes[a];
                    await ExecuteAsync(connection, transaction, $"{customerPath}.attributes[{a}].index", cancellationToken,
                        "INSERT INTO attribute_definition (customer, attribute_index, name, type) VALUES ($customer, $index, $name, $type)",
                        ("$customer", customer.Id), ("$index", attribute.Index), ("$name", attribute.Name), ("$type", attribute.Type)).ConfigureAwait(false);
                }

                for (int m = 0; m < customer.Media.Count; m++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    lastVersion = await ImportMediaAsync(connection, transaction, customer.Id, customer.Media[m], $"{customerPath}.media[{m}]", lastVersion, cancellationToken).ConfigureAwait(false);
                    mediaCount++;
                    volumeCount += customer.Media[m].Volumes.Count;
                }
            }

            for (int u = 0; u < document.Users.Count; u++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ImportUserAsync(connection, transaction, document.Users[u], $"$.users[{u}].name", cancellationToken).ConfigureAwait(false);
            }

            await WriteCounterAsync(connection, transaction, lastVersion, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                transaction.Commit();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
            {
                throw new StoreFormatException(ImportSource, "$", "breaks a rule of the store: " + e.Message);
            }

            Log.ImportCommitted(_logger, document.Customers.Count, mediaCount, volumeCount, document.Users.Count);
        }
        catch (Exception e)
        {
            Log.ImportRolledBack(_logger, e);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask<StoreDocument> ExportAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: true);
        var document = new StoreDocument();
        var customers = new Dictionary<string, StoreCustomer>(StringComparer.Ordinal);
        using (var command = Command(connection, transaction, "SELECT id, description FROM customer ORDER BY id"))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var customer = new StoreCustomer(reader.GetString(0), reader.GetString(1));
                customers.Add(customer.Id, customer);
                document.Customers.Add(customer);
            }
        }

        using (var command = Command(connection, transaction, "SELECT customer, attribute_index, name, type FROM attribute_definition ORDER BY customer, attribute_index"))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                customers[reader.GetString(0)].Attributes.Add(new StoreAttributeDefinition(reader.GetInt32(1), reader.GetString(2), reader.GetString(3)));
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

        foreach (var (customerId, mediaId, description) in media)
        {
            var scope = new ScopeKey(customerId, mediaId);
            var item = new StoreMedia(mediaId, description);
            item.Repositories.AddRange(await ReadRepositoriesAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false) ?? Array.Empty<Repository>());
            item.Volumes.AddRange(await ReadVolumesAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false));
            customers[customerId].Media.Add(item);
        }

        document.Users.AddRange(await ExportUsersAsync(connection, transaction, cancellationToken).ConfigureAwait(false));

        transaction.Commit();
        return document;
    }

    /// <inheritdoc />
    public async ValueTask<bool> VerifyUserAsync(string name, string password, CancellationToken cancellationToken = default)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        if (password is null)
        {
            throw new ArgumentNullException(nameof(password));
        }

        cancellationToken.ThrowIfCancellationRequested();
        byte[]? hash = null;
        byte[]? salt = null;
        int iterations = PasswordHasher.DefaultIterations;
        bool known = false;
        string algorithm = PasswordHasher.Algorithm;
        using (var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        using (var command = Command(connection, null, "SELECT password_hash, password_salt, iterations, algorithm FROM store_user WHERE name = $name", ("$name", name)))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                && !reader.IsDBNull(0) && !reader.IsDBNull(1)
                && PasswordHasher.IsKnown(reader.GetString(3)))
            {
                algorithm = reader.GetString(3);
                hash = (byte[])reader.GetValue(0);
                salt = (byte[])reader.GetValue(1);
                iterations = reader.GetInt32(2);
                known = true;
            }
        }

        // an unknown user costs as much as a known one, so timing does not tell which names exist
        bool verified = PasswordHasher.Verify(PasswordHasher.Canonical(password, algorithm), salt ?? new byte[PasswordHasher.SaltLength], iterations, hash ?? new byte[PasswordHasher.HashLength]) && known;
        if (!verified)
        {
            Log.LogonRefused(_logger, name);
        }

        return verified;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // release the pooled connections, so the file can be moved or deleted
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }

        return default;
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

        var updated = VolumeUpdateRules.Apply(update, existing, ++batch.LastVersion);
        if (existing is null)
        {
            await InsertVolumeAsync(batch.Connection, batch.Transaction, key.Scope, updated, null, cancellationToken).ConfigureAwait(false);
            return new UpdateResult(key, UpdateStatus.Applied, updated);
        }

        int rows = await ExecuteAsync(batch.Connection, batch.Transaction, null, cancellationToken,
            "UPDATE volume SET current = $current, target = $target, version = $version WHERE customer = $customer AND media = $media AND id = $volume AND version = $expected",
            ("$current", updated.Current), ("$target", updated.Target), ("$version", updated.Version),
            ("$customer", key.Customer), ("$media", key.Media), ("$volume", key.Volume), ("$expected", existing.Version)).ConfigureAwait(false);
        if (rows != 1)
        {
            // cannot happen under the write lock; refuse the whole batch rather than write a lost update
            throw new InvalidOperationException($"Volume {key} changed while the batch held the write lock.");
        }

        await ExecuteAsync(batch.Connection, batch.Transaction, null, cancellationToken,
            "DELETE FROM volume_field WHERE customer = $customer AND media = $media AND volume = $volume",
            ("$customer", key.Customer), ("$media", key.Media), ("$volume", key.Volume)).ConfigureAwait(false);
        await InsertFieldsAsync(batch.Connection, batch.Transaction, key, updated, null, cancellationToken).ConfigureAwait(false);
        return new UpdateResult(key, UpdateStatus.Applied, updated);
    }

    private static async ValueTask<long> ImportMediaAsync(SqliteConnection connection, SqliteTransaction transaction, string customer, StoreMedia media, string path, long lastVersion, CancellationToken cancellationToken)
    {
        var scope = new ScopeKey(customer, media.Id);
        var old = new Dictionary<string, Volume>(StringComparer.Ordinal);
        foreach (var volume in await ReadVolumesAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false))
        {
            old[volume.Id] = volume;
        }

        var parameters = new (string, object?)[] { ("$customer", customer), ("$media", media.Id) };
        await ExecuteAsync(connection, transaction, path, cancellationToken, "DELETE FROM volume_field WHERE customer = $customer AND media = $media", parameters).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, path, cancellationToken, "DELETE FROM volume WHERE customer = $customer AND media = $media", parameters).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, path, cancellationToken, "DELETE FROM repository WHERE customer = $customer AND media = $media", parameters).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, path + ".id", cancellationToken,
            "INSERT INTO media (customer, id, description) VALUES ($customer, $media, $description) ON CONFLICT (customer, id) DO UPDATE SET description = excluded.description",
            ("$customer", customer), ("$media", media.Id), ("$description", media.Description)).ConfigureAwait(false);
        for (int r = 0; r < media.Repositories.Count; r++)
        {
            var repository = media.Repositories[r];
            await ExecuteAsync(connection, transaction, $"{path}.repositories[{r}].id", cancellationToken,
                "INSERT INTO repository (customer, media, id, description, type, offsite, next) VALUES ($customer, $media, $id, $description, $type, $offsite, $next)",
                ("$customer", customer), ("$media", media.Id), ("$id", repository.Id), ("$description", repository.Description),
                ("$type", repository.Type.ToString()), ("$offsite", repository.Offsite ? 1 : 0), ("$next", repository.Next)).ConfigureAwait(false);
        }

        for (int v = 0; v < media.Volumes.Count; v++)
        {
            var volume = media.Volumes[v];
            string volumePath = $"{path}.volumes[{v}]";
            if (!HasRepository(media, volume.Current))
            {
                volumePath += ".current";
            }
            else if (!HasRepository(media, volume.Target))
            {
                volumePath += ".target";
            }

            // keep the document's version, but never move a volume's version back: a client holding the
            // old one must not be able to overwrite other content
            var stored = volume;
            if (old.TryGetValue(volume.Id, out var previous) && volume.Version <= previous.Version)
            {
                stored = volume.With(Array.Empty<FieldChange>(), SameContent(previous, volume) ? previous.Version : ++lastVersion);
            }

            lastVersion = Math.Max(lastVersion, stored.Version);
            await InsertVolumeAsync(connection, transaction, scope, stored, volumePath, cancellationToken).ConfigureAwait(false);
        }

        return lastVersion;
    }

    private static async ValueTask ImportUserAsync(SqliteConnection connection, SqliteTransaction transaction, StoreUser user, string path, CancellationToken cancellationToken)
    {
        if (user.Password is null)
        {
            // a user exported without its password keeps the hash it has
            await ExecuteAsync(connection, transaction, path, cancellationToken,
                "INSERT INTO store_user (name, password_hash, password_salt, iterations, algorithm) VALUES ($name, NULL, NULL, $iterations, $algorithm) ON CONFLICT (name) DO NOTHING",
                ("$name", user.Name), ("$iterations", PasswordHasher.DefaultIterations), ("$algorithm", PasswordHasher.Algorithm)).ConfigureAwait(false);
            await ImportGrantsAsync(connection, transaction, user, path, cancellationToken).ConfigureAwait(false);
            return;
        }

        var (hash, salt) = PasswordHasher.Hash(PasswordHasher.Canonical(user.Password, PasswordHasher.Algorithm), PasswordHasher.DefaultIterations);
        await ExecuteAsync(connection, transaction, path, cancellationToken,
            "INSERT INTO store_user (name, password_hash, password_salt, iterations, algorithm) VALUES ($name, $hash, $salt, $iterations, $algorithm) "
            + "ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash, password_salt = excluded.password_salt, iterations = excluded.iterations, algorithm = excluded.algorithm",
            ("$name", user.Name), ("$hash", hash), ("$salt", salt), ("$iterations", PasswordHasher.DefaultIterations), ("$algorithm", PasswordHasher.Algorithm)).ConfigureAwait(false);
        await ImportGrantsAsync(connection, transaction, user, path, cancellationToken).ConfigureAwait(false);
    }

    private static void Validate(StoreDocument document)
    {
        // what the database would find only at commit (deferred keys), or not at all, is checked first
        var customers = new HashSet<string>(StringComparer.Ordinal);
        for (int c = 0; c < document.Customers.Count; c++)
        {
            var customer = document.Customers[c] ?? throw new StoreFormatException(ImportSource, $"$.customers[{c}]", "is null");
            if (!customers.Add(customer.Id))
            {
                throw new StoreFormatException(ImportSource, $"$.customers[{c}].id", $"repeats customer '{customer.Id}'");
            }

            var media = new HashSet<string>(StringComparer.Ordinal);
            for (int m = 0; m < customer.Media.Count; m++)
            {
                var item = customer.Media[m] ?? throw new StoreFormatException(ImportSource, $"$.customers[{c}].media[{m}]", "is null");
                if (!media.Add(item.Id))
                {
                    throw new StoreFormatException(ImportSource, $"$.customers[{c}].media[{m}].id", $"repeats media '{item.Id}'");
                }

                for (int r = 0; r < item.Repositories.Count; r++)
                {
                    if (item.Repositories[r].Next is { } next && !HasRepository(item, next))
                    {
                        throw new StoreFormatException(ImportSource, $"$.customers[{c}].media[{m}].repositories[{r}].next", $"names repository '{next}', which this media does not have");
                    }
                }
            }
        }

        var users = new HashSet<string>(StringComparer.Ordinal);
        for (int u = 0; u < document.Users.Count; u++)
        {
            var user = document.Users[u] ?? throw new StoreFormatException(ImportSource, $"$.users[{u}]", "is null");
            if (!users.Add(user.Name))
            {
                throw new StoreFormatException(ImportSource, $"$.users[{u}].name", $"repeats user '{user.Name}'");
            }
        }
    }

    private static bool HasRepository(StoreMedia media, string id)
    {
        foreach (var repository in media.Repositories)
        {
            if (string.Equals(repository.Id, id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
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

    private static async ValueTask InsertVolumeAsync(SqliteConnection connection, SqliteTransaction transaction, ScopeKey scope, Volume volume, string? path, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, path is null ? null : path.EndsWith("]", StringComparison.Ordinal) ? path + ".id" : path, cancellationToken,
            "INSERT INTO volume (customer, media, id, current, target, version) VALUES ($customer, $media, $id, $current, $target, $version)",
            ("$customer", scope.Customer), ("$media", scope.Media), ("$id", volume.Id), ("$current", volume.Current), ("$target", volume.Target), ("$version", volume.Version)).ConfigureAwait(false);
        await InsertFieldsAsync(connection, transaction, scope.Volume(volume.Id), volume, path, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask InsertFieldsAsync(SqliteConnection connection, SqliteTransaction transaction, VolumeKey key, Volume volume, string? path, CancellationToken cancellationToken)
    {
        if (volume.Fields.Count == 0)
        {
            return;
        }

        using var command = Command(connection, transaction,
            "INSERT INTO volume_field (customer, media, volume, field, value) VALUES ($customer, $media, $volume, $field, $value)",
            ("$customer", key.Customer), ("$media", key.Media), ("$volume", key.Volume), ("$field", string.Empty), ("$value", string.Empty));
        foreach (var pair in volume.Fields)
        {
            command.Parameters["$field"].Value = pair.Key;
            command.Parameters["$value"].Value = pair.Value;
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException e) when (path is not null && e.SqliteErrorCode == SqliteConstraint)
            {
                throw new StoreFormatException(ImportSource, path, "breaks a rule of the store: " + e.Message);
            }
        }
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

    private static async ValueTask<List<Volume>> ReadVolumesAsync(SqliteConnection connection, SqliteTransaction transaction, ScopeKey scope, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        using (var command = Command(connection, transaction,
            "SELECT volume, field, value FROM volume_field WHERE customer = $customer AND media = $media",
            ("$customer", scope.Customer), ("$media", scope.Media)))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var volume = reader.GetString(0);
                if (!fields.TryGetValue(volume, out var values))
                {
                    values = new Dictionary<string, string>(StringComparer.Ordinal);
                    fields.Add(volume, values);
                }

                values[reader.GetString(1)] = reader.GetString(2);
            }
        }

        var volumes = new List<Volume>();
        using (var command = Command(connection, transaction,
            "SELECT id, current, target, version FROM volume WHERE customer = $customer AND media = $media ORDER BY id",
            ("$customer", scope.Customer), ("$media", scope.Media)))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = reader.GetString(0);
                fields.TryGetValue(id, out var values);
                volumes.Add(new Volume(id, reader.GetString(1), reader.GetString(2), reader.GetInt64(3), values));
            }
        }

        return volumes;
    }

    private static async ValueTask<Volume?> ReadVolumeAsync(SqliteConnection connection, SqliteTransaction transaction, VolumeKey key, CancellationToken cancellationToken)
    {
        string current;
        string target;
        long version;
        using (var command = Command(connection, transaction,
            "SELECT current, target, version FROM volume WHERE customer = $customer AND media = $media AND id = $volume",
            ("$customer", key.Customer), ("$media", key.Media), ("$volume", key.Volume)))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            current = reader.GetString(0);
            target = reader.GetString(1);
            version = reader.GetInt64(2);
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var command = Command(connection, transaction,
            "SELECT field, value FROM volume_field WHERE customer = $customer AND media = $media AND volume = $volume",
            ("$customer", key.Customer), ("$media", key.Media), ("$volume", key.Volume)))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                fields[reader.GetString(0)] = reader.GetString(1);
            }
        }

        return new Volume(key.Volume, current, target, version, fields);
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

    private static async ValueTask<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string? importPath, CancellationToken cancellationToken, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (importPath is not null && e.SqliteErrorCode == SqliteConstraint)
        {
            // the message of a constraint error names the constraint, never a value
            throw new StoreFormatException(ImportSource, importPath, "breaks a rule of the store: " + e.Message);
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private async ValueTask<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(SqliteTapeStore));
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = Command(connection, null, "PRAGMA busy_timeout = " + BusyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

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
