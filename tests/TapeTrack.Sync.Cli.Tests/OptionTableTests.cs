using System;
using System.Linq;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

// The tool's options in one table (issue 9): the parser, the -c keys, the merge and --help all follow it.
public class OptionTableTests
{
    // a value each valued option accepts
    private static string SampleValue(CliOption option) => option.Long switch
    {
        "trust-thumbprint" => new string('A', 64),
        "var" => "SITE=US01",
        "now" => "2026-11-25T00:00:00",
        "time-zone" => "UTC",
        "encoding" => "latin1",
        "report" or "store" => "out.json",
        _ => "3",
    };

    public static TheoryData<string> ConfigurationKeys()
    {
        var data = new TheoryData<string>();
        foreach (var option in CliOptionTable.All.Where(o => o.Long is not null && o.CommandLineOnly is null && o.Commands.HasFlag(CliCommands.Sync)))
        {
            data.Add(option.Long!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ConfigurationKeys))]
    public void Every_long_option_of_the_sync_is_a_batch_configuration_key_and_sets_what_the_option_sets(string name)
    {
        var option = CliOptionTable.FindLong(name, CliCommands.Sync)!;
        string onCommandLine = option.TakesValue ? SampleValue(option) : bool.TrueString;
        var fromCommandLine = CommandLineParser.Parse(option.TakesValue ? new[] { "--" + name, onCommandLine } : new[] { "--" + name });
        var fromFile = new CliOptions();

        CommandLineParser.ApplyConfiguration(fromFile, $"{name} = {(option.TakesValue ? onCommandLine : "true")}\n", "batch.conf");

        Assert.Equal(Describe(fromCommandLine), Describe(fromFile));
        Assert.NotEqual(Describe(new CliOptions()), Describe(fromFile));
    }

    private static string Describe(CliOptions o) =>
        string.Join("|", o.TrustThumbprint, o.DryRun, o.ReportPath, o.Inventory, string.Join(",", o.Variables.Select(v => v.Key + "=" + v.Value)), o.MaxErrors, o.ScopeCache, o.BatchSize, o.Now, o.TimeZoneId, o.Encoding?.WebName, o.Progress);

    [Fact]
    public async Task No_progress_is_accepted_in_a_batch_configuration()
    {
        using var site = await CsvSite.CreateAsync();
        site.Runner.StandardErrorIsTerminal = true;
        site.Folder.Write("quiet.conf", "no-progress = true\n");

        var result = await site.SyncAsync("-c", "quiet.conf");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("progress:", result.Stderr);
    }

    [Fact]
    public void The_command_line_wins_over_the_other_spelling_of_the_same_setting_in_the_configuration()
    {
        var options = CommandLineParser.Parse(new[] { "--progress" });

        CommandLineParser.ApplyConfiguration(options, "no-progress = true\n", "batch.conf");

        Assert.True(options.Progress);
    }

    [Fact]
    public void Within_a_configuration_the_last_line_wins()
    {
        var options = CommandLineParser.Parse(Array.Empty<string>());

        CommandLineParser.ApplyConfiguration(options, "progress = true\nno-progress = yes\nvar = SITE=EU01\nvar.SITE = US01\n", "batch.conf");

        Assert.False(options.Progress);
        Assert.Equal("US01", options.Variables["SITE"]);
    }

    [Fact]
    public async Task Help_lists_every_option_of_the_table_with_its_help()
    {
        using var folder = new TempFolder();
        var result = await new CliRunner(folder.Path).RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var option in CliOptionTable.All.Where(o => !o.Hidden))
        {
            string heading = option.ValueName is null ? option.Spelling : option.Spelling + " " + option.ValueName;
            Assert.Contains("  " + heading + " ", result.Stdout);
            Assert.Contains(option.Help.Split('\n')[0], result.Stdout);
        }

        Assert.Contains("4 done", result.Stdout);
        Assert.Contains("143", result.Stdout);
    }

    [Fact]
    public void Every_option_has_one_spelling_per_command()
    {
        foreach (CliCommands command in new[] { CliCommands.Sync, CliCommands.StoreImport, CliCommands.StoreExport })
        {
            var spellings = CliOptionTable.All.Where(o => (o.Commands & command) != 0).Select(o => o.Spelling).ToList();
            Assert.Equal(spellings.Count, spellings.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public async Task An_unknown_encoding_exits_2_naming_it()
    {
        using var folder = new TempFolder();
        folder.Write("default.ttidef", "SetLiteral(CUSTOMER, \"US01\");\n");

        var result = await new CliRunner(folder.Path).RunAsync("--encoding", "klingon");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--encoding: unknown encoding 'klingon'", result.Stderr);
    }
}
