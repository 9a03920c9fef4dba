using System;
using System.Linq;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Server.Tests.Faults;

/// <summary>
/// Issue 10: connections cut by a relay on loopback in the middle of a run are retried with a fresh logon, and nothing
/// is applied twice: a cut in the middle of a request, and a cut after the server applied a batch whose answer never
/// came back (the retried batch is answered from the first time). Over the embedded store and PostgreSQL.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CutConnectionTests(PostgresCluster cluster, ReferenceRun reference, Xunit.Abstractions.ITestOutputHelper output)
{
    // the first connection carries the scope download; the marks are bytes the client sent on that connection
    private static readonly RelayRule[] Cuts =
    {
        new(4_001, RelayAction.CutMidRequest),
        new(3_003, RelayAction.CutAfterApply),
        new(3_507, RelayAction.CutMidRequest),
        new(4_509, RelayAction.CutAfterApply),
        new(3_011, RelayAction.CutMidRequest),
        new(4_013, RelayAction.CutAfterApply),
        new(3_517, RelayAction.CutMidRequest),
        new(3_019, RelayAction.CutAfterApply),
    };

    [Theory]
    [InlineData(StoreKind.Embedded)]
    [InlineData(StoreKind.PostgreSql)]
    public async Task Connections_cut_mid_run_are_retried_with_a_fresh_logon_and_nothing_is_applied_twice(StoreKind kind)
    {
        var site = reference.Site;
        var store = await site.CreateStoreAsync(kind, cluster, "cut-" + kind);
        await using var serve = await FaultSite.ServeAsync(store);
        Func<Task> AppliedWatcher()
        {
            int before = serve.Count("Applied ");
            return () => serve.WaitForAsync(s => s.Count("Applied ") > before, TimeSpan.FromSeconds(30), "the held batch applied");
        }

        ToolResult run;
        await using (var relay = new LoopbackRelay(serve.Address.Port, Cuts, AppliedWatcher))
        {
            run = await site.SyncAsync($"batch:-batch@127.0.0.1:{relay.Port}", reference.Report, serve.Thumbprint, "--batch-size", ReferenceRun.BatchSizeText);

            string counts = $"cuts {relay.Cuts}, applied then cut {relay.AppliedThenCut}, connections {relay.Connections}, client bytes {relay.ClientBytes}, retried batches answered from the first time {serve.Count("Answered a retried batch")}";
            output.WriteLine(counts);
            Assert.True(run.ExitCode == 0, counts + "\n" + run.All);
            Assert.True(relay.Cuts == Cuts.Length, counts);
            Assert.True(relay.Connections > Cuts.Length, counts);
            // batches applied whose answers were lost were answered again from the first time, not applied again
            Assert.True(relay.AppliedThenCut >= 1, counts);
            Assert.True(serve.Count("Answered a retried batch") >= relay.AppliedThenCut, counts + "\n" + serve.Output);
        }

        Assert.Equal(ReferenceRun.Volumes, run.Statistic("Volumes updated:"));
        // every cut was followed by a fresh logon
        Assert.True(serve.Count("logged on") >= 1 + Cuts.Length, serve.Output);
        Assert.Equal(0, await serve.StopAsync());

        Assert.Equal(await reference.CleanExportAsync(), await store.ExportAsync());
        var history = await store.HistoryAsync();
        Assert.Equal((await reference.CleanHistoryAsync()).Select(ReferenceRun.Describe), history.Select(ReferenceRun.Describe));
    }
}
