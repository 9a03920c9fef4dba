using System.IO;
using System.Text.Json;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

public class BatchConfigurationTests
{
    [Fact]
    public async Task A_batch_configuration_gives_defaults_for_long_options_and_variables()
    {
        using var site = await CsvSite.CreateAsync();
        site.Folder.Write("site.ttidef", File.ReadAllText(CsvSite.Definition).Replace("\"US01\"", "\"%SITE%\""));
        site.Folder.Write("nightly.conf", """
            # nightly job defaults
            dry-run = true
            report = nightly.json
            max-errors = 10
            var.SITE = US01
            """);

        var result = await site.Runner.RunAsync("-S", "store:store.db", "-d", "site.ttidef", "-c", "nightly.conf");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Dry run: nothing was sent to the server.", result.Stdout);
        using var report = JsonDocument.Parse(File.ReadAllText(site.Folder["nightly.json"]));
        Assert.True(report.RootElement.GetProperty("dryRun").GetBoolean());
    }

    [Fact]
    public void The_command_line_wins_over_the_batch_configuration()
    {
        var options = CommandLineParser.Parse(new[] { "--max-errors", "3", "--var", "SITE=EU01", "--no-progress" });

        CommandLineParser.ApplyConfiguration(options, "max-errors = 10\nvar.SITE = US01\nvar.POOL = weekly\nprogress = yes\nbatch-size = 50\ninventory = false\n", "batch.conf");

        Assert.Equal(3, options.MaxErrors);
        Assert.Equal("EU01", options.Variables["SITE"]);
        Assert.Equal("weekly", options.Variables["POOL"]);
        Assert.False(options.Progress);
        Assert.Equal(50, options.BatchSize);
        Assert.False(options.Inventory);
    }

    [Theory]
    [InlineData("dry-run", "batch.conf:2: expected 'key = value'")]
    [InlineData("colour = blue", "batch.conf:2: unknown key 'colour'")]
    [InlineData("dry-run = maybe", "batch.conf:2: 'dry-run' needs true or false, not 'maybe'")]
    [InlineData("batch-size = many", "batch.conf:2: batch-size needs a whole number, 1 or more; got 'many'")]
    [InlineData("help = true", "batch.conf:2: 'help' cannot be given in a batch configuration")]
    public async Task A_bad_batch_configuration_line_exits_2_naming_file_and_line(string line, string message)
    {
        using var folder = new TempFolder();
        folder.Write("batch.conf", "# defaults\n" + line + "\n");
        folder.Write("default.ttidef", "SetLiteral(CUSTOMER, \"US01\");\n");

        var result = await new CliRunner(folder.Path).RunAsync("-c", "batch.conf");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }
}
