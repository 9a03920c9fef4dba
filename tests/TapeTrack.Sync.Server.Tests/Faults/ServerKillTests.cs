using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Server.Tests.Faults;

/// <summary>
/// sync.md "Errors and faults" and issue 10: the real <c>tapetrack-sync serve</c> process killed with SIGKILL in the
/// middle of a large apply, started again on the same store, and the run repeated, gives the store of a run with no
/// fault; the first run ends with exit 3 and a plain message. Run over the embedded store and over PostgreSQL.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ServerKillTests(PostgresCluster cluster, ReferenceRun reference, Xunit.Abstractions.ITestOutputHelper output)
{
    private const int BatchSize = ReferenceRun.BatchSize;
    private const int KillAfterBatches = 15;

    [Theory]
    [InlineData(StoreKind.Embedded)]
    [InlineData(StoreKind.PostgreSql)]
    public async Task The_server_killed_mid_apply_then_restarted_and_the_run_repeated_leaves_the_store_of_a_run_without_fault(StoreKind kind)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Phase(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {what}");
        await reference.CleanExportAsync();
        Phase("reference run ready");
        var site = reference.Site;
        string batch = ReferenceRun.BatchSizeText;
        string firstReport = "kill-first-" + kind + ".json";
        var store = await site.CreateStoreAsync(kind, cluster, "kill-" + kind);
        Phase("store imported");
        ToolResult first;
        await using (var serve = await FaultSite.ServeAsync(store))
        {
            Phase("serve started");
            var run = site.SyncAsync($"batch:-batch@{serve.HostAndPort}", reference.Report, serve.Thumbprint, "--batch-size", batch, "--report", firstReport);

            // mid-run, as the server's log shows it: some batches applied, most still to come
            await serve.WaitForAsync(s => s.Count("Applied ") >= KillAfterBatches, TimeSpan.FromMinutes(3), $"{KillAfterBatches} batches applied");
            await serve.KillAsync();
            Phase("serve killed");
            first = await run;
            Phase("first run ended");
        }

        Assert.Equal(3, first.ExitCode);
        Assert.Contains("The server failed part-way through the sync:", first.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", first.All, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", first.Stderr, StringComparison.Ordinal);

        // the kill landed mid-run: part of the report is in the store; everything the run reported applied is there,
        // and at most the batch in flight was applied without the run learning of it
        var afterKill = await store.HistoryAsync();
        var changedAfterKill = afterKill.Select(e => e.Volume.Volume).ToHashSet();
        Assert.InRange(changedAfterKill.Count, KillAfterBatches * BatchSize, ReferenceRun.Volumes - BatchSize);
        var reported = ReportedChanges(site.Folder[firstReport]);
        Assert.Subset(afterKill.Select(e => e.Volume.Volume + " " + e.Field).ToHashSet(), reported);
        Assert.InRange(changedAfterKill.Count - reported.Select(c => c.Split(' ')[0]).Distinct().Count(), 0, BatchSize);

        // started again on the same store; the repeated run applies exactly what is still different
        await using (var serve = await FaultSite.ServeAsync(store))
        {
            Phase("serve started again");
            var second = await site.SyncAsync($"batch:-batch@{serve.HostAndPort}", reference.Report, serve.Thumbprint, "--batch-size", batch);
            Phase("second run ended");
            Assert.True(second.ExitCode == 0, second.All);
            Assert.Equal(ReferenceRun.Volumes - changedAfterKill.Count, second.Statistic("Volumes updated:"));
            Assert.Equal(changedAfterKill.Count, second.Statistic("Volumes unchanged:"));
            Assert.Equal(0, await serve.StopAsync());
        }

        Phase("serve stopped");
        Assert.Equal(await reference.CleanExportAsync(), await store.ExportAsync());

        // each change is in the audit trail once, with the versions of the run without fault
        var history = await store.HistoryAsync();
        Assert.Equal((await reference.CleanHistoryAsync()).Select(ReferenceRun.Describe), history.Select(ReferenceRun.Describe));
        Assert.All(history, e => Assert.Equal("batch", e.User));
        Phase("store checked");
    }

    internal static HashSet<string> ReportedChanges(string reportPath)
    {
        using var report = JsonDocument.Parse(File.ReadAllText(reportPath));
        return report.RootElement.GetProperty("changes").EnumerateArray()
            .Select(c => c.GetProperty("volume").GetString() + " " + c.GetProperty("field").GetString())
            .ToHashSet();
    }
}
