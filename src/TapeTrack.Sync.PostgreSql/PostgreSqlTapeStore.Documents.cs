using System;
using System.Collections.Generic;
using System.Data;
using System.IO;
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
        var scopes = new SortedSet<(string, string)>();
        foreach (var customer in document.Customers)
        {
            foreach (var media in customer.Media)
            {
                scopes.Add((customer.Id, media.Id));
            }
        }

        await ImportItemsAsync(document.Items(), scopes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Imports a store file as a stream, with the semantics of <see cref="ImportAsync(StoreDocument, CancellationToken)"/>:
    /// all or nothing, in bounded memory for a file in the order <c>store export</c> writes (see <see cref="StoreFileReader"/>):
    /// volumes go to the database by <c>COPY</c> as they are read, one media at a time.
    /// </summary>
    /// <param name="json">
    /// The store file, UTF-8 JSON. A seekable stream is read once more first, to check it whole and to lock the media it
    /// names in the order every batch locks them; a stream that cannot seek locks each media as it comes (a batch on
    /// two of its media at the same moment can then make PostgreSQL abort one of the two, which leaves it unapplied).
    /// </param>
    /// <param name="sourceName">A name for the file in error messages, such as its path.</param>
    /// <param name="cancellationToken">Cancels the import; nothing is written unless it completes.</param>
    /// <returns>What was imported.</returns>
    /// <exception cref="StoreFormatException">The file is not a valid store file or breaks a rule of the store; the message names its JSON path. Nothing was written.</exception>
    public async ValueTask<StoreFileCounts> ImportFromAsync(Stream json, string sourceName, CancellationToken cancellationToken = default)
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
        SortedSet<(string, string)>? scopes = null;
        if (json.CanSeek)
        {
            long start = json.Position;
            scopes = new SortedSet<(string, string)>();
            string? customer = null;
            foreach (var item in StoreFileReader.Read(json, sourceName))
            {
                if (item.Kind == StoreFileItemKind.Customer)
                {
                    customer = item.Customer!.Id;
                }
                else if (item.Kind == StoreFileItemKind.Media)
                {
                    scopes.Add((customer!, item.Media!.Id));
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            json.Position = start;
        }

        return await ImportItemsAsync(StoreFileReader.Read(json, sourceName), scopes, cancellationToken).ConfigureAwait(false);
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
    /// consistent snapshot (<c>REPEATABLE READ</c>); batches go on meanwhile.
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
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);

        // customers, attributes and media are few; volumes, however many, are streamed
        var customers = new List<StoreCustomer>();
        var byId = new Dictionary<string, StoreCustomer>(StringComparer.Ordinal);
        await using (var command = Command(connection, transaction, "SELECT id, description FROM tapetrack.customer ORDER BY id"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var customer = new StoreCustomer(reader.GetString(0), reader.GetString(1));
                byId.Add(customer.Id, customer);
                customers.Add(customer);
            }
        }

        await using (var command = Command(connection, transaction, "SELECT customer, attribute_index, name, type FROM tapetrack.attribute_definition ORDER BY customer, attribute_index"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                byId[reader.GetString(0)].Attributes.Add(new StoreAttributeDefinition(reader.GetInt32(1), reader.GetString(2), reader.GetString(3)));
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
                await using var command = Command(connection, transaction, $"SELECT {VolumeColumns} FROM tapetrack.volume WHERE customer = @customer AND media = @media ORDER BY id");
                command.Parameters.AddWithValue("customer", scope.Customer);
                command.Parameters.AddWithValue("media", scope.Media);
                await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    onVolume(ReadVolume(reader));
                    volumes++;
                }
            }
        }

        int users = 0;
        await using (var command = Command(connection, transaction, "SELECT name, customers FROM tapetrack.store_user ORDER BY name"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                onUser(new StoreUser(reader.GetString(0), null) { Customers = reader.IsDBNull(1) ? null : reader.GetFieldValue<string[]>(1) });
                users++;
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new StoreFileCounts(customers.Count, media.Count, volumes, users);
    }

    /// <summary>
    /// The one import path of documents and streamed files: customers, media (volumes by <c>COPY</c> into a staging
    /// table, then moved in with SQL, so that memory stays bounded whatever the media's size) and users, in one
    /// transaction. <paramref name="scopes"/>, when known, are locked first, in the order batches lock them.
    /// </summary>
    private async ValueTask<StoreFileCounts> ImportItemsAsync(IEnumerable<StoreFileItem> items, SortedSet<(string, string)>? scopes, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        string path = "$";
        int customers = 0;
        int mediaCount = 0;
        long volumes = 0;
        int users = 0;
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            // the same lock order as a batch (media, then the counter): an import waits for the batches on its media
            if (scopes is not null)
            {
                await LockMediaAsync(connection, transaction, scopes, cancellationToken).ConfigureAwait(false);
            }

            long lastVersion;
            await using (var command = Command(connection, transaction,
                "SELECT last_version FROM tapetrack.store_counter WHERE id = 1 FOR UPDATE; "
                + "CREATE TEMPORARY TABLE tapetrack_import (id text NOT NULL, current text NOT NULL, target text NOT NULL, version bigint NOT NULL, "
                + "field_names text[] NOT NULL, field_values text[] NOT NULL) ON COMMIT DROP"))
            {
                lastVersion = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            string? customerId = null;
            ScopeKey? open = null;
            NpgsqlBinaryImporter? importer = null;
            try
            {
                foreach (var item in items)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    path = item.JsonPath;
                    if (item.Kind == StoreFileItemKind.Volume)
                    {
                        await WriteStagedAsync(importer!, item.Volume!, cancellationToken).ConfigureAwait(false);
                        volumes++;
                        continue;
                    }

                    if (open is { } finished)
                    {
                        await importer!.CompleteAsync(cancellationToken).ConfigureAwait(false);
                        await importer.DisposeAsync().ConfigureAwait(false);
                        importer = null;
                        open = null;
                        lastVersion = await MoveStagedAsync(connection, transaction, finished, lastVersion, cancellationToken).ConfigureAwait(false);
                    }

                    switch (item.Kind)
                    {
                        case StoreFileItemKind.Customer:
                            customerId = item.Customer!.Id;
                            await ImportCustomerAsync(connection, transaction, item.Customer, cancellationToken).ConfigureAwait(false);
                            customers++;
                            break;
                        case StoreFileItemKind.Media:
                            var scope = new ScopeKey(customerId!, item.Media!.Id);
                            if (scopes is null)
                            {
                                await LockMediaAsync(connection, transaction, new SortedSet<(string, string)> { (scope.Customer, scope.Media) }, cancellationToken).ConfigureAwait(false);
                            }

                            await ImportMediaHeadAsync(connection, transaction, scope, item.Media, cancellationToken).ConfigureAwait(false);
                            importer = await connection.BeginBinaryImportAsync(
                                "COPY tapetrack_import (id, current, target, version, field_names, field_values) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
                            open = scope;
                            mediaCount++;
                            break;
                        case StoreFileItemKind.User:
                            await ImportUserAsync(connection, transaction, item.User!, cancellationToken).ConfigureAwait(false);
                            users++;
                            break;
                    }
                }

                if (open is { } last)
                {
                    await importer!.CompleteAsync(cancellationToken).ConfigureAwait(false);
                    await importer.DisposeAsync().ConfigureAwait(false);
                    importer = null;
                    lastVersion = await MoveStagedAsync(connection, transaction, last, lastVersion, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                if (importer is not null)
                {
                    // an import given up half way: the COPY is cancelled with the transaction
                    await importer.DisposeAsync().ConfigureAwait(false);
                }
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
            Log.ImportCommitted(_logger, customers, mediaCount, (int)Math.Min(volumes, int.MaxValue), users);
            return new StoreFileCounts(customers, mediaCount, volumes, users);
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

    private static async Task ImportCustomerAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StoreCustomer customer, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var upsert = new NpgsqlBatchCommand(
            "INSERT INTO tapetrack.customer (id, description) VALUES (@id, @description) ON CONFLICT (id) DO UPDATE SET description = excluded.description");
        upsert.Parameters.AddWithValue("id", customer.Id);
        upsert.Parameters.AddWithValue("description", customer.Description);
        batch.BatchCommands.Add(upsert);
        var clear = new NpgsqlBatchCommand("DELETE FROM tapetrack.attribute_definition WHERE customer = @id");
        clear.Parameters.AddWithValue("id", customer.Id);
        batch.BatchCommands.Add(clear);
        foreach (var attribute in customer.Attributes)
        {
            var command = new NpgsqlBatchCommand(
                "INSERT INTO tapetrack.attribute_definition (customer, attribute_index, name, type) VALUES (@customer, @index, @name, @type)");
            command.Parameters.AddWithValue("customer", customer.Id);
            command.Parameters.AddWithValue("index", attribute.Index);
            command.Parameters.AddWithValue("name", attribute.Name);
            command.Parameters.AddWithValue("type", attribute.Type);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task LockMediaAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SortedSet<(string, string)> scopes, CancellationToken cancellationToken)
    {
        var (customers, mediaIds) = Columns(scopes);
        await using var command = Command(connection, transaction,
            "SELECT 1 FROM tapetrack.media m JOIN unnest(@customers, @media) AS s (customer, media) "
            + "ON m.customer = s.customer AND m.id = s.media ORDER BY m.customer, m.id FOR UPDATE OF m");
        command.Parameters.AddWithValue("customers", NpgsqlDbType.Array | NpgsqlDbType.Text, customers);
        command.Parameters.AddWithValue("media", NpgsqlDbType.Array | NpgsqlDbType.Text, mediaIds);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // the media row and its repositories; its volumes follow into the staging table
    private static async Task ImportMediaHeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ScopeKey scope, StoreMedia media, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var head = new NpgsqlBatchCommand(
            "INSERT INTO tapetrack.media (customer, id, description) VALUES (@customer, @media, @description) ON CONFLICT (customer, id) DO UPDATE SET description = excluded.description");
        head.Parameters.AddWithValue("customer", scope.Customer);
        head.Parameters.AddWithValue("media", scope.Media);
        head.Parameters.AddWithValue("description", media.Description);
        batch.BatchCommands.Add(head);
        var clear = new NpgsqlBatchCommand("DELETE FROM tapetrack.repository WHERE customer = @customer AND media = @media");
        clear.Parameters.AddWithValue("customer", scope.Customer);
        clear.Parameters.AddWithValue("media", scope.Media);
        batch.BatchCommands.Add(clear);
        for (int r = 0; r < media.Repositories.Count; r++)
        {
            var repository = media.Repositories[r];
            var command = new NpgsqlBatchCommand(
                "INSERT INTO tapetrack.repository (customer, media, id, position, description, type, offsite, next) VALUES (@customer, @media, @id, @position, @description, @type, @offsite, @next)");
            command.Parameters.AddWithValue("customer", scope.Customer);
            command.Parameters.AddWithValue("media", scope.Media);
            command.Parameters.AddWithValue("id", repository.Id);
            command.Parameters.AddWithValue("position", r);
            command.Parameters.AddWithValue("description", repository.Description);
            command.Parameters.AddWithValue("type", repository.Type.ToString());
            command.Parameters.AddWithValue("offsite", repository.Offsite);
            command.Parameters.AddWithValue("next", NpgsqlDbType.Text, (object?)repository.Next ?? DBNull.Value);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteStagedAsync(NpgsqlBinaryImporter importer, Volume volume, CancellationToken cancellationToken)
    {
        var (names, values) = Split(volume);
        await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(volume.Id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(volume.Current, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(volume.Target, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(volume.Version, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(names, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(values, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces the media's volumes by the staged ones. The file's versions are kept, but a volume's version never
    /// moves back: a staged volume whose version is not above the stored one keeps the stored version when its content
    /// is the same, and gets a new version (above any handed out) when it differs, so a client holding the old one
    /// cannot overwrite other content.
    /// </summary>
    /// <returns>The greatest version handed out so far.</returns>
    private static async Task<long> MoveStagedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ScopeKey scope, long lastVersion, CancellationToken cancellationToken)
    {
        const string Same = "i.current = o.current AND i.target = o.target AND jsonb_object(i.field_names, i.field_values) = jsonb_object(o.field_names, o.field_values)";
        await using var command = Command(connection, transaction,
            "UPDATE tapetrack_import i SET version = o.version FROM tapetrack.volume o "
            + $"WHERE o.customer = @customer AND o.media = @media AND o.id = i.id AND i.version <= o.version AND {Same}; "
            + "UPDATE tapetrack_import i SET version = @last + b.n FROM ("
            + "SELECT i.id, row_number() OVER (ORDER BY i.id) AS n FROM tapetrack_import i JOIN tapetrack.volume o "
            + $"ON o.customer = @customer AND o.media = @media AND o.id = i.id WHERE i.version < o.version OR (i.version = o.version AND NOT ({Same}))) b "
            + "WHERE i.id = b.id; "
            + "DELETE FROM tapetrack.volume WHERE customer = @customer AND media = @media; "
            + "INSERT INTO tapetrack.volume (customer, media, id, current, target, version, field_names, field_values) "
            + "SELECT @customer, @media, id, current, target, version, field_names, field_values FROM tapetrack_import; "
            + "TRUNCATE tapetrack_import");
        command.Parameters.AddWithValue("customer", scope.Customer);
        command.Parameters.AddWithValue("media", scope.Media);
        command.Parameters.AddWithValue("last", lastVersion);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await using var max = Command(connection, transaction, "SELECT coalesce(max(version), 0) FROM tapetrack.volume WHERE customer = @customer AND media = @media");
        max.Parameters.AddWithValue("customer", scope.Customer);
        max.Parameters.AddWithValue("media", scope.Media);
        return Math.Max(lastVersion, (long)(await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
    }
}
