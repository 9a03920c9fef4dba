using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Remote;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Sqlite;

namespace TapeTrack.Sync.Samples.Tests.Samples;

// samples/VendorPlugin loaded as a backup product loads it, and driven as the product drives it: plan, approve, apply.
public class VendorPluginTests
{
    private static readonly VolumeKey E01001 = new("US01", "LTO8", "E01001L8");
    private static readonly VolumeKey E01006 = new("US01", "LTO8", "E01006L8");

    private static async Task<StoreServerSession> EmbeddedStoreAsync(TempFolder folder)
    {
        await using (var store = await SqliteTapeStore.OpenAsync(folder.File("tapetrack.db")))
        {
            await store.ImportAsync(StoreDocument.Load(SamplePaths.Sample("nightly", "store.json")));
        }

        return await SqliteServerSessions.OpenAsync(folder.File("tapetrack.db"));
    }

    [Fact]
    public async Task The_host_loads_the_plugin_from_its_assembly_and_it_targets_netstandard2_0()
    {
        using var folder = new TempFolder();
        await using var session = await EmbeddedStoreAsync(folder);

        var plugin = PluginHost.Load(SamplePaths.Built("VendorPlugin"), session, new LoggerFactory().CreateLogger("plugin"));

        Assert.Equal("Contoso.Backup.TapeTrack", plugin.Assembly.GetName().Name);
        Assert.NotSame(typeof(PluginHost).Assembly, plugin.Assembly);
        Assert.Equal(".NETStandard,Version=v2.0", plugin.Assembly.GetCustomAttributes(typeof(System.Runtime.Versioning.TargetFrameworkAttribute), false).Cast<System.Runtime.Versioning.TargetFrameworkAttribute>().Single().FrameworkName);
    }

    [Fact]
    public async Task The_plan_goes_to_the_operator_and_only_the_approved_apply_changes_the_server()
    {
        using var folder = new TempFolder();
        await using var session = await EmbeddedStoreAsync(folder);
        var plugin = PluginHost.Load(SamplePaths.Built("VendorPlugin"), session, new LoggerFactory().CreateLogger("plugin"));

        var plan = await plugin.PlanAsync();

        // what the operator sees: the media list against the server, the cleaning cartridge left out
        Assert.Equal(8, plan.Count);
        Assert.Contains(new SyncChange(ChangeAction.Set, E01001, "REPOSITORY", "LIBR", "OFFS", 1), plan);
        Assert.Contains(new SyncChange(ChangeAction.Set, E01006, "SLOT", null, "16", 6), plan);
        Assert.DoesNotContain(plan, change => change.Volume.Volume.StartsWith("CLN", System.StringComparison.Ordinal));
        Assert.Equal("LIBR", (await session.GetVolumeAsync(E01001))!.Target); // a plan sends nothing

        var result = await plugin.ApplyAsync(plan); // the operator approved

        Assert.False(result.DryRun);
        Assert.Equal(plan, result.Changes);
        var e01001 = await session.GetVolumeAsync(E01001);
        var e01006 = await session.GetVolumeAsync(E01006);
        Assert.Equal(("LIBR", "OFFS", "2026-12-23"), (e01001!.Current, e01001.Target, e01001.Get("MOVEDATE")));
        Assert.Equal(("OFFS", "LIBR", "16"), (e01006!.Current, e01006.Target, e01006.Get("SLOT")));
        Assert.Empty(await plugin.PlanAsync()); // nothing left to do
    }

