using System.IO;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

/// <summary>What samples/nightly/run.sh does, in process, so the README's first command never lies.</summary>
public class NightlySampleTests
{
    private static string Sample(string name) => Path.Combine(TestPaths.RepositoryRoot, "samples", "nightly", name);

    [Fact]
    public async Task The_nightly_sample_imports_and_syncs_the_same_way_every_time()
    {
        using var folder = new TempFolder();
        var runner = new CliRunner(folder.Path) { StandardInputFile = Sample("report.csv") };

        for (int run = 0; run < 2; run++)
        {
            var import = await runner.RunAsync("store", "import", Sample("store.json"), "--store", "sample.db");
            var sync = await runner.RunAsync("-S", "store:sample.db", "-d", Sample("nightly.ttidef"), "--no-progress");

            Assert.Equal(0, import.ExitCode);
            Assert.Equal(0, sync.ExitCode);
            Assert.Equal(9, CsvSite.Statistic(sync.Stdout, "Records read:"));
            Assert.Equal(2, CsvSite.Statistic(sync.Stdout, "Records excluded:"));
            Assert.Equal(6, CsvSite.Statistic(sync.Stdout, "Volumes matched:"));
            Assert.Equal(4, CsvSite.Statistic(sync.Stdout, "Volumes updated:"));
            Assert.Equal(2, CsvSite.Statistic(sync.Stdout, "Moves requested:"));
            Assert.Equal("line 9: warning: VolumeNotFound: US01.LTO8.E01007L8 is not on the server", sync.Stderr.Trim());
        }
    }
}
