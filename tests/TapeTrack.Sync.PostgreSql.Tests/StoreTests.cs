using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Sqlite;
using static TapeTrack.Sync.Testing.SampleStore;

namespace TapeTrack.Sync.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class StoreTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Export_gives_the_same_text_as_the_embedded_store_after_the_same_import_and_updates()
    {
        using var folder = new TempFolder();
        await using var sqlite = await SqliteTapeStore.OpenAsync(folder.File("same.db"));
        await sqlite.ImportAsync(Load());
        await using var postgres = await PostgreSqlTapeStore.OpenAsync(await cluster.CreateDatabaseAsync());
        await postgres.ImportAsync(Load());
        var batch = new[]
        {
            Set("000001L6", 1, (VolumeFields.Repository, "OFFS"), (VolumeFields.Description, "monthly")),
            Set("000003L6", 1, (VolumeFields.Current, "OFFS"), (VolumeFields.MoveDate, null)),
            Set("NEW001", null, (VolumeFields.Current, "RACK"), (VolumeFields.Attribute(3), "7Y")),
        };

        await sqlite.ApplyAsync(batch);
        await postgres.ApplyAsync(batch);

        Assert.Equal((await sqlite.ExportAsync()).ToJson(), (await postgres.ExportAsync()).ToJson());
    }

    [Fact]
    public async Task Export_then_import_then_export_gives_the_same_text()
    {
        await using var store = await PostgreSqlTapeStore.OpenAsync(await cluster.CreateDatabaseAsync());
        await store.ImportAsync(Load());
        await store.ApplyAsync(new[] { Set("000002L6", 1, (VolumeFields.Slot, "12")) });
        string first = (await store.ExportAsync()).ToJson();

        await using var copy = await PostgreSqlTapeStore.OpenAsync(await cluster.CreateDatabaseAsync());
        await copy.ImportAsync(StoreDocument.Parse(first));

        Assert.Equal(first, (await copy.ExportAsync()).ToJson());
    }

    [Fact]
    public async Task Reimporting_an_older_export_never_moves_a_version_back()
    {
        await using var store = await PostgreSqlTapeStore.OpenAsync(await cluster.CreateDatabaseAsync());
        await store.ImportAsync(Load());
        await store.ApplyAsync(new[] { Set("000002L6", 1, (VolumeFields.Slot, "12")) });

        await store.ImportAsync(Load());

        var volume = (await store.GetVolumeAsync(Lto.Volume("000002L6")))!;
        Assert.Null(volume.Get(VolumeFields.Slot));
        Assert.Equal(3, volume.Version);
        Assert.Equal(1, (await store.GetVolumeAsync(Lto.Volume("000001L6")))!.Version);
    }

    [Fact]
    public async Task An_import_that_breaks_a_rule_names_its_json_path_and_writes_nothing()
    {
        await using var store = await PostgreSqlTapeStore.OpenAsync(await cluster.CreateDatabaseAsync());
        var document = Load();
        var media = document.Customers[0].Media[0];
        media.Volumes.Add(new Volume("BAD001", "NOPE", null, 1));

        var error = await Assert.ThrowsAsync<StoreFormatException>(() => store.ImportAsync(document).AsTask());

        Assert.Equal($"$.customers[0].media[0].volumes[{media.Volumes.Count - 1}].current", error.JsonPath);
        Assert.Empty((await store.ExportAsync()).Customers);
    }

    [Fact]
    public async Task A_batch_that_fails_before_its_commit_applies_nothing_and_a_retry_gets_the_same_versions()
    {
        await using var store = await PostgreSqlTapeStore.OpenAsync(await cluster.CreateDatabaseAsync());
        await store.ImportAsync(Load());
        var batch = new[] { Set("000000L6", 1, (VolumeFields.Slot, "1")), Set("000001L6", 1, (VolumeFields.Slot, "2")) };
        store.BeforeWrite = _ => throw new IOException("the connection broke");

        await Assert.ThrowsAsync<IOException>(() => store.ApplyAsync(batch).AsTask());
        store.BeforeWrite = null;

        Assert.Equal(1, (await store.GetVolumeAsync(Lto.Volume("000000L6")))!.Version);
        Assert.Empty(await AuditContract.History(store, new AuditQuery()));
        var retried = await store.ApplyAsync(batch);
        Assert.Equal(new long[] { 2, 3 }, retried.Select(r => r.Volume!.Version).ToArray());
    }

    [Fact]
    public async Task Users_are_kept_as_salted_hashes_and_exported_without_passwords()
    {
        string connectionString = await cluster.CreateDatabaseAsync();
        await using var store = await PostgreSqlTapeStore.OpenAsync(connectionString);
        var document = new StoreDocument();
        document.Users.Add(new StoreUser("batch", "s3cret-pw"));
        document.Users.Add(new StoreUser("other", "s3cret-pw"));
        await store.ImportAsync(document);

        Assert.True(await store.VerifyUserAsync("batch", "s3cret-pw"));
        Assert.False(await store.VerifyUserAsync("batch", "wrong"));
        Assert.False(await store.VerifyUserAsync("nobody", "s3cret-pw"));
        Assert.Equal(new[] { "batch", "other" }, (await store.ExportAsync()).Users.Select(u => u.Name + (u.Password ?? "")).ToArray());
        var hashes = await Query(connectionString, "SELECT encode(password_hash, 'hex') || encode(password_salt, 'hex') FROM tapetrack.store_user ORDER BY name");
        Assert.NotEqual(hashes[0], hashes[1]);
        Assert.DoesNotContain(hashes, h => h.Contains(Convert.ToHexString("s3cret-pw"u8), StringComparison.OrdinalIgnoreCase));

        // a user imported again without a password keeps the one it has
        var again = new StoreDocument();
        again.Users.Add(new StoreUser("batch", null));
        await store.ImportAsync(again);
        Assert.True(await store.VerifyUserAsync("batch", "s3cret-pw"));
    }

    [Fact]
    public async Task Opening_a_current_store_writes_nothing()
    {
        string connectionString = await cluster.CreateDatabaseAsync();
        await using (await PostgreSqlTapeStore.OpenAsync(connectionString))
        {
        }

        // a read-only user can open it: nothing is created or migrated
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var command = new NpgsqlCommand(
                "CREATE ROLE reader LOGIN PASSWORD 'reader-pw'; GRANT USAGE ON SCHEMA tapetrack TO reader; GRANT SELECT ON ALL TABLES IN SCHEMA tapetrack TO reader", admin);
            await command.ExecuteNonQueryAsync();
        }

        var reader = new NpgsqlConnectionStringBuilder(connectionString) { Username = "reader", Password = "reader-pw" };
        await using var store = await PostgreSqlTapeStore.OpenAsync(reader.ConnectionString);
        Assert.Empty((await store.ExportAsync()).Customers);
    }

    [Fact]
    public async Task A_newer_schema_is_refused_by_name_and_left_untouched()
    {
        string connectionString = await cluster.CreateDatabaseAsync();
        await using (await PostgreSqlTapeStore.OpenAsync(connectionString))
        {
        }

        await Execute(connectionString, "UPDATE tapetrack.schema_version SET version = 99");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgreSqlTapeStore.OpenAsync(connectionString).AsTask());

        string database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        Assert.Contains($"{database} on 127.0.0.1:{cluster.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Password, error.Message, StringComparison.Ordinal);
        Assert.Equal("99", (await Query(connectionString, "SELECT version::text FROM tapetrack.schema_version"))[0]);
    }

    [Fact]
    public async Task A_tapetrack_schema_that_is_not_a_store_is_refused_and_left_untouched()
    {
        string connectionString = await cluster.CreateDatabaseAsync();
        await Execute(connectionString, "CREATE SCHEMA tapetrack; CREATE TABLE tapetrack.other (x int)");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgreSqlTapeStore.OpenAsync(connectionString).AsTask());

        Assert.Contains("not a TapeTrack store", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "other" }, await Query(connectionString, "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'tapetrack'"));
    }

    [Fact]
    public async Task Servers_opening_an_empty_database_at_once_create_the_schema_once()
    {
        string connectionString = await cluster.CreateDatabaseAsync();

        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgreSqlTapeStore.OpenAsync(connectionString).AsTask())));

        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        Assert.Equal(new[] { PostgreSqlTapeStore.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) }, await Query(connectionString, "SELECT version::text FROM tapetrack.schema_version"));
    }

    [Fact]
    public async Task A_bad_connection_string_or_password_never_shows_the_password()
    {
        var wrong = new NpgsqlConnectionStringBuilder(await cluster.CreateDatabaseAsync()) { Password = "Wr0ng-S3cret" };

        var refused = await Assert.ThrowsAsync<PostgresException>(() => PostgreSqlTapeStore.OpenAsync(wrong.ConnectionString).AsTask());
        var malformed = await Assert.ThrowsAsync<ArgumentException>(() => PostgreSqlTapeStore.OpenAsync("Host=127.0.0.1;Password=Wr0ng-S3cret;Bogus Key=1").AsTask());

        Assert.Equal("28P01", refused.SqlState);
        Assert.DoesNotContain("Wr0ng-S3cret", refused.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Wr0ng-S3cret", malformed.ToString(), StringComparison.Ordinal);
    }

    internal static async Task<List<string>> Query(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    internal static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
