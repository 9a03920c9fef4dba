using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Testing.SampleStore;

namespace TapeTrack.Sync.PostgreSql.Tests;

/// <summary>
/// The scope download reads a binary COPY (issue 14); every other read of a volume (a single volume, the export,
/// the batch's locked volumes) still goes through Npgsql's data reader. These tests compare the two readers volume by
/// volume and field by field, in order, on rows written straight into the table: NULL values, repeated and NULL
/// names, non-ASCII text, values far longer than the copy's buffer, and thousands of volumes.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ScopeDownloadTests(PostgresCluster cluster)
{
    [Fact]
    public async Task A_downloaded_scope_equals_the_data_readers_volumes_field_by_field()
    {
        string connectionString = await cluster.CreateDatabaseAsync();
        await using var store = await PostgreSqlTapeStore.OpenAsync(connectionString);
        await store.ImportAsync(Load());

        // 20,000 volumes: every 7th moving, every 3rd with an attribute, every 11th with non-ASCII text, every 13th
        // without fields, every 17th with a NULL value; values repeat so the pool is exercised
        await Execute(connectionString, """
            INSERT INTO tapetrack.volume (customer, media, id, current, target, version, field_names, field_values)
            SELECT 'US01', 'LTO', 'G' || lpad(n::text, 6, '0'),
                   (ARRAY['LIBR', 'OFFS', 'RACK'])[1 + n % 3],
                   CASE WHEN n % 7 = 0 THEN 'OFFS' ELSE (ARRAY['LIBR', 'OFFS', 'RACK'])[1 + n % 3] END,
                   1 + n % 1000,
                   CASE WHEN n % 13 = 0 THEN ARRAY[]::text[]
                        WHEN n % 3 = 0 THEN ARRAY['ATTRIBUTE3', 'DESCRIPTION', 'MOVEDATE']
                        ELSE ARRAY['DESCRIPTION', 'MOVEDATE'] END,
                   CASE WHEN n % 13 = 0 THEN ARRAY[]::text[]
                        WHEN n % 3 = 0 THEN ARRAY['7Y', CASE WHEN n % 11 = 0 THEN 'Sauvegarde hebdo é ✓ 𝄞 ' || (n % 5) ELSE 'weekly_' || (n % 4) END, '2026-0' || (1 + n % 9) || '-1' || (n % 10)]
                        ELSE ARRAY[CASE WHEN n % 17 = 0 THEN NULL ELSE 'weekly_' || (n % 4) END, '2026-0' || (1 + n % 9) || '-1' || (n % 10)] END
            FROM generate_series(1, 20000) AS n
            """);

        await AssertSameAsync(store, 20_007);
    }

    [Fact]
    public async Task Values_longer_than_the_copys_buffer_and_irregular_field_arrays_read_as_the_data_reader_reads_them()
    {
        string connectionString = await cluster.CreateDatabaseAsync();
        await using var store = await PostgreSqlTapeStore.OpenAsync(connectionString);
        await store.ImportAsync(Load());
        await Execute(connectionString, """
            INSERT INTO tapetrack.volume (customer, media, id, current, target, version, field_names, field_values) VALUES
            ('US01', 'LTO', 'L1', 'LIBR', 'LIBR', 5, ARRAY['DESCRIPTION'], ARRAY[repeat('é✓x', 70000)]),
            ('US01', 'LTO', 'L2', 'LIBR', 'RACK', 6, ARRAY['DESCRIPTION', 'SLOT'], ARRAY['short', repeat('7', 300000)]),
            ('US01', 'LTO', 'R1', 'OFFS', 'OFFS', 7, ARRAY['SLOT', 'DESCRIPTION', 'SLOT'], ARRAY['1', 'd', '2']),
            ('US01', 'LTO', 'R2', 'OFFS', 'OFFS', 8, ARRAY['SLOT', 'SLOT'], ARRAY['1', NULL]),
            ('US01', 'LTO', 'R3', 'OFFS', 'OFFS', 9, ARRAY['DESCRIPTION', 'DESCRIPTION'], ARRAY['first', 'second']),
            ('US01', 'LTO', 'R4', 'OFFS', 'OFFS', 9, ARRAY['DESCRIPTION', 'SLOT'], ARRAY['d', '2']),
            ('US01', 'LTO', 'U1', 'RACK', 'RACK', 10, ARRAY['ATTRIBUTE1', 'DESCRIPTION', 'MOVEDATE', 'SLOT'], ARRAY['Größe', 'Ünïcödé 日本語 🎞', '2026-11-29', NULL]),
            ('US01', 'LTO', 'Ω1', 'RACK', 'LIBR', 11, ARRAY['MOVEDATE'], ARRAY[NULL])
            """);

        var downloaded = await AssertSameAsync(store, 15);

        var byId = downloaded.Volumes.ToDictionary(v => v.Id, StringComparer.Ordinal);
        Assert.Equal(210_000, byId["L1"].Get(VolumeFields.Description)!.Length);
        Assert.Equal(300_000, byId["L2"].Get(VolumeFields.Slot)!.Length);
        Assert.Equal("RACK", byId["L2"].Target);
        Assert.Equal("2", byId["R1"].Get(VolumeFields.Slot));
        Assert.Equal(new[] { "DESCRIPTION", "SLOT" }, byId["R1"].Fields.Keys);
        Assert.Empty(byId["R2"].Fields);
        Assert.Equal("second", byId["R3"].Get(VolumeFields.Description));
        Assert.Equal("Ünïcödé 日本語 🎞", byId["U1"].Get(VolumeFields.Description));
        Assert.Equal("Größe", byId["U1"].Get(VolumeFields.Attribute(1)));
        Assert.Null(byId["U1"].Get(VolumeFields.Slot));
        Assert.Empty(byId["Ω1"].Fields);
        Assert.True(byId["Ω1"].IsMoving);

        // a volume made the data reader's way (R1: a name given twice) takes its values from the download's pool too
        Assert.Same(byId["R4"].Get(VolumeFields.Description), byId["R1"].Get(VolumeFields.Description));
        Assert.Same(byId["R4"].Get(VolumeFields.Slot), byId["R1"].Get(VolumeFields.Slot));
    }

    [Fact]
    public async Task A_null_field_name_fails_the_download_as_it_fails_the_data_reader()
    {
        string connectionString = await cluster.CreateDatabaseAsync();
        await using var store = await PostgreSqlTapeStore.OpenAsync(connectionString);
        await store.ImportAsync(Load());
        await Execute(connectionString, """
            INSERT INTO tapetrack.volume (customer, media, id, current, target, version, field_names, field_values)
            VALUES ('US01', 'LTO', 'N1', 'LIBR', 'LIBR', 5, ARRAY[NULL, 'SLOT'], ARRAY['x', '1'])
            """);

        var single = await Assert.ThrowsAsync<ArgumentNullException>(() => store.GetVolumeAsync(Lto.Volume("N1")).AsTask());
        var download = await Assert.ThrowsAsync<ArgumentNullException>(() => store.DownloadScopeAsync(Lto).AsTask());
        Assert.Equal(single.ParamName, download.ParamName);

        // the connection went back to the pool in a usable state
        Assert.Equal("LIBR", (await store.GetVolumeAsync(Lto.Volume("000000L6")))!.Current);
    }

    [Fact]
    public async Task A_scope_with_no_volumes_or_that_does_not_exist_downloads_as_before()
    {
        string connectionString = await cluster.CreateDatabaseAsync();
        await using var store = await PostgreSqlTapeStore.OpenAsync(connectionString);
        await store.ImportAsync(Load());
        await Execute(connectionString, "DELETE FROM tapetrack.volume");

        var empty = await store.DownloadScopeAsync(Lto);
        var missing = await store.DownloadScopeAsync(new ScopeKey("US01", "it's; DROP"));

        Assert.True(empty.Exists);
        Assert.Empty(empty.Volumes);
        Assert.Equal(new[] { "LIBR", "OFFS", "RACK" }, Ids(empty.Repositories));
        Assert.False(missing.Exists);
    }

    [Fact]
    public async Task A_scope_whose_name_needs_quoting_downloads_only_its_own_volumes()
    {
        string connectionString = await cluster.CreateDatabaseAsync();
        await using var store = await PostgreSqlTapeStore.OpenAsync(connectionString);
        var document = Load();
        var customer = document.Customers[0];
        var media = new StoreMedia("L'\\O", "quotes");
        media.Repositories.Add(new Repository("LIBR", "Library", RepositoryType.Library));
        media.Volumes.Add(new Volume("Q1", "LIBR", null, 1, new Dictionary<string, string> { [VolumeFields.Description] = "it's" }));
        customer.Media.Add(media);
        await store.ImportAsync(document);

        var quoted = await store.DownloadScopeAsync(new ScopeKey("US01", "L'\\O"));
        var lto = await store.DownloadScopeAsync(Lto);

        Assert.Equal(new[] { "Q1 LIBR v1 DESCRIPTION=it's" }, quoted.Volumes.Select(Describe));
        Assert.Equal(7, lto.Volumes.Count);
    }

    [Fact]
    public async Task The_downloaded_values_are_pooled_and_a_cached_scope_keeps_the_volumes_as_they_came()
    {
        await using var store = await PostgreSqlTapeStore.OpenAsync(await cluster.CreateDatabaseAsync());
        await store.ImportAsync(Load());

        var data = await store.DownloadScopeAsync(Lto);
        var cached = new CachedScope(data);

        // one string per distinct value across volumes
        var descriptions = data.Volumes.Select(v => v.Get(VolumeFields.Description)).Where(d => d == "weekly_full").ToList();
        Assert.Equal(6, descriptions.Count);
        Assert.All(descriptions, d => Assert.Same(descriptions[0], d));
        var libraries = data.Volumes.Where(v => v.Current == "LIBR").Select(v => v.Current).ToList();
        Assert.All(libraries, c => Assert.Same(data.Repositories.Single(r => r.Id == "LIBR").Id, c));
        Assert.Equal(data.Volumes, cached.Volumes);
    }

    [Fact]
    public async Task A_download_cancelled_while_the_rows_come_ends_in_a_cancellation_and_leaves_the_store_usable()
    {
        string connectionString = await cluster.CreateDatabaseAsync();
        await using var store = await PostgreSqlTapeStore.OpenAsync(connectionString);
        await store.ImportAsync(Load());
        await Execute(connectionString, """
            INSERT INTO tapetrack.volume (customer, media, id, current, target, version, field_names, field_values)
            SELECT 'US01', 'LTO', 'C' || lpad(n::text, 7, '0'), 'LIBR', 'LIBR', 1, ARRAY['DESCRIPTION'], ARRAY[repeat('x', 200)]
            FROM generate_series(1, 300000) AS n
            """);
        var complete = await store.DownloadScopeAsync(Lto);

        // cancelled once the first rows are read: the download stops at its next read
        using var cancel = new CancellationTokenSource();
        int buffers = 0;
        ScopeReader.BufferParsed = () =>
        {
            if (++buffers == 1)
            {
                cancel.Cancel();
            }
        };
        OperationCanceledException cancelled;
        try
        {
            cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.DownloadScopeAsync(Lto, cancel.Token).AsTask());
        }
        finally
        {
            ScopeReader.BufferParsed = null;
        }

        Assert.Equal(cancel.Token, cancelled.CancellationToken);
        Assert.Equal(1, buffers);
        Assert.Equal(300_007, complete.Volumes.Count);
        Assert.Equal(300_007, (await store.DownloadScopeAsync(Lto)).Volumes.Count);
        Assert.Equal("LIBR", (await store.GetVolumeAsync(Lto.Volume("C0000001")))!.Current);
    }

    // The download against the export, which reads every volume through the data reader: same volumes in the same
    // order, each with the same id, repositories, version and fields (names, values and their order).
    private static async Task<ScopeData> AssertSameAsync(PostgreSqlTapeStore store, int count)
    {
        var downloaded = await store.DownloadScopeAsync(Lto);
        var exported = (await store.ExportAsync()).Customers.Single(c => c.Id == Lto.Customer).Media.Single(m => m.Id == Lto.Media);

        Assert.Equal(count, downloaded.Volumes.Count);
        Assert.Equal(exported.Volumes.Select(Describe), downloaded.Volumes.Select(Describe));
        Assert.Equal(exported.Repositories.Select(r => r.Id), downloaded.Repositories.Select(r => r.Id));
        for (int i = 0; i < count; i += 997)
        {
            var single = (await store.GetVolumeAsync(Lto.Volume(downloaded.Volumes[i].Id)))!;
            Assert.Equal(Describe(single), Describe(downloaded.Volumes[i]));
        }

        return downloaded;
    }

    private static string Describe(Volume v) =>
        $"{v.Id} {v.Current}{(v.IsMoving ? "->" + v.Target : "")} v{v.Version}" + string.Concat(v.Fields.Select(p => " " + p.Key + "=" + p.Value));

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
