using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Sqlite;

namespace TapeTrack.Sync.Samples.Tests.Documentation;

// samples/Scripting/sync.csx, this very file, run as dotnet-script runs it: its engine, Args, and the packages of '#r "nuget:"'.
[Collection(ConsoleCollection.Name)]
public class ScriptSampleTests
{
    private static string Script => File.ReadAllText(SamplePaths.Sample("Scripting", "sync.csx"));

    private static List<string> Args(TempFolder folder, params string[] more)
    {
        var args = new List<string> { SamplePaths.Sample("nightly", "nightly.ttidef"), SamplePaths.Sample("nightly", "report.csv"), folder.File("site.db"), SamplePaths.Sample("nightly", "store.json") };
        args.AddRange(more);
        return args;
    }

    [Fact]
    public void The_script_references_the_packages_as_dotnet_script_does()
    {
        Assert.StartsWith("#!/usr/bin/env dotnet-script\n#r \"nuget: TapeTrack.Sync, 0.1.*-*\"\n", Script.Replace("\r\n", "\n"));
    }

    [Fact]
    public async Task Sync_script_syncs_the_nightly_report_into_the_store_and_prints_the_statistics()
    {
        using var folder = new TempFolder();

        var output = await ScriptRunner.RunAsync(Script, folder.Path, Args(folder));

        Assert.Contains("US01.LTO8.E01001L8 REPOSITORY: LIBR -> OFFS\n", output);
        Assert.Contains("US01.LTO8.E01006L8 SLOT: (empty) -> 16\n", output);
        Assert.Contains("line 9: warning: VolumeNotFound: US01.LTO8.E01007L8 is not on the server\n", output);
        Assert.Matches(new Regex(@"Records read:\s+9\n"), output);
        Assert.Matches(new Regex(@"Volumes updated:\s+4\n"), output);
        await using var store = await SqliteTapeStore.OpenAsync(folder.File("site.db"));
        Assert.Equal("OFFS", (await store.GetVolumeAsync(new VolumeKey("US01", "LTO8", "E01001L8")))!.Target);

        var again = await ScriptRunner.RunAsync(Script, folder.Path, Args(folder));

        Assert.Matches(new Regex(@"Volumes updated:\s+0\n"), again);
    }

    [Fact]
    public async Task Sync_script_with_dry_run_prints_the_changes_and_sends_nothing()
    {
        using var folder = new TempFolder();

        var output = await ScriptRunner.RunAsync(Script, folder.Path, Args(folder, "--dry-run"));

        Assert.Contains("US01.LTO8.E01001L8 REPOSITORY: LIBR -> OFFS\n", output);
        Assert.Matches(new Regex(@"Volumes updated:\s+4\n"), output);
        await using var store = await SqliteTapeStore.OpenAsync(folder.File("site.db"));
        Assert.Equal("LIBR", (await store.GetVolumeAsync(new VolumeKey("US01", "LTO8", "E01001L8")))!.Target);
    }
}
