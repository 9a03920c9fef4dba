using System;
using System.Collections.Generic;
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
}
