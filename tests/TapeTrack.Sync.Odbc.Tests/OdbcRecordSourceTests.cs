using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Odbc.Tests;

public class OdbcRecordSourceTests : IClassFixture<SqliteOdbcFixture>
{
    private readonly SqliteOdbcFixture _database;

    public OdbcRecordSourceTests(SqliteOdbcFixture database)
    {
        SqliteOdbcFixture.RequireDriver();
        _database = database;
    }

    private static async Task<List<SourceRecord>> ReadAllAsync(IRecordSource source)
    {
        var records = new List<SourceRecord>();
        await using (source)
        {
            await foreach (var record in source.ReadAsync())
            {
                records.Add(record.Clone());
            }
        }

        return records;
    }

    // the definition's own ODBC input, opened as the tool opens it, each row imported
    private static async Task<List<ImportResult>> ImportAllAsync(SyncDefinition definition)
    {
        var importer = new RecordImporter(definition);
        var results = new List<ImportResult>();
        await using var source = OdbcRecordSources.Open(definition);
        Assert.IsType<OdbcRecordSource>(source);
        await foreach (var record in source.ReadAsync())
        {
            results.Add(importer.Import(record));
        }

        return results;
    }

    private static string[] Elements(SourceRecord record) => Enumerable.Range(1, record.ElementCount).Select(i => record.GetElement(i).ToString()).ToArray();

    [Fact]
    public async Task Rows_of_a_query_are_records_through_unixODBC_and_the_SQLite3_driver()
    {
        var records = await ReadAllAsync(new OdbcRecordSource(_database.ConnectionString, "SELECT volume, location, written, note FROM volumes ORDER BY volume"));

        Assert.Equal(3, records.Count);
        Assert.Equal(new[] { "000001L6", "Vault", "2026-11-23 22:15:01", "daily, offsite" }, Elements(records[0]));
        Assert.Equal("000001L6\tVault\t2026-11-23 22:15:01\tdaily, offsite", records[0].ToString());
        Assert.Equal(new[] { "000002L6", "Library", "2026-11-24 05:02:10", string.Empty }, Elements(records[1]));
        Assert.Equal(new long[] { 1, 2, 3 }, records.Select(r => r.LineNumber).ToArray());
    }

    [Fact]
    public async Task A_column_the_query_does_not_select_is_a_record_error_naming_both_counts()
    {
        // the query selects four columns; the definition reads the target from a fifth that it forgot to select
        var definition = new SyncDefinitionBuilder()
            .SetOdbc(_database.ConnectionString, "SELECT customer, media, volume, location FROM volumes ORDER BY volume")
            .Extract(SyncField.Customer, 1, 4)
            .Extract(SyncField.Media, 2, 4)
            .Extract(SyncField.Volume, 3, 10)
            .Extract(SyncField.Repository, 5, 4)
            .Build();

        var results = await ImportAllAsync(definition);

        Assert.Equal(new[] { ImportStatus.Error, ImportStatus.Error, ImportStatus.Error }, results.Select(r => r.Status).ToArray());
        Assert.Equal("line 1: the row has 4 columns but the definition reads column 5; does the query select it?", results[0].Error!.ToString());
    }

    [Fact]
    public async Task SetODBC_definition_is_imported_column_by_column()
    {
        var definition = new SyncDefinitionBuilder()
            .SetOdbc(_database.ConnectionString, "SELECT customer, media, volume, location, written FROM volumes ORDER BY volume")
            .Extract(SyncField.Customer, 1, 4)
            .Extract(SyncField.Media, 2, 4)
            .Extract(SyncField.Volume, 3, 10)
            .Extract(SyncField.Repository, 4, 20)
            .AddTranslation(SyncField.Repository, "Vault", "OFFS")
            .AddTranslation(SyncField.Repository, "Library", "LIBR")
            .AddExclusionOnValue(SyncField.Volume, "CLN*")
            .Extract(SyncField.WriteTime, 5, 19)
            .SetWriteTimeFormat("%Y-%m-%d %H:%M:%S")
            .Build();

        var results = await ImportAllAsync(definition);

        Assert.Equal(new[] { ImportStatus.Body, ImportStatus.Body, ImportStatus.Excluded }, results.Select(r => r.Status).ToArray());
        Assert.Equal("US01.LTO.000001L6", $"{results[0].Record!.Customer}.{results[0].Record!.Media}.{results[0].Record!.Volume}");
        Assert.Equal("OFFS", results[0].Record![SyncField.Repository]);
        Assert.Equal("LIBR", results[1].Record![SyncField.Repository]);
        Assert.Equal(new DateTime(2026, 11, 24, 5, 2, 10), results[1].Record!.WriteTime);
        Assert.Equal(2, results[1].Record!.Line);
    }

