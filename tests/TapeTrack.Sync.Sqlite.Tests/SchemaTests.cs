using System;
using System.IO;
using System.Linq;
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
        Assert.Equal(4, SqliteTapeStore.SchemaVersion);
        Assert.Contains("WITHOUT ROWID", ScalarText(path, "SELECT sql FROM sqlite_master WHERE name = 'volume'"), StringComparison.Ordinal);
        Assert.Equal("wal", ScalarText(path, "PRAGMA journal_mode"));
        Assert.Equal(10, ScalarInt64(path, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('store_counter', 'customer', 'attribute_definition', 'media', 'repository', 'volume', 'store_user', 'audit', 'user_grant', 'sqlite_sequence')"));
        Assert.Equal(0, ScalarInt64(path, "SELECT count(*) FROM sqlite_master WHERE name = 'volume_field'"));
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
        CreateAtVersion(path, 1);
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
    public async Task A_version_3_store_is_migrated_to_a_clustered_volume_table_with_every_volume_field_audit_entry_and_grant_intact()
    {
        var path = _folder.File("v3.db");
        CreateAtVersion(path, 3);
        Execute(path, "PRAGMA foreign_keys = ON; INSERT INTO customer (id, description) VALUES ('US01', 'Acme'); INSERT INTO media (customer, id, description) VALUES ('US01', 'LTO', '');"
            + "INSERT INTO repository (customer, media, id, description, type, offsite, next) VALUES ('US01', 'LTO', 'LIBR', '', 'Library', 0, NULL), ('US01', 'LTO', 'VAULT', '', 'Vault', 1, NULL);"
            + "INSERT INTO volume (customer, media, id, current, target, version) VALUES ('US01', 'LTO', 'V2', 'LIBR', 'VAULT', 7), ('US01', 'LTO', 'V1', 'VAULT', 'VAULT', 4), ('US01', 'LTO', 'V3', 'LIBR', 'LIBR', 2);"
            + "INSERT INTO volume_field (customer, media, volume, field, value) VALUES ('US01', 'LTO', 'V1', 'DESCRIPTION', 'weekly'), ('US01', 'LTO', 'V1', 'MOVEDATE', '2026-03-01'), ('US01', 'LTO', 'V2', 'SLOT', '12');"
            + "INSERT INTO audit (at, user_name, run, customer, media, volume, field, old_value, new_value, version) VALUES ('2026-01-02T03:04:05.0000000Z', 'batch', 'r0', 'US01', 'LTO', 'V2', 'SLOT', NULL, '12', 7);"
            + "INSERT INTO store_user (name, password_hash, password_salt, iterations, algorithm, restricted) VALUES ('ops', NULL, NULL, 0, 'none', 1); INSERT INTO user_grant (user, customer) VALUES ('ops', 'US01');"
            + "UPDATE store_counter SET last_version = 7");

        await using (var store = await SqliteTapeStore.OpenAsync(path))
        {
            var scope = await store.DownloadScopeAsync(new ScopeKey("US01", "LTO"));
            Assert.Equal(
                new[] { "V1 VAULT v4 DESCRIPTION=weekly;MOVEDATE=2026-03-01", "V2 LIBR->VAULT v7 SLOT=12", "V3 LIBR v2 " },
                scope.Volumes.Select(v => $"{v.Id} {(v.IsMoving ? v.Current + "->" + v.Target : v.Current)} v{v.Version} " + string.Join(";", v.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value))));
            var entry = Assert.Single(await AuditContract.History(store, new AuditQuery()));
            Assert.Equal("US01.LTO.V2 SLOT: (none) -> 12 by batch", entry.ToString());
            Assert.Equal(new[] { "US01" }, await store.GetCustomerGrantsAsync("ops"));

            // the next version continues from the counter, and the migrated volume takes updates
            var result = Assert.Single(await store.ApplyAsync(new[] { new VolumeUpdate(new VolumeKey("US01", "LTO", "V3"), 2, new[] { new FieldChange(VolumeFields.Description, "daily") }) }));
            Assert.Equal(UpdateStatus.Applied, result.Status);
            Assert.Equal(8, result.Volume!.Version);
        }

        Assert.Equal(4, ScalarInt64(path, "PRAGMA user_version"));
        Assert.Contains("WITHOUT ROWID", ScalarText(path, "SELECT sql FROM sqlite_master WHERE name = 'volume'"), StringComparison.Ordinal);
        Assert.Equal(0, ScalarInt64(path, "SELECT count(*) FROM sqlite_master WHERE name = 'volume_v4'"));
        Assert.Equal(2, ScalarInt64(path, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('volume_current', 'volume_target') AND tbl_name = 'volume'"));
        Assert.Equal(0, ScalarInt64(path, "SELECT count(*) FROM sqlite_master WHERE name = 'volume_field'"));
        Assert.Equal("ok", ScalarText(path, "PRAGMA integrity_check"));
        Assert.Equal(0, ScalarInt64(path, "SELECT count(*) FROM pragma_foreign_key_check"));

        // each volume's fields packed in its row as PackedFields writes them; none: NULL
        Assert.Equal("11:DESCRIPTION6:weekly8:MOVEDATE10:2026-03-01", ScalarText(path, "SELECT fields FROM volume WHERE id = 'V1'"));
        Assert.Equal("4:SLOT2:12", ScalarText(path, "SELECT fields FROM volume WHERE id = 'V2'"));
        Assert.Equal("11:DESCRIPTION5:daily", ScalarText(path, "SELECT fields FROM volume WHERE id = 'V3'"));

        // the volume table's foreign keys hold: a volume of a repository the media does not have is refused
        var orphan = Assert.Throws<SqliteException>(() => Execute(path, "PRAGMA foreign_keys = ON; INSERT INTO volume (customer, media, id, current, target, version) VALUES ('US01', 'LTO', 'V9', 'NONE', 'NONE', 1)"));
        Assert.Equal(19, orphan.SqliteErrorCode);
    }

    [Fact]
    public async Task A_version_3_store_with_fields_that_are_not_ascii_migrates_them_with_their_utf8_lengths()
    {
        var path = _folder.File("v3-utf8.db");
        CreateAtVersion(path, 3);
        Execute(path, "INSERT INTO customer (id, description) VALUES ('US01', 'Acme'); INSERT INTO media (customer, id, description) VALUES ('US01', 'LTO', '');"
            + "INSERT INTO repository (customer, media, id, description, type, offsite, next) VALUES ('US01', 'LTO', 'LIBR', '', 'Library', 0, NULL);"
            + "INSERT INTO volume (customer, media, id, current, target, version) VALUES ('US01', 'LTO', 'Ü1', 'LIBR', 'LIBR', 1);"
            + "INSERT INTO volume_field (customer, media, volume, field, value) VALUES ('US01', 'LTO', 'Ü1', 'DESCRIPTION', 'Bänder ☃ 12:3'), ('US01', 'LTO', 'Ü1', 'ATTRIBUTE1', '7:x');"
            + "UPDATE store_counter SET last_version = 1");

        await using var store = await SqliteTapeStore.OpenAsync(path);

        var volume = Assert.Single((await store.DownloadScopeAsync(new ScopeKey("US01", "LTO"))).Volumes);
        Assert.Equal("Ü1", volume.Id);
        Assert.Equal("Bänder ☃ 12:3", volume.Get(VolumeFields.Description));
        Assert.Equal("7:x", volume.Get("ATTRIBUTE1"));
        Assert.Equal(2, volume.Fields.Count);
        var single = await store.GetVolumeAsync(new VolumeKey("US01", "LTO", "Ü1"));
        Assert.Equal(volume.Fields.OrderBy(f => f.Key, StringComparer.Ordinal), single!.Fields.OrderBy(f => f.Key, StringComparer.Ordinal));
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

    // a store file as the library of that schema version wrote it: its migrations, in order, and the version
    private static void CreateAtVersion(string path, int version) =>
        Execute(path, string.Join(";\n", Schema.Migrations.Take(version)) + ";\nPRAGMA user_version = " + version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
