using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

// What a careful tryout found (issue 12), through the tool.
public class TryoutThroughToolTests
{
    private const string Header = "volume,barcode,family,type,location,pool\r\n";
    private const string Body = "000001L6,000001L6,tape,LTO,Offsite,weekly_full,2021-10-14\r\n000005L6,000005L6,tape,LTO,Library,yearly_full,1970-01-01\r\n";

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    [InlineData("utf-8-bom")]
    public async Task A_report_with_a_byte_order_mark_syncs_like_the_plain_one(string form)
    {
        using var site = await CsvSite.CreateAsync();
        var encoding = form switch
        {
            "utf-16le" => (Encoding)new UnicodeEncoding(false, true),
            "utf-16be" => new UnicodeEncoding(true, true),
            _ => new UTF8Encoding(true),
        };
        File.WriteAllBytes(site.Folder["report.csv"], encoding.GetPreamble().Concat(encoding.GetBytes(Header + Body)).ToArray());
        site.Runner.StandardInputFile = site.Folder["report.csv"];

        var result = await site.SyncAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, CsvSite.Statistic(result.Stdout, "Records read:"));
        Assert.Equal(2, CsvSite.Statistic(result.Stdout, "Volumes matched:"));
        Assert.Equal(2, CsvSite.Statistic(result.Stdout, "Volumes updated:"));
        Assert.DoesNotContain('\0', result.All);
        Assert.DoesNotContain("\\x00", result.All);
    }

    [Fact]
    public async Task Encoding_reads_a_latin1_report_and_a_mark_still_wins()
    {
        using var site = await CsvSite.CreateAsync();
        File.WriteAllBytes(site.Folder["latin1.csv"], Encoding.Latin1.GetBytes("000001L6,000001L6,tape,LTO,Offsite,Dépôt,2021-10-14\n"));
        site.Runner.StandardInputFile = site.Folder["latin1.csv"];

        var result = await site.SyncAsync("--encoding", "latin1", "--report", "r.json");

        Assert.Equal(0, result.ExitCode);
        using var report = JsonDocument.Parse(File.ReadAllText(site.Folder["r.json"]));
        Assert.Contains(report.RootElement.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "DESCRIPTION" && c.GetProperty("to").GetString() == "Dépôt");
    }

    [Fact]
    public async Task A_control_character_in_a_report_never_reaches_the_terminal()
    {
        using var site = await CsvSite.CreateAsync();
        site.Runner.StandardInputFile = null;

        var result = await site.Runner.RunWithInputAsync("000009\u001B[2J,x,tape,LTO,Library,weekly,\n0000\u000010,x,tape,LTO,Library,weekly,\n", "-S", "store:store.db", "-d", CsvSite.Definition, "-a");

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain('\u001B', result.All);
        Assert.DoesNotContain('\0', result.All);
        Assert.Contains("\\x1B[2J", result.Stderr);
        Assert.Contains("\\x00", result.Stderr);
        Assert.DoesNotContain("000009", (await site.ExportAsync()).Replace("000009L6", string.Empty));
    }

    [Fact]
    public async Task A_report_on_stdout_stays_valid_json_when_values_hold_control_characters()
    {
        using var site = await CsvSite.CreateAsync();
        site.Runner.StandardInputFile = null;

        var result = await site.Runner.RunWithInputAsync("000001L6,x,tape,LTO,Offsite,week\u001B[1m\u0085ly,\n", "-S", "store:store.db", "-d", CsvSite.Definition, "--report", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain('\u001B', result.All);
        using var report = JsonDocument.Parse(result.Stdout);
        Assert.Contains(report.RootElement.GetProperty("changes").EnumerateArray(), c => c.GetProperty("to").GetString() == "week\u001B[1m\u0085ly");
        var export = JsonDocument.Parse(await site.ExportAsync());
        Assert.NotNull(export);
    }

    [Fact]
    public async Task An_empty_report_is_said_on_stderr_and_in_the_report()
    {
        using var site = await CsvSite.CreateAsync();
        site.Runner.StandardInputFile = null;

        var result = await site.Runner.RunWithInputAsync(string.Empty, "-S", "store:store.db", "-d", CsvSite.Definition, "--report", "r.json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("tapetrack-sync: warning: the input had no records", result.Stderr);
        using var report = JsonDocument.Parse(File.ReadAllText(site.Folder["r.json"]));
        Assert.True(report.RootElement.GetProperty("emptyInput").GetBoolean());
    }

    [Fact]
    public async Task A_report_of_only_its_heading_is_said_on_stderr_and_in_the_report()
    {
        using var site = await CsvSite.CreateAsync();
        site.Runner.StandardInputFile = null;
        string heading = File.ReadLines(CsvSite.Report).First();

        var result = await site.Runner.RunWithInputAsync(heading + "\n", "-S", "store:store.db", "-d", CsvSite.Definition, "--report", "r.json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("tapetrack-sync: warning: the input had no volume records: its 1 record was a heading, excluded or blank\n", result.Stderr);
        Assert.DoesNotContain("the input had no records", result.Stderr);
        using var report = JsonDocument.Parse(File.ReadAllText(site.Folder["r.json"]));
        Assert.False(report.RootElement.GetProperty("emptyInput").GetBoolean());
        Assert.True(report.RootElement.GetProperty("noVolumeRecords").GetBoolean());
    }

    [Fact]
    public async Task A_dry_run_stopped_by_max_errors_says_one_true_sentence()
    {
        using var site = await CsvSite.CreateAsync();
        site.Runner.StandardInputFile = null;

        var result = await site.Runner.RunWithInputAsync("x\ny\nz\n", "-S", "store:store.db", "-d", CsvSite.Definition, "--dry-run", "--max-errors", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("exceed the limit of 1. Dry run: nothing was sent.", result.Stderr);
        Assert.DoesNotContain("were applied", result.All);
        Assert.StartsWith("Dry run: nothing was sent to the server.", result.Stdout);
    }

    [Fact]
    public async Task Warnings_and_errors_come_out_in_line_order_on_stderr_and_in_the_report()
    {
        using var site = await CsvSite.CreateAsync();
        site.Runner.StandardInputFile = null;
        string definition = site.Folder.Write("loc.ttidef", File.ReadAllText(CsvSite.Definition).Replace("Extract(REPOSITORY, 5, 20, 0);", "Extract(REPOSITORY, 5, 20, 0);\nExtract(LOCATION, 8, 20, 0);\nAddTranslation(LOCATION, \"Library\", \"LIBR\");"));

        // line 1 waits in the batch (a move and a warning) while lines 2 and 3 are decided
        var result = await site.Runner.RunWithInputAsync(
            "000000L6,x,tape,LTO,Offsite,weekly_full,2021-07-21,Library\n000009L6,x,tape,LTO,Library,weekly_full,,\n000002L6,x,tape,LTO,Nowhere,weekly_full,,\n",
            "-S", "store:store.db", "-d", definition, "--report", "r.json");

        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("line ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(new[] { "line 1", "line 2", "line 3" }, lines.Select(l => l.Substring(0, 6)).ToArray());
        using var report = JsonDocument.Parse(File.ReadAllText(site.Folder["r.json"]));
        Assert.Equal(new[] { 1, 2 }, report.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("line").GetInt32()).ToArray());
    }

    [Fact]
    public async Task A_store_path_that_is_a_folder_says_it_is_a_folder()
    {
        using var site = await CsvSite.CreateAsync();
        Directory.CreateDirectory(site.Folder["stores"]);

        var sync = await site.Runner.RunAsync("-S", "store:stores", "-d", CsvSite.Definition);
        var export = await site.Runner.RunAsync("store", "export", "--store", "stores");
        var import = await site.Runner.RunAsync("store", "import", CsvSite.StoreFile, "--store", "stores");
        var importFolder = await site.Runner.RunAsync("store", "import", site.Folder["stores"], "--store", "x.db");
        var memory = await site.Runner.RunAsync("-S", "memory:stores", "-d", CsvSite.Definition);

        foreach (var result in new[] { sync, export, import, importFolder, memory })
        {
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("is a folder", result.Stderr);
            Assert.DoesNotContain("does not exist", result.Stderr);
            Assert.DoesNotContain("denied", result.Stderr);
            Assert.DoesNotContain("   at ", result.All);
        }
    }

    [Theory]
    [InlineData("user:pw@host:notaport", "'notaport'")]
    [InlineData("user:pw@host:0", "'0'")]
    [InlineData("user:pw@host:65536", "'65536'")]
    [InlineData("user:pw@:5000", "names no host")]
    public async Task A_malformed_port_in_the_logon_string_is_a_usage_error(string logon, string message)
    {
        using var folder = new TempFolder();
        folder.Write("default.ttidef", "SetLiteral(CUSTOMER, \"US01\");\nSetLiteral(MEDIA, \"LTO\");\nExtract(VOLUME, 0, 8, 0);\n");

        var result = await new CliRunner(folder.Path).RunWithInputAsync("000001L6\n", "-S", logon);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.DoesNotContain("pw", result.All);
    }

    [Fact]
    public async Task The_statistics_labels_never_overflow_their_column()
    {
        using var site = await CsvSite.CreateAsync();
        site.Runner.StandardInputFile = null;
        string definition = site.Folder.Write("loc.ttidef", File.ReadAllText(CsvSite.Definition) + "\nExtract(LOCATION, 8, 20, 0);\nAddTranslation(LOCATION, \"Library\", \"LIBR\");\n");

        var result = await site.Runner.RunWithInputAsync("000002L6,x,tape,LTO,Offsite,weekly_full,,Library\n", "-S", "store:store.db", "-d", definition, "--inventory");

        var rows = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(':')).ToArray();
        Assert.Contains(rows, r => r.TrimStart().StartsWith("UnexpectedInLibrary:", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.TrimStart().StartsWith("MissingFromLibrary:", StringComparison.Ordinal));
        int ValueColumn(string row)
        {
            int at = row.IndexOf(':') + 1;
            while (at < row.Length && row[at] == ' ')
            {
                at++;
            }

            return at;
        }

        int column = ValueColumn(rows[0]);
        foreach (var row in rows)
        {
            Assert.True(row.IndexOf(':') + 1 < column, $"'{row}' overflows its column");
            Assert.Equal(column, ValueColumn(row));
        }
    }
}
