using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;

namespace TapeTrack.Sync.Cli.Tests;

public class StoreHistoryTests
{
    [Fact]
    public async Task History_lists_each_change_of_a_sync_run_with_its_user_and_run_newest_first()
    {
        using var site = await CsvSite.CreateAsync();
        Assert.Equal(0, (await site.SyncAsync()).ExitCode);

        var history = await site.Runner.RunAsync("store", "history", "--store", "store.db");

        Assert.Equal(0, history.ExitCode);
        var lines = history.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        var columns = lines.Select(l => l.Split("  ")).ToList();
        Assert.All(columns, c => Assert.Equal(Environment.UserName, c[1]));
        Assert.Single(columns.Select(c => c[2]).Distinct());
        Assert.All(columns, c => Assert.StartsWith("US01.LTO.", c[3], StringComparison.Ordinal));
        Assert.Equal(columns.Select(c => c[0]).OrderByDescending(t => t, StringComparer.Ordinal), columns.Select(c => c[0]));

        // the same run again changes nothing, so it adds nothing to the history
        Assert.Equal(0, (await site.SyncAsync()).ExitCode);
        Assert.Equal(history.Stdout, (await site.Runner.RunAsync("store", "history", "--store", "store.db")).Stdout);
    }

    [Fact]
    public async Task History_of_one_volume_since_a_date()
    {
        using var site = await CsvSite.CreateAsync();
        Assert.Equal(0, (await site.SyncAsync()).ExitCode);
        var all = (await site.Runner.RunAsync("store", "history", "--store", "store.db")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string volume = all[0].Split("  ")[3];

        var one = await site.Runner.RunAsync("store", "history", "--store", "store.db", "--volume", volume);
        var future = await site.Runner.RunAsync("store", "history", "--store", "store.db", "--since", "2999-01-01");
        var bad = await site.Runner.RunAsync("store", "history", "--store", "store.db", "--volume", "US01-LTO");

        Assert.Equal(all.Where(l => l.Split("  ")[3] == volume), one.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(string.Empty, future.Stdout);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--volume needs CUSTOMER.MEDIA.VOLUME", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_and_postgres_together_are_a_usage_error()
    {
        using var folder = new TempFolder();

        var result = await new CliRunner(folder.Path).RunAsync("store", "history", "--store", "a.db", "--postgres", "Host=127.0.0.1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--store and --postgres name two stores", result.Stderr, StringComparison.Ordinal);
    }
}

[Collection(PostgresCollection.Name)]
public class PostgresStoreCommandTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Import_export_and_history_work_on_postgres_and_never_print_the_password()
    {
        using var folder = new TempFolder();
        var runner = new CliRunner(folder.Path);
        string connection = await cluster.CreateDatabaseAsync();

        var import = await runner.RunAsync("store", "import", CsvSite.StoreFile, "--postgres", connection);
        var export = await runner.RunAsync("store", "export", "--postgres", connection);
        var history = await runner.RunAsync("store", "history", "--postgres", connection);
        var sqlite = await runner.RunAsync("store", "import", CsvSite.StoreFile, "--store", "same.db");
        var sqliteExport = await runner.RunAsync("store", "export", "--store", "same.db");

        Assert.Equal(0, import.ExitCode);
        Assert.Equal(0, sqlite.ExitCode);
        string database = new NpgsqlConnectionStringBuilder(connection).Database!;
        Assert.Equal($"Imported 1 customers, 1 media, 7 volumes and 1 users into {database} on 127.0.0.1:{cluster.Port}", import.Stdout.Trim());
        Assert.Equal(sqliteExport.Stdout, export.Stdout);
        Assert.Equal((0, string.Empty), (history.ExitCode, history.Stdout));
        foreach (var result in new[] { import, export, history })
        {
            Assert.DoesNotContain(cluster.Password, result.All, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_wrong_password_is_exit_3_without_the_password()
    {
        using var folder = new TempFolder();
        var wrong = new NpgsqlConnectionStringBuilder(await cluster.CreateDatabaseAsync()) { Password = "Wr0ng-S3cret" };

        var result = await new CliRunner(folder.Path).RunAsync("store", "export", "--postgres", wrong.ConnectionString);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("password authentication failed", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Wr0ng-S3cret", result.All, StringComparison.Ordinal);
    }
}
