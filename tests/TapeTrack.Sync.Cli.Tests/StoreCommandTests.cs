using System.IO;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

public class StoreCommandTests
{
    [Fact]
    public async Task Import_says_what_it_loaded()
    {
        using var folder = new TempFolder();

        var result = await new CliRunner(folder.Path).RunAsync("store", "import", CsvSite.StoreFile, "--store", "site.db");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"Imported 1 customers, 1 media, 7 volumes and 1 users into {folder["site.db"]}", result.Stdout.Trim());
        Assert.True(File.Exists(folder["site.db"]));
    }

    [Fact]
    public async Task Export_then_import_then_export_gives_the_same_text()
    {
        using var site = await CsvSite.CreateAsync();
        string first = await site.ExportAsync();
        site.Folder.Write("exported.json", first);

        var import = await site.Runner.RunAsync("store", "import", "exported.json", "--store", "copy.db");
        var export = await site.Runner.RunAsync("store", "export", "--store", "copy.db");

        Assert.Equal(0, import.ExitCode);
        Assert.Equal(0, export.ExitCode);
        Assert.Equal(first, export.Stdout);
        Assert.Contains("\"id\": \"000006L6\"", first);
        Assert.DoesNotContain("\"password\": \"batch\"", first);
    }

    [Fact]
    public async Task Import_replaces_what_the_file_names_so_running_it_twice_gives_the_same_store()
    {
        using var site = await CsvSite.CreateAsync();
        Assert.Equal(0, (await site.SyncAsync()).ExitCode);
        string changed = await site.ExportAsync();

        var again = await site.Runner.RunAsync("store", "import", CsvSite.StoreFile, "--store", "store.db");
        string restored = await site.ExportAsync();

        Assert.Equal(0, again.ExitCode);
        Assert.NotEqual(changed, restored);
        Assert.Contains("\"description\": \"monthly_full\"", restored);
    }

    [Fact]
    public async Task A_malformed_store_file_is_refused_with_its_json_path_and_nothing_written()
    {
        using var folder = new TempFolder();
        folder.Write("bad.json", """{ "customers": [ { "id": "US01", "media": [ { "id": "LTO", "volumes": [ { "id": 5 } ] } ] } ] }""");
        var runner = new CliRunner(folder.Path);

        var result = await runner.RunAsync("store", "import", "bad.json", "--store", "new.db");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("$.customers[0].media[0].volumes[0]", result.Stderr);
        Assert.Contains("nothing was written to the store", result.Stderr);
        Assert.DoesNotContain("   at ", result.All);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.False(File.Exists(folder["new.db"]));
    }

    [Fact]
    public async Task A_malformed_store_file_leaves_an_existing_store_as_it_was()
    {
        using var site = await CsvSite.CreateAsync();
        string before = await site.ExportAsync();
        site.Folder.Write("bad.json", """{ "customers": [ { "id": "US01", "media": [ { "id": "LTO" """);

        var result = await site.Runner.RunAsync("store", "import", "bad.json", "--store", "store.db");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not valid JSON", result.Stderr);
        Assert.Equal(before, await site.ExportAsync());
    }

    [Fact]
    public async Task A_store_file_that_breaks_a_model_rule_is_refused_and_leaves_no_store()
    {
        using var folder = new TempFolder();
        folder.Write("rule.json", """
            { "customers": [ { "id": "US01", "description": "Acme", "media": [ { "id": "LTO", "description": "LTO",
              "repositories": [ { "id": "LIBR", "description": "Library", "type": "Library" } ],
              "volumes": [ { "id": "000001L6", "current": "NOPE" } ] } ] } ] }
            """);

        var result = await new CliRunner(folder.Path).RunAsync("store", "import", "rule.json", "--store", "rule.db");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("$.customers[0].media[0].volumes[0]", result.Stderr);
        Assert.False(File.Exists(folder["rule.db"]));
    }

    [Fact]
    public async Task Export_of_a_missing_store_exits_3()
    {
        using var folder = new TempFolder();

        var result = await new CliRunner(folder.Path).RunAsync("store", "export", "--store", "none.db");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("does not exist", result.Stderr);
        Assert.False(File.Exists(folder["none.db"]));
    }

    [Fact]
    public async Task The_store_defaults_to_tapetrack_db_in_the_working_folder_or_to_TAPETRACK_SERVER()
    {
        using var folder = new TempFolder();
        var runner = new CliRunner(folder.Path);

        var plain = await runner.RunAsync("store", "import", CsvSite.StoreFile);
        runner.Environment["TAPETRACK_SERVER"] = "store:other.db";
        var fromEnvironment = await runner.RunAsync("store", "import", CsvSite.StoreFile);

        Assert.Equal(0, plain.ExitCode);
        Assert.True(File.Exists(folder["tapetrack.db"]));
        Assert.Equal(0, fromEnvironment.ExitCode);
        Assert.True(File.Exists(folder["other.db"]));
    }
}
