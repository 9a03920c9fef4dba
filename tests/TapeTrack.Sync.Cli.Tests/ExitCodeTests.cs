using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

public class ExitCodeTests
{
    private const string CsvDefinition = """
        setCSVDelimiter(",");
        SetLiteral(CUSTOMER, "US01");
        SetLiteral(MEDIA, "LTO");
        Extract(VOLUME, 1, 10, 0);
        Extract(MOVEDATE, 2, 10, 0);
        SetMoveDateFormat("%%Y-%%m-%%d");
        """;

    [Fact]
    public async Task Record_errors_exit_1_and_are_written_to_stderr_with_their_line()
    {
        using var site = await CsvSite.CreateAsync();
        site.Folder.Write("dates.ttidef", CsvDefinition);
        site.Runner.StandardInputFile = null;

        var result = await site.Runner.RunWithInputAsync("000000L6,2021-07-21\n000001L6,not-a-date\n000002L6,2021-07-21\n", "-S", "store:store.db", "-d", "dates.ttidef");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(1, CsvSite.Statistic(result.Stdout, "Record errors:"));
        Assert.Equal(2, CsvSite.Statistic(result.Stdout, "Volumes matched:"));
        Assert.StartsWith("line 2: error: MOVEDATE: ", result.Stderr);
    }

    [Fact]
    public async Task Max_errors_stops_the_run_with_exit_1_and_the_statistics_so_far()
    {
        using var site = await CsvSite.CreateAsync();
        site.Folder.Write("dates.ttidef", CsvDefinition);
        site.Runner.StandardInputFile = null;

        var result = await site.Runner.RunWithInputAsync("000000L6,bad\n000001L6,bad\n000002L6,2021-07-21\n", "-S", "store:store.db", "-d", "dates.ttidef", "--max-errors", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The sync stopped: 2 record errors exceed the limit of 1.", result.Stderr);
        Assert.Equal(2, CsvSite.Statistic(result.Stdout, "Record errors:"));
    }

    [Fact]
    public async Task Definition_errors_exit_2_with_every_diagnostic_and_nothing_read()
    {
        using var folder = new TempFolder();
        string path = folder.Write("broken.ttidef", "Extract(VOLUME, 1, 10, 0);\nFrobnicate(1);\nExtract(NOSUCHFIELD, 1, 2, 0);\n");
        var runner = new CliRunner(folder.Path);

        var result = await runner.RunWithInputAsync("this input must not be read\n", "-S", "store:missing.db", "-d", "broken.ttidef");

        Assert.Equal(2, result.ExitCode);
        var errors = result.Stderr.Split('\n').Where(l => l.Contains(": error: ")).ToArray();
        Assert.True(errors.Length >= 2, result.Stderr);
        Assert.All(errors, e => Assert.Matches(@"^.*broken\.ttidef:\d+:\d+: error: ", e));
        Assert.Contains(errors, e => e.Contains("broken.ttidef:2:"));
        Assert.Contains(errors, e => e.Contains("broken.ttidef:3:"));
        Assert.DoesNotContain("   at ", result.All);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.False(File.Exists(folder["missing.db"]));
    }

    [Fact]
    public async Task A_missing_default_definition_exits_2()
    {
        using var folder = new TempFolder();

        var result = await new CliRunner(folder.Path).RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("default.ttidef", result.Stderr);
        Assert.Contains("error: cannot load the definition", result.Stderr);
    }

    [Fact]
    public async Task An_unknown_variable_exits_2_and_var_supplies_it()
    {
        using var site = await CsvSite.CreateAsync();
        site.Folder.Write("site.ttidef", CsvDefinition.Replace("\"US01\"", "\"%SITE%\""));
        site.Runner.StandardInputFile = null;

        var missing = await site.Runner.RunWithInputAsync("000000L6,2021-07-21\n", "-S", "store:store.db", "-d", "site.ttidef");
        var given = await site.Runner.RunWithInputAsync("000000L6,2021-07-21\n", "-S", "store:store.db", "-d", "site.ttidef", "--var", "SITE=US01");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("unknown variable '%SITE%'", missing.Stderr);
        Assert.Equal(0, given.ExitCode);
        Assert.Equal(1, CsvSite.Statistic(given.Stdout, "Volumes matched:"));
    }

    [Fact]
    public async Task A_missing_store_exits_3_and_is_not_created()
    {
        using var folder = new TempFolder();
        string definition = CsvSite.Definition;
        var runner = new CliRunner(folder.Path) { StandardInputFile = CsvSite.Report };

        var result = await runner.RunAsync("-S", "store:nothing-here.db", "-d", definition);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("the embedded store", result.Stderr);
        Assert.Contains("does not exist", result.Stderr);
        Assert.False(File.Exists(folder["nothing-here.db"]));
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("dry-run")]
    [InlineData("export")]
    [InlineData("serve")]
    public async Task An_empty_store_file_exits_3_and_is_left_empty(string use)
    {
        // SQLite takes an empty file for a new database: a copy cut short must not become an empty store
        using var folder = new TempFolder();
        folder.Write("empty.db", string.Empty);
        var runner = new CliRunner(folder.Path) { StandardInputFile = CsvSite.Report };

        var result = use switch
        {
            "sync" => await runner.RunAsync("-S", "store:empty.db", "-d", CsvSite.Definition),
            "dry-run" => await runner.RunAsync("-S", "store:empty.db", "-d", CsvSite.Definition, "--dry-run"),
            "export" => await runner.RunAsync("store", "export", "--store", "empty.db"),
            _ => await runner.RunAsync("serve", "--store", "empty.db", "--urls", "https://127.0.0.1:0"),
        };

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"tapetrack-sync: the embedded store '{folder["empty.db"]}' is an empty file, not a store (a copy cut short?); it was left as it is.", result.Stderr);
        Assert.Equal(0, new FileInfo(folder["empty.db"]).Length);
        Assert.False(File.Exists(folder["empty.db-wal"]));
        Assert.DoesNotContain("   at ", result.All);
    }

    [Fact]
    public async Task A_file_that_is_not_a_store_exits_3()
    {
        using var folder = new TempFolder();
        folder.Write("junk.db", "this is not an SQLite database, just text that is long enough to have a header page");
        var runner = new CliRunner(folder.Path) { StandardInputFile = CsvSite.Report };

        var result = await runner.RunAsync("-S", "store:junk.db", "-d", CsvSite.Definition);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("cannot open the embedded store", result.Stderr);
        Assert.DoesNotContain("   at ", result.All);
    }

    [Fact]
    public async Task A_report_path_that_is_a_folder_exits_2_before_anything_is_read()
    {
        using var site = await CsvSite.CreateAsync();
        Directory.CreateDirectory(site.Folder["taken"]);
        string before = await site.ExportAsync();

        var result = await site.SyncAsync("--report", "taken");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a folder; --report needs a file name", result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(before, await site.ExportAsync());
    }
}
