using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Sqlite.Tests.Fixtures;

namespace TapeTrack.Sync.Sqlite.Tests;

public sealed class SchemaTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Opening_a_missing_file_creates_the_schema_at_the_current_version_in_wal_mode()
    {
        var path = _folder.File("new.db");
        Assert.False(File.Exists(path));

        await using (var store = await SqliteTapeStore.OpenAsync(path))
        {
            Assert.Equal(Path.GetFullPath(path), store.Path);
        }

        Assert.True(File.Exists(path));
        Assert.Equal(SqliteTapeStore.SchemaVersion, ScalarInt64(path, "PRAGMA user_version"));
        Assert.Equal(3, SqliteTapeStore.SchemaVersion);
        Assert.Equal("wal", ScalarText(path, "PRAGMA journal_mode"));
        Assert.Equal(8, ScalarInt64(path, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('store_counter', 'customer', 'attribute_definition', 'media', 'repository', 'volume', 'volume_field', 'store_user')"));
    }

    [Fact]
    public async Task Reopening_a_store_keeps_its_data_and_its_versions()
    {
        var path = _folder.File("reopen.db");
        await using (var store = await OpenSampleAsync(path))
        {
            var result = Assert.Single(await store.ApplyAsync(new[] { Set("000001L6", 1, (VolumeFields.Description, "kept")) }));
            Assert.Equal(UpdateStatus.Applied, result.Status);
        }

        await using (var reopened = await SqliteTapeStore.OpenAsync(path))
        {
            var volume = await reopened.GetVolumeAsync(Lto.Volume("000001L6"));
            Assert.Equal("kept", volume!.Get(VolumeFields.Description));
            Assert.Equal(2, volume.Version);
            var next = Assert.Single(await reopened.ApplyAsync(new[] { Set("000002L6", 1, (VolumeFields.Slot, "5")) }));
            Assert.Equal(3, next.Volume!.Version);
            Assert.Equal(7, (await reopened.DownloadScopeAsync(Lto)).Volumes.Count);
        }
    }

    [Fact]
    public async Task Stores_opened_at_once_on_a_new_file_create_the_schema_once()
    {
        var path = _folder.File("race.db");
        var opening = new Task<SqliteTapeStore>[4];
        for (int i = 0; i < opening.Length; i++)
        {
            opening[i] = Task.Run(async () => await SqliteTapeStore.OpenAsync(path));
        }

        var stores = await Task.WhenAll(opening);
        await stores[0].ImportAsync(Sample());
        foreach (var store in stores)
        {
            Assert.Equal(7, (await store.DownloadScopeAsync(Lto)).Volumes.Count);
            await store.DisposeAsync();
        }

        Assert.Equal(SqliteTapeStore.SchemaVersion, ScalarInt64(path, "PRAGMA user_version"));
        Assert.Equal(1, ScalarInt64(path, "SELECT count(*) FROM store_counter"));
    }

    [Fact]
    public async Task A_version_1_store_is_migrated_to_keep_an_audit_trail_with_its_data_intact()
    {
        var path = _folder.File("v1.db");
        Execute(path, Schema.Migrations[0] + ";\nPRAGMA user_version = 1");
        Execute(path, "INSERT INTO customer (id, description) VALUES ('US01', 'Acme'); INSERT INTO media (customer, id, description) VALUES ('US01', 'LTO', '');"
            + "INSERT INTO repository (customer, media, id, description, type, offsite, next) VALUES ('US01', 'LTO', 'LIBR', '', 'Library', 0, NULL);"
            + "INSERT INTO volume (customer, media, id, current, target, version) VALUES ('US01', 'LTO', 'V1', 'LIBR', 'LIBR', 4); UPDATE store_counter SET last_version = 4");

        await using (var store = await SqliteTapeStore.OpenAsync(path))
        {
            var result = Assert.Single(await store.ApplyAsync(new[] { Set("V1", 4, (VolumeFields.Slot, "7")) }, new ChangeOrigin("batch", "r1")));
            Assert.Equal(5, result.Volume!.Version);
            var entry = Assert.Single(await AuditContract.History(store, new AuditQuery()));
            Assert.Equal("US01.LTO.V1 SLOT: (none) -> 7 by batch", entry.ToString());
        }

        Assert.Equal(SqliteTapeStore.SchemaVersion, ScalarInt64(path, "PRAGMA user_version"));
    }

    [Fact]
    public async Task A_store_of_a_newer_schema_version_is_refused_and_left_alone()
    {
        var path = _folder.File("newer.db");
        await using (await SqliteTapeStore.OpenAsync(path))
        {
        }

        Execute(path, "PRAGMA user_version = 99");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await SqliteTapeStore.OpenAsync(path));

        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Equal(99, ScalarInt64(path, "PRAGMA user_version"));
    }

    [Fact]
    public async Task An_sqlite_database_that_is_not_a_store_is_refused_and_left_alone()
    {
        var path = _folder.File("other.db");
        Execute(path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await SqliteTapeStore.OpenAsync(path));

        Assert.Contains("not a TapeTrack store", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, ScalarInt64(path, "SELECT count(*) FROM sqlite_master WHERE name = 'volume'"));
    }

    [Fact]
    public async Task A_disposed_store_refuses_to_work()
    {
        var store = await SqliteTapeStore.OpenAsync(_folder.File("disposed.db"));
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.DownloadScopeAsync(Lto));
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