    [Fact]
    public async Task A_plan_the_server_moved_away_from_is_refused_and_nothing_is_applied()
    {
        using var folder = new TempFolder();
        await using var session = await EmbeddedStoreAsync(folder);
        var plugin = PluginHost.Load(SamplePaths.Built("VendorPlugin"), session, new LoggerFactory().CreateLogger("plugin"));
        var plan = await plugin.PlanAsync();

        // while the operator looks at the plan, someone else sends E01001L8 offsite
        var e01001 = (await session.GetVolumeAsync(E01001))!;
        var moved = await session.ApplyAsync(new[] { new VolumeUpdate(E01001, e01001.Version, new[] { new FieldChange(VolumeFields.Repository, "OFFS") }) });
        Assert.Equal(UpdateStatus.Applied, moved[0].Status);

        var refused = await Assert.ThrowsAnyAsync<System.Exception>(() => plugin.ApplyAsync(plan));

        Assert.Equal("PlanOutdatedException", refused.GetType().Name);
        Assert.Contains("nothing was applied. Plan again.", refused.Message);
        Assert.Null((await session.GetVolumeAsync(E01006))!.Get("SLOT"));
    }

    [Fact]
    public async Task Against_a_framework_server_on_loopback_over_TLS_the_approved_plan_is_applied_on_the_server()
    {
        using var folder = new TempFolder();
        await using (var store = await SqliteTapeStore.OpenAsync(folder.File("served.db")))
        {
            await store.ImportAsync(StoreDocument.Load(SamplePaths.Sample("nightly", "store.json")));
        }

        // tapetrack-sync serve as an administrator starts it: its own process, TLS with its self-signed certificate
        await using var server = await ServeProcess.StartAsync(SamplePaths.Built("Tool"), "serve", "--store", folder.File("served.db"), "--urls", "https://127.0.0.1:0");
        Assert.Equal("https", server.Address.Scheme);
        Assert.Equal("127.0.0.1", server.Address.Host);
        Assert.Matches("^[0-9A-F]{64}$", server.Thumbprint);
        IReadOnlyList<SyncChange> plan;
        await using (var session = new RemoteServerSession(new RemoteSessionOptions
        {
            Address = server.Address,
            UserName = "batch",
            Password = "batch",
            TrustThumbprint = server.Thumbprint,
        }))
        {
            var plugin = PluginHost.Load(SamplePaths.Built("VendorPlugin"), session, new LoggerFactory().CreateLogger("plugin"));

            plan = await plugin.PlanAsync();
            Assert.Equal(8, plan.Count);
            Assert.Contains(new SyncChange(ChangeAction.Set, E01001, "REPOSITORY", "LIBR", "OFFS", 1), plan);
            Assert.Contains(new SyncChange(ChangeAction.Set, E01006, "SLOT", null, "16", 6), plan);
            Assert.Equal("LIBR", (await session.GetVolumeAsync(E01001))!.Target); // a plan sends nothing

            var result = await plugin.ApplyAsync(plan); // the operator approved

            Assert.False(result.DryRun);
            Assert.Equal(plan, result.Changes);
            Assert.True(session.Requests > 0 && session.BytesSent > 0 && session.BytesReceived > 0);
            Assert.Empty(await plugin.PlanAsync()); // the server holds it all now
        }

        // a fresh logon sees what the server holds
        await using (var fresh = new RemoteServerSession(new RemoteSessionOptions
        {
            Address = server.Address,
            UserName = "batch",
            Password = "batch",
            TrustThumbprint = server.Thumbprint,
        }))
        {
            await fresh.LogonAsync();
            var e01001 = await fresh.GetVolumeAsync(E01001);
            Assert.Equal(("LIBR", "OFFS", "2026-12-23"), (e01001!.Current, e01001.Target, e01001.Get("MOVEDATE")));
        }

        // SIGTERM stops it cleanly, and the store file it leaves holds the applied plan
        Assert.Equal(0, await server.StopAsync());
        await using var served = await SqliteTapeStore.OpenAsync(folder.File("served.db"));
        var stored01001 = await served.GetVolumeAsync(E01001);
        var stored01006 = await served.GetVolumeAsync(E01006);
        Assert.Equal(("LIBR", "OFFS", "2026-12-23"), (stored01001!.Current, stored01001.Target, stored01001.Get("MOVEDATE")));
        Assert.Equal(("OFFS", "LIBR", "16"), (stored01006!.Current, stored01006.Target, stored01006.Get("SLOT")));
    }
}
