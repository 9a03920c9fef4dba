using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

public class OptionParsingTests
{
    [Fact]
    public void Tmss10sync_letters_are_read_with_separate_and_attached_values()
    {
        var options = CommandLineParser.Parse(new[] { "-S", "store:x.db", "-dnightly.ttidef", "-a", "-A", "3", "-F5", "-c", "batch.conf" });

        Assert.Equal("store:x.db", options.Logon);
        Assert.Equal("nightly.ttidef", options.DefinitionPath);
        Assert.True(options.AddVolumes);
        Assert.Equal(3, options.DescriptionAttribute);
        Assert.Equal(5, options.FormatTestCount);
        Assert.Equal("batch.conf", options.ConfigFile);
        Assert.Equal(CliCommand.Sync, options.Command);
    }

    [Fact]
    public void Long_options_are_read_with_separate_and_equals_values()
    {
        var options = CommandLineParser.Parse(new[]
        {
            "--trust-thumbprint", "ab:cd" + new string('0', 60), "--dry-run", "--report=out.json", "--inventory",
            "--var", "SITE=US01", "--var=POOL=weekly=full", "--max-errors", "7", "--scope-cache", "1", "--batch-size=25",
            "--now", "2026-11-25T00:00:00", "--time-zone", "UTC", "--progress",
        });

        Assert.Equal("ABCD" + new string('0', 60), options.TrustThumbprint);
        Assert.True(options.DryRun);
        Assert.Equal("out.json", options.ReportPath);
        Assert.True(options.Inventory);
        Assert.Equal("US01", options.Variables["site"]);
        Assert.Equal("weekly=full", options.Variables["POOL"]);
        Assert.Equal(7, options.MaxErrors);
        Assert.Equal(1, options.ScopeCache);
        Assert.Equal(25, options.BatchSize);
        Assert.Equal(new DateTime(2026, 11, 25, 0, 0, 0), options.Now);
        Assert.Equal("UTC", options.TimeZoneId);
        Assert.True(options.Progress);
    }

    [Fact]
    public void No_progress_turns_progress_off()
    {
        Assert.False(CommandLineParser.Parse(new[] { "--no-progress" }).Progress);
        Assert.Null(CommandLineParser.Parse(Array.Empty<string>()).Progress);
    }

    [Fact]
    public void Now_with_an_offset_keeps_the_offset()
    {
        var options = CommandLineParser.Parse(new[] { "--now", "2026-11-25T06:00:00+02:00" });

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.FromHours(2)), options.NowWithOffset);
        Assert.Null(options.Now);
    }

    [Fact]
    public void Store_sub_commands_take_a_file_and_a_store_path()
    {
        var import = CommandLineParser.Parse(new[] { "store", "import", "store.json", "--store", "x.db" });
        var export = CommandLineParser.Parse(new[] { "store", "export", "--store=y.db" });

        Assert.Equal(CliCommand.StoreImport, import.Command);
        Assert.Equal("store.json", import.StoreFile);
        Assert.Equal("x.db", import.StorePath);
        Assert.Equal(CliCommand.StoreExport, export.Command);
        Assert.Equal("y.db", export.StorePath);
    }

    [Fact]
    public async Task Every_refused_option_is_named_in_one_message()
    {
        using var folder = new TempFolder();
        var result = await new CliRunner(folder.Path).RunAsync("-M", "5", "--frobnicate", "-x", "--dry-run");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("option -M is an undocumented TMSS10Sync option", result.Stderr);
        Assert.Contains("unknown option '--frobnicate'", result.Stderr);
        Assert.Contains("unknown option '-x'", result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Theory]
    [InlineData("-M")]
    [InlineData("-T")]
    [InlineData("-l")]
    [InlineData("-p")]
    [InlineData("-s")]
    [InlineData("-t")]
    public async Task Undocumented_tmss10sync_letters_exit_2_naming_the_option(string option)
    {
        using var folder = new TempFolder();
        var result = await new CliRunner(folder.Path).RunAsync(option, "value");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"option {option} is an undocumented TMSS10Sync option", result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
    }

    public static IEnumerable<object[]> BadCommandLines => new[]
    {
        new object[] { new[] { "--frobnicate" }, "unknown option '--frobnicate'" },
        new object[] { new[] { "-x" }, "unknown option '-x'" },
        new object[] { new[] { "report.csv" }, "unexpected argument 'report.csv'" },
        new object[] { new[] { "-A", "201" }, "-A needs a whole number, 0 to 200; got '201'" },
        new object[] { new[] { "-A", "three" }, "-A needs a whole number, 0 to 200; got 'three'" },
        new object[] { new[] { "-F", "0" }, "-F needs a whole number, 1 or more; got '0'" },
        new object[] { new[] { "-S" }, "option -S needs a value" },
        new object[] { new[] { "--max-errors", "-1" }, "--max-errors needs a whole number, 0 or more; got '-1'" },
        new object[] { new[] { "--scope-cache", "0" }, "--scope-cache needs a whole number, 1 or more; got '0'" },
        new object[] { new[] { "--batch-size", "0" }, "--batch-size needs a whole number, 1 or more; got '0'" },
        new object[] { new[] { "--var", "SITE" }, "--var needs NAME=VALUE, not 'SITE'" },
        new object[] { new[] { "--now", "tomorrow" }, "--now needs a date-time such as 2026-11-25T00:00:00, not 'tomorrow'" },
        new object[] { new[] { "--trust-thumbprint", "ABC" }, "--trust-thumbprint needs a SHA-256 thumbprint" },
        new object[] { new[] { "--time-zone", "Mars/Olympus_Mons" }, "--time-zone: unknown time zone 'Mars/Olympus_Mons'" },
        new object[] { new[] { "--report", "no-such-folder/r.json" }, "the folder of the report" },
        new object[] { new[] { "--dry-run=yes" }, "option '--dry-run' takes no value" },
        new object[] { new[] { "store" }, "'store' needs a sub-command" },
        new object[] { new[] { "store", "copy" }, "unknown store sub-command 'copy'" },
        new object[] { new[] { "store", "import" }, "'store import' needs the store file to load" },
        new object[] { new[] { "store", "export", "--dry-run" }, "unknown option '--dry-run' for 'store export'" },
        new object[] { new[] { "-c", "missing.conf" }, "the batch configuration" },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public async Task A_bad_command_line_exits_2_with_a_message_and_no_stack_trace(string[] args, string message)
    {
        using var folder = new TempFolder();
        folder.Write("default.ttidef", "SetLiteral(CUSTOMER, \"US01\");\n");
        var result = await new CliRunner(folder.Path).RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.DoesNotContain("   at ", result.All);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task Help_lists_every_option_and_exits_0()
    {
        using var folder = new TempFolder();
        var result = await new CliRunner(folder.Path).RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (string option in new[] { "-S LOGON", "-d FILE", "-a ", "-A N", "-F N", "-c FILE", "--trust-thumbprint", "--dry-run", "--report", "--inventory", "--var", "--max-errors", "--scope-cache", "--batch-size", "--now", "--time-zone", "--no-progress", "store import", "store export" })
        {
            Assert.Contains(option, result.Stdout);
        }
    }

    [Fact]
    public async Task Version_prints_the_tool_version_and_exits_0()
    {
        using var folder = new TempFolder();
        var result = await new CliRunner(folder.Path).RunAsync("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^tapetrack-sync \d+\.\d+\.\d+", result.Stdout);
        Assert.Equal(CliApp.Version, result.Stdout.Trim().Substring("tapetrack-sync ".Length));
    }
}
