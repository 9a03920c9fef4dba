using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace TapeTrack.Sync.Cli.Tests;

/// <summary>
/// SetODBC definitions through the tool, read with the real unixODBC driver manager and SQLite3 ODBC driver
/// (.ci/install-odbc.sh installs them).
/// </summary>
public class OdbcInputTests
{
    private static string Definition(string connection) => $$"""
        SetODBC("{{connection}}", "SELECT volume, location FROM vault ORDER BY volume");
        SetLiteral(CUSTOMER, "US01");
        SetLiteral(MEDIA, "LTO");
        Extract(VOLUME, 1, 10, 0);
        Extract(REPOSITORY, 2, 20, 0);
        AddTranslation(REPOSITORY, "Library", "LIBR");
        AddTranslation(REPOSITORY, "Offsite", "OFFS");
        """;

    private static string CreateDatabase(TempFolder folder)
    {
        string path = folder["vault.sqlite"];
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE vault (volume TEXT NOT NULL, location TEXT);
            INSERT INTO vault VALUES ('000001L6', 'Offsite');
            INSERT INTO vault VALUES ('000002L6', 'Offsite');
            INSERT INTO vault VALUES ('000006L6', 'Library');
            """;
        command.ExecuteNonQuery();
        return path;
    }

    [Fact]
    public async Task An_odbc_definition_is_read_by_the_format_test()
    {
        using var folder = new TempFolder();
        string database = CreateDatabase(folder);
        folder.Write("odbc.ttidef", Definition($"Driver=SQLite3;Database={database}"));

        var result = await new CliRunner(folder.Path).RunAsync("-F", "5", "-d", "odbc.ttidef");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("line 1: body VOLUME=000001L6 CUSTOMER=US01 MEDIA=LTO REPOSITORY=OFFS", result.Stdout);
        Assert.Contains("line 3: body VOLUME=000006L6 CUSTOMER=US01 MEDIA=LTO REPOSITORY=LIBR", result.Stdout);
        Assert.Contains("3 records read, 3 with values, 0 record errors", result.Stdout);
    }

    [Fact]
    public async Task An_odbc_definition_syncs_against_the_embedded_store()
    {
        using var site = await CsvSite.CreateAsync();
        string database = CreateDatabase(site.Folder);
        site.Folder.Write("odbc.ttidef", Definition($"Driver=SQLite3;Database={database}"));

        var result = await site.Runner.RunAsync("-S", "store:store.db", "-d", "odbc.ttidef");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(3, CsvSite.Statistic(result.Stdout, "Records read:"));
        // 000001L6 LIBR->OFFS and 000006L6 RACK->LIBR move; 000002L6 is already offsite
        Assert.Equal(2, CsvSite.Statistic(result.Stdout, "Moves requested:"));
        Assert.Equal(2, CsvSite.Statistic(result.Stdout, "Volumes updated:"));
        Assert.Equal(1, CsvSite.Statistic(result.Stdout, "Volumes unchanged:"));
    }

    [Fact]
    public async Task A_failing_odbc_source_exits_3_without_its_password()
    {
        using var site = await CsvSite.CreateAsync();
        site.Folder.Write("odbc.ttidef", Definition("Driver=NoSuchDriver;UID=batch;PWD=Odbc5ecret"));

        var result = await site.Runner.RunAsync("-S", "store:store.db", "-d", "odbc.ttidef");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("the ODBC source failed", result.Stderr);
        Assert.DoesNotContain("Odbc5ecret", result.All);
        Assert.DoesNotContain("   at ", result.All);
    }
}
