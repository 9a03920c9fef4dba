using System.IO;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

public class SetFileInputTests
{
    [Fact]
    public async Task A_definition_with_SetFile_reads_that_file_relative_to_the_working_folder()
    {
        using var site = await CsvSite.CreateAsync();
        Directory.CreateDirectory(site.Folder["in"]);
        File.Copy(CsvSite.Report, site.Folder["in/vault.csv"]);
        site.Folder.Write("file.ttidef", "SetFile(\"in/vault.csv\");\n" + File.ReadAllText(CsvSite.Definition));
        site.Runner.StandardInputFile = null;

        var result = await site.Runner.RunWithInputAsync("standard input is not read\n", "-S", "store:store.db", "-d", "file.ttidef");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(10, CsvSite.Statistic(result.Stdout, "Records read:"));
        Assert.Equal(3, CsvSite.Statistic(result.Stdout, "Volumes updated:"));
    }

    [Fact]
    public async Task A_missing_SetFile_input_exits_2_before_the_server_is_contacted()
    {
        using var site = await CsvSite.CreateAsync();
        site.Folder.Write("file.ttidef", "SetFile(\"in/missing.csv\");\n" + File.ReadAllText(CsvSite.Definition));
        string before = await site.ExportAsync();

        var result = await site.Runner.RunAsync("-S", "store:store.db", "-d", "file.ttidef");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"the input file '{Path.GetFullPath(site.Folder[Path.Combine("in", "missing.csv")])}' named by SetFile", result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(before, await site.ExportAsync());
    }

    [Fact]
    public async Task A_SetFile_input_that_is_a_folder_exits_2_and_says_it_is_a_folder()
    {
        using var site = await CsvSite.CreateAsync();
        Directory.CreateDirectory(site.Folder["in"]);
        site.Folder.Write("file.ttidef", "SetFile(\"in\");\n" + File.ReadAllText(CsvSite.Definition));

        var result = await site.Runner.RunAsync("-S", "store:store.db", "-d", "file.ttidef");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"the input file '{Path.GetFullPath(site.Folder["in"])}' named by SetFile in ", result.Stderr);
        Assert.Contains("is a folder, not a file", result.Stderr);
        Assert.DoesNotContain("does not exist", result.Stderr);
    }
}