    [Fact]
    public async Task Failing_query_names_the_driver_error_and_masks_the_password()
    {
        var source = new OdbcRecordSource(_database.ConnectionString + ";PWD=secret", "SELECT * FROM no_such_table");
        var error = await Assert.ThrowsAsync<OdbcSourceException>(() => ReadAllAsync(source));

        Assert.Contains("no such table", error.Message, StringComparison.Ordinal);
        Assert.Contains("PWD=***", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.ToString(), StringComparison.Ordinal);
        Assert.Null(error.InnerException);
        Assert.DoesNotContain("secret", source.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_driver_names_the_driver_manager_error_and_masks_the_password()
    {
        var source = new OdbcRecordSource("Driver=NoSuchOdbcDriver;Database=/tmp/none.db;UID=sync;PWD=secret", "SELECT 1");
        var error = await Assert.ThrowsAsync<OdbcSourceException>(() => ReadAllAsync(source));

        Assert.NotNull(error.SqlState);
        Assert.Contains("Can't open lib 'NoSuchOdbcDriver'", error.Message, StringComparison.Ordinal);
        Assert.Contains("connecting failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("Driver=NoSuchOdbcDriver;Database=/tmp/none.db;UID=sync;PWD=***", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nested_and_secret_named_values_never_reach_a_message()
    {
        var source = new OdbcRecordSource(
            "Driver=NoSuchOdbcDriver;Database=/tmp/none.db;ConnSettings=PWD=s3cretA;EncryptionKey=s3cretB;Options={UID=a;PWD=s3cretC};Token=s3cretD",
            "SELECT 1");
        var error = await Assert.ThrowsAsync<OdbcSourceException>(() => ReadAllAsync(source));

        foreach (var text in new[] { error.ToString(), source.DataSource, source.ToString() ?? string.Empty })
        {
            Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        }

        Assert.Contains("ConnSettings=PWD=***;EncryptionKey=***;Options={UID=a;PWD=***};Token=***", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Driver=SQLite3;PWD=secret", "Driver=SQLite3;PWD=***")]
    [InlineData("DSN=x;Password={se;cret}};x};UID=u", "DSN=x;Password=***;UID=u")]
    [InlineData("DSN=x;AccessToken=secret", "DSN=x;AccessToken=***")]
    [InlineData("DSN=x;ConnSettings=PWD=secret", "DSN=x;ConnSettings=PWD=***")]
    [InlineData("DSN=x;Options={UID=a;PWD=secret;Port=5}", "DSN=x;Options={UID=a;PWD=***;Port=5}")]
    [InlineData("DSN=x;EncryptionKey=secret;Passphrase=secret;ApiKey=secret;Credentials=secret", "DSN=x;EncryptionKey=***;Passphrase=***;ApiKey=***;Credentials=***")]
    [InlineData("DSN=x;Opts={Mode=1;ClientSecret=secret}", "DSN=x;Opts={Mode=1;ClientSecret=***}")]
    public void Masked_connection_string_hides_every_secret(string connectionString, string masked)
    {
        Assert.Equal(masked, OdbcConnectionStrings.Masked(connectionString));
    }

    [Fact]
    public void Core_factory_refuses_ODBC_and_the_Odbc_factory_opens_text_input_as_the_core_does()
    {
        var odbc = new SyncDefinitionBuilder().SetOdbc("Driver=SQLite3;PWD=secret", "SELECT 1").Extract(SyncField.Volume, 1, 10).SetLiteral(SyncField.Customer, "US01").SetLiteral(SyncField.Media, "LTO").Build();
        Assert.Contains("TapeTrack.Sync.Odbc", Assert.Throws<InvalidOperationException>(() => RecordSources.Open(odbc)).Message, StringComparison.Ordinal);

        var text = new SyncDefinitionBuilder().SetCsvDelimiter(',').Extract(SyncField.Volume, 1, 10).SetLiteral(SyncField.Customer, "US01").SetLiteral(SyncField.Media, "LTO").SetFile(_database.DatabasePath).Build();
        Assert.IsType<DelimitedRecordSource>(OdbcRecordSources.Open(text));
    }
}
