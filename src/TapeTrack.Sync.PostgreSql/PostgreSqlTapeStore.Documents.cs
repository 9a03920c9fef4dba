using System;
using System.Collections.Generic;
using System.Data;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.PostgreSql;

public sealed partial class PostgreSqlTapeStore
{
    private const string ImportSource = "import";

    /// <inheritdoc />
    public async ValueTask ImportAsync(StoreDocument document, CancellationToken cancellationToken = default)
    {
        if (document is null)
        {
            throw new ArgumentNullException(nameof(document));
        }

        cancellationToken.ThrowIfCancellationRequested();
        document.Validate(ImportSource);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        string path = "$";
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            // the same lock order as a batch (media, then the counter): an import waits for the batches on its media
            await LockImportedMediaAsync(connection, transaction, document, cancellationToken).ConfigureAwait(false);
            long lastVersion;
            await using (var command = Command(connection, transaction, "SELECT last_version FROM tapetrack.store_counter WHERE id = 1 FOR UPDATE"))
            {
                lastVersion = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            int mediaCount = 0;
            int volumeCount = 0;
            for (int c = 0; c < document.Customers.Count; c++)
            {
                var customer = document.Customers[c];
                path = $"$.customers[{c}]";
                await using (var command = Command(connection, transaction,
                    "INSERT INTO tapetrack.customer (id, description) VALUES (@id, @description) ON CONFLICT (id) DO UPDATE SET description = excluded.description; "
                    + "DELETE FROM tapetrack.attribute_definition WHERE customer = @id"))
                {
                    command.Parameters.AddWithValue("id", customer.Id);
                    command.Parameters.AddWithValue("description", customer.Description);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                for (int a = 0; a < customer.Attributes.Count; a++)
                {
                    var attribute = customer.Attributes[a];
                    path = $"$.customers[{c}].attributes[{a}]";
                    await using var command = Command(connection, transaction,
                        "INSERT INTO tapetrack.attribute_definition (customer, attribute_index, name, type) VALUES (@customer, @index, @name, @type)");
                    command.Parameters.AddWithValue("customer", customer.Id);
                    command.Parameters.AddWithValue("index", attribute.Index);
                    command.Parameters.AddWithValue("name", attribute.Name);
                    command.Parameters.AddWithValue("type", attribute.Type);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                for (int m = 0; m < customer.Media.Count; m++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    path = $"$.customers[{c}].media[{m}]";
                    lastVersion = await ImportMediaAsync(connection, transaction, customer.Id, customer.Media[m], lastVersion, cancellationToken).ConfigureAwait(false);
                    mediaCount++;
                    volumeCount += customer.Media[m].Volumes.Count;
                }
            }

            for (int u = 0; u < document.Users.Count; u++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                path = $"$.users[{u}]";
                await ImportUserAsync(connection, transaction, document.Users[u], cancellationToken).ConfigureAwait(false);
            }

            path = "$";
            await using (var command = Command(connection, transaction, "UPDATE tapetrack.store_counter SET last_version = @last WHERE id = 1 AND last_version < @last"))
            {
                command.Parameters.AddWithValue("last", lastVersion);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            // deferred keys are checked here
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            Log.ImportCommitted(_logger, document.Customers.Count, mediaCount, volumeCount, document.Users.Count);
        }
        catch (PostgresException e) when (e.SqlState.StartsWith("23", StringComparison.Ordinal))
        {
            // an integrity violation; the message names the constraint, and Detail (which quotes values) is left out
            var error = new StoreFormatException(ImportSource, path, $"breaks a rule of the store: {e.MessageText}");
            Log.ImportRolledBack(_logger, error);
            throw error;
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
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var document = new StoreDocument();
        var customers = new Dictionary<string, StoreCustomer>(StringComparer.Ordinal);
        await using (var command = Command(connection, transaction, "SELECT id, description FROM tapetrack.customer ORDER BY id"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var customer = new StoreCustomer(reader.GetString(0), reader.GetString(1));
                customers.Add(customer.Id, customer);
                document.Customers.Add(customer);
            }
        }

        await using (var command = Command(connection, transaction, "SELECT customer, attribute_index, name, type FROM tapetrack.attribute_definition ORDER BY customer, attribute_index"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                customers[reader.GetString(0)].Attributes.Add(new StoreAttributeDefinition(reader.GetInt32(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        var media = new List<(string Customer, string Id, string Description)>();
        await using (var command = Command(connection, transaction, "SELECT customer, id, description FROM tapetrack.media ORDER BY customer, id"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
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

        await using (var command = Command(connection, transaction, "SELECT name, customers FROM tapetrack.store_user ORDER BY name"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                document.Users.Add(new StoreUser(reader.GetString(0), null) { Customers = reader.IsDBNull(1) ? null : reader.GetFieldValue<string[]>(1) });
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return document;
    }

    private static async Task LockImportedMediaAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StoreDocument document, CancellationToken cancellationToken)
    {
        var scopes = new SortedSet<(string, string)>();
        foreach (var customer in document.Customers)
        {
            foreach (var media in customer.Media)
            {
                scopes.Add((customer.Id, media.Id));
            }
        }

        var (customers, mediaIds) = Columns(scopes);
        await using var command = Command(connection, transaction,
            "SELECT 1 FROM tapetrack.media m JOIN unnest(@customers, @media) AS s (customer, media) "
            + "ON m.customer = s.customer AND m.id = s.media ORDER BY m.customer, m.id FOR UPDATE OF m");
        command.Parameters.AddWithValue("customers", NpgsqlDbType.Array | NpgsqlDbType.Text, customers);
        command.Parameters.AddWithValue("media", NpgsqlDbType.Array | NpgsqlDbType.Text, mediaIds);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> ImportMediaAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string customer, StoreMedia media, long lastVersion, CancellationToken cancellationToken)
    {
        var scope = new ScopeKey(customer, media.Id);
        var old = new Dictionary<string, Volume>(StringComparer.Ordinal);
        foreach (var volume in await ReadVolumesAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false))
        {
            old[volume.Id] = volume;
        }

        await using (var command = Command(connection, transaction,
            "DELETE FROM tapetrack.volume WHERE customer = @customer AND media = @media; "
            + "DELETE FROM tapetrack.repository WHERE customer = @customer AND media = @media; "
            + "INSERT INTO tapetrack.media (customer, id, description) VALUES (@customer, @media, @description) ON CONFLICT (customer, id) DO UPDATE SET description = excluded.description"))
        {
            command.Parameters.AddWithValue("customer", customer);
            command.Parameters.AddWithValue("media", media.Id);
            command.Parameters.AddWithValue("description", media.Description);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            for (int r = 0; r < media.Repositories.Count; r++)
            {
                var repository = media.Repositories[r];
                var command = new NpgsqlBatchCommand(
                    "INSERT INTO tapetrack.repository (customer, media, id, position, description, type, offsite, next) VALUES (@customer, @media, @id, @position, @description, @type, @offsite, @next)");
                command.Parameters.AddWithValue("customer", customer);
                command.Parameters.AddWithValue("media", media.Id);
                command.Parameters.AddWithValue("id", repository.Id);
                command.Parameters.AddWithValue("position", r);
                command.Parameters.AddWithValue("description", repository.Description);
                command.Parameters.AddWithValue("type", repository.Type.ToString());
                command.Parameters.AddWithValue("offsite", repository.Offsite);
                command.Parameters.AddWithValue("next", NpgsqlDbType.Text, (object?)repository.Next ?? DBNull.Value);
                batch.BatchCommands.Add(command);
            }

            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        // COPY: a media of many thousand volumes in one stream
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY tapetrack.volume (customer, media, id, current, target, version, field_names, field_values) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var volume in media.Volumes)
        {
            // keep the document's version, but never move a volume's version back: a client holding the
            // old one must not be able to overwrite other content
            var stored = volume;
            if (old.TryGetValue(volume.Id, out var previous) && volume.Version <= previous.Version)
            {
                stored = volume.With(Array.Empty<FieldChange>(), SameContent(previous, volume) ? previous.Version : ++lastVersion);
            }

            lastVersion = Math.Max(lastVersion, stored.Version);
            var (names, values) = Split(stored);
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(customer, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(media.Id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(stored.Id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(stored.Current, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(stored.Target, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(stored.Version, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(names, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(values, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return lastVersion;
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
