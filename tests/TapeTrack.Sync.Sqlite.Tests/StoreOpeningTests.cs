using System;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Sqlite.Tests.Fixtures;

namespace TapeTrack.Sync.Sqlite.Tests;

/// <summary>cli.md, "Opening a store": opening never writes unless the run writes.</summary>
public sealed class StoreOpeningTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_sqlite_database_that_is_not_a_store_is_refused_and_left_byte_for_byte_untouched()
    {
        var path = _folder.File("other.db");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5)";
            command.ExecuteNonQuery();
        }

        var before = SHA256.HashData(File.ReadAllBytes(path));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await SqliteTapeStore.OpenAsync(path));

        Assert.Contains("not a TapeTrack store", error.Message);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        Assert.False(File.Exists(path + "-wal"));
        Assert.Equal("delete", ScalarText(path, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_file_that_is_not_sqlite_is_refused_and_left_untouched()
    {
        var path = _folder.File("notes.db");
        File.WriteAllText(path, "these are not the pages of a database, but they are long enough to hold a header of one\n");
        var before = File.ReadAllBytes(path);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await SqliteTapeStore.OpenAsync(path));

        Assert.Contains("not an SQLite database", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task A_store_of_a_newer_schema_is_refused_and_left_untouched()
    {
        var path = _folder.File("newer.db");
        await (await OpenSampleAsync(path)).DisposeAsync();
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var before = SHA256.HashData(File.ReadAllBytes(path));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await SqliteTapeStore.OpenAsync(path));

        Assert.Contains("schema version 99", error.Message);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
    }

    [Fact]
    public async Task Opening_and_reading_a_store_while_another_process_holds_the_write_lock_does_not_wait()
    {
        var path = _folder.File("locked.db");
        await (await OpenSampleAsync(path)).DisposeAsync();
        using var writer = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        writer.Open();
        using var transaction = writer.BeginTransaction(deferred: false);
        using (var command = writer.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "UPDATE volume SET current = current WHERE id = '000001L6'";
            command.ExecuteNonQuery();
        }

        var clock = Stopwatch.StartNew();
        await using (var store = await SqliteTapeStore.OpenAsync(path))
        {
            var exported = await store.ExportAsync();
            Assert.Equal(7, exported.Customers[0].Media[0].Volumes.Count);
            Assert.Equal(7, (await store.DownloadScopeAsync(Lto)).Volumes.Count);
        }

        // the busy timeout is 30 s: a reader that took the write lock would have waited for it
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"opening and reading took {clock.Elapsed}");
        transaction.Rollback();
    }

    [Fact]
    public async Task Opening_a_current_store_leaves_its_file_untouched()
    {
        var path = _folder.File("current.db");
        await (await OpenSampleAsync(path)).DisposeAsync();
        SqliteConnection.ClearAllPools();
        var before = SHA256.HashData(File.ReadAllBytes(path));

        await using (var store = await SqliteTapeStore.OpenAsync(path))
        {
            await store.ExportAsync();
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
    }
}
