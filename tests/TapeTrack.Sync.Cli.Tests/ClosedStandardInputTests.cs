using System;
using System.IO;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

/// <summary>
/// The real tool started with standard input closed (<c>&lt;&amp;-</c>): a run whose records would come from standard
/// input is refused at once with exit 2 (it used to wait for ever on the runtime's own pipe, which took descriptor 0);
/// a run that names its input with SetFile is not affected.
/// </summary>
public sealed class ClosedStandardInputTests
{
    [Fact]
    public async Task A_run_reading_standard_input_that_is_closed_is_refused_at_once_with_exit_2()
    {
        using var site = await CsvSite.CreateAsync();

        var result = await RunWithClosedStandardInputAsync(site.Folder.Path, "-S", "store:store.db", "-d", CsvSite.Definition);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"tapetrack-sync: standard input is closed, and {CsvSite.Definition} names no SetFile, so the records would come from it: give the report on standard input (< report.csv, or a pipe) or name it with SetFile\n",
            result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task A_run_whose_definition_names_its_input_file_works_with_standard_input_closed()
    {
        using var site = await CsvSite.CreateAsync();
        File.Copy(CsvSite.Report, site.Folder["report.csv"]);
        File.WriteAllText(site.Folder["with-file.ttidef"], "SetFile(\"report.csv\");\n" + File.ReadAllText(CsvSite.Definition));

        var result = await RunWithClosedStandardInputAsync(site.Folder.Path, "-S", "store:store.db", "-d", "with-file.ttidef", "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(10, CsvSite.Statistic(result.Stdout, "Records read:"));
    }

    [Fact]
    public void Descriptor_0_is_the_process_own_when_close_on_exec_or_absent_and_inherited_otherwise()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder["fdinfo"]);
        File.WriteAllText(folder["fdinfo/0"], "pos:\t0\nflags:\t02000000\nmnt_id:\t16\n");
        Assert.True(CliEnvironment.IsStandardInputClosed(folder["fdinfo/0"]));
        File.WriteAllText(folder["fdinfo/0"], "pos:\t0\nflags:\t0100000\nmnt_id:\t16\n");
        Assert.False(CliEnvironment.IsStandardInputClosed(folder["fdinfo/0"]));
        File.Delete(folder["fdinfo/0"]);
        Assert.True(CliEnvironment.IsStandardInputClosed(folder["fdinfo/0"]));
        // no /proc: nothing is known
        Assert.False(CliEnvironment.IsStandardInputClosed(folder["no-proc/fdinfo/0"]));
    }

    private static Task<CliResult> RunWithClosedStandardInputAsync(string workingDirectory, params string[] args) =>
        ToolProcess.RunAsync(workingDirectory, "<&-", null, args);
}
