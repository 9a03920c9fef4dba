using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Tests.Documentation;

// The .csx samples run as dotnet-script runs them: its engine, with Args, and the package's assembly for '#r "nuget:"'.
[Collection(ConsoleCollection.Name)]
public class ScriptSampleTests
{
    [Fact]
    public async Task Dry_run_script_prints_the_changes_of_the_csv_fixture_and_sends_nothing()
    {
        var script = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "samples", "scripting", "dry-run.csx"));
        var store = TestPaths.Fixture("csv-source", "store.json");
        var before = File.ReadAllText(store);
        using var folder = new TempFolder();

        var output = await ScriptRunner.RunAsync(
            script,
            folder.Path,
            new List<string> { TestPaths.Fixture("csv-source", "csv_source.ttidef"), TestPaths.Fixture("csv-source", "CSV_source.csv"), store });

        Assert.Contains("US01.LTO.000001L6 REPOSITORY: LIBR -> OFFS\n", output);
        Assert.Contains("US01.LTO.000005L6 DESCRIPTION: monthly_full -> yearly_full\n", output);
        Assert.Contains("warning: VolumeNotFound: US01.LTO.000007L6 is not on the server", output);
        Assert.Matches(new Regex(@"Volumes updated:\s+3\n"), output);
        Assert.Equal(before, File.ReadAllText(store));
    }
}
