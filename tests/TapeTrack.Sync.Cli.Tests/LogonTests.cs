using System.IO;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

public class LogonTests
{
    private const string Password = "Tr0ub4dor&3xyz";

    // A Framework Server that cannot be reached (nothing listens on port 1 of the loopback): the remote session
    // tries, the run ends with exit 3 and a plain message, and neither the password nor a report comes out.
    [Theory]
    [InlineData("batch:" + Password + "@127.0.0.1:1")]
    [InlineData("batch:-" + Password + "@localhost:1")]
    public async Task An_unreachable_server_exits_3_without_the_password(string logon)
    {
        using var folder = new TempFolder();
        var runner = new CliRunner(folder.Path) { StandardInputFile = CsvSite.Report };

        var result = await runner.RunAsync("-S", logon, "-d", CsvSite.Definition, "--report", "report.json");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("logon failed: cannot reach the server at", result.Stderr);
        Assert.DoesNotContain(Password, result.All);
        Assert.DoesNotContain("   at ", result.All);
        Assert.False(File.Exists(folder["report.json"]));
    }

    [Fact]
    public async Task A_remote_logon_from_TAPETRACK_SERVER_exits_3_without_the_password()
    {
        using var folder = new TempFolder();
        var runner = new CliRunner(folder.Path) { StandardInputFile = CsvSite.Report };
        runner.Environment["TAPETRACK_SERVER"] = "batch:" + Password + "@127.0.0.1:1";

        var result = await runner.RunAsync("-d", CsvSite.Definition);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("cannot reach the server at", result.Stderr);
        Assert.Contains("127.0.0.1:1", result.Stderr);
        Assert.DoesNotContain(Password, result.All);
    }

    [Theory]
    [InlineData("batch:" + Password)]
    [InlineData("batch:" + Password + "@")]
    [InlineData("store:")]
    public async Task A_malformed_logon_exits_2_without_repeating_it(string logon)
    {
        using var folder = new TempFolder();

        var result = await new CliRunner(folder.Path).RunAsync("-S", logon, "-d", CsvSite.Definition);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the logon string of -S", result.Stderr);
        Assert.DoesNotContain(Password, result.All);
    }

    [Fact]
    public async Task Memory_logon_syncs_against_a_store_file_without_changing_it()
    {
        using var folder = new TempFolder();
        string store = folder.Write("store.json", File.ReadAllText(CsvSite.StoreFile));
        var runner = new CliRunner(folder.Path) { StandardInputFile = CsvSite.Report };

        var result = await runner.RunAsync("-S", "memory:store.json", "-d", CsvSite.Definition);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, CsvSite.Statistic(result.Stdout, "Volumes updated:"));
        Assert.Equal(File.ReadAllText(CsvSite.StoreFile), File.ReadAllText(store));
    }

    [Fact]
    public async Task Memory_logon_with_a_malformed_store_file_exits_3()
    {
        using var folder = new TempFolder();
        folder.Write("store.json", "{ \"customers\": 5 }");
        var runner = new CliRunner(folder.Path) { StandardInputFile = CsvSite.Report };

        var result = await runner.RunAsync("-S", "memory:store.json", "-d", CsvSite.Definition);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("$.customers", result.Stderr);
    }

    [Fact]
    public async Task Without_S_the_tool_uses_TAPETRACK_SERVER_then_tapetrack_db()
    {
        using var site = await CsvSite.CreateAsync();
        var defaultStore = await site.Runner.RunAsync("store", "import", CsvSite.StoreFile);
        Assert.Equal(0, defaultStore.ExitCode);

        var fromDefault = await site.Runner.RunAsync("-d", CsvSite.Definition, "--dry-run");
        site.Runner.Environment["TAPETRACK_SERVER"] = "store:store.db";
        var fromEnvironment = await site.Runner.RunAsync("-d", CsvSite.Definition);

        Assert.Equal(0, fromDefault.ExitCode);
        Assert.Equal(3, CsvSite.Statistic(fromDefault.Stdout, "Volumes updated:"));
        Assert.Equal(0, fromEnvironment.ExitCode);
        Assert.Contains("\"target\": \"OFFS\"", await site.ExportAsync());
    }

    [Fact]
    public async Task Trust_thumbprint_is_accepted_with_a_local_store()
    {
        using var site = await CsvSite.CreateAsync();

        var result = await site.SyncAsync("--trust-thumbprint", new string('A', 64), "--dry-run");

        Assert.Equal(0, result.ExitCode);
    }
}
