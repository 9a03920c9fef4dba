using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Server.Tests.Faults;

/// <summary>
/// Issue 10: two tools syncing overlapping scopes through one server at once lose no update. Tool A (user batch) runs
/// through a relay that holds its connection mid-run; tool B (user night) runs from start to end meanwhile over the
/// volumes A has still to reach; then A goes on with its cached scope, now stale. Over the embedded store and PostgreSQL.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OverlappingToolsTests(PostgresCluster cluster, ReferenceRun reference, Xunit.Abstractions.ITestOutputHelper output)
{
    // A: descriptions of 0..649, and slots of 250..649; B: slots of 250..999, and every even volume of them sent offsite
    private const int OverlapStart = 250;
    private const int AEnd = 650;
    private const int BEnd = 1000;

    [Theory]
    [InlineData(StoreKind.Embedded)]
    [InlineData(StoreKind.PostgreSql)]
    public async Task Two_tools_syncing_overlapping_scopes_through_one_server_at_once_lose_no_update(StoreKind kind)
    {
        var site = reference.Site;
        string reportA = site.WriteReport("a.csv", i => i < AEnd ? $"{FaultSite.VolumeId(i)},,a_{i % 5},{(i >= OverlapStart ? "A" + i.ToString(CultureInfo.InvariantCulture) : string.Empty)}" : null);
        string reportB = site.WriteReport("b.csv", i => i >= OverlapStart && i < BEnd ? $"{FaultSite.VolumeId(i)},{(i % 2 == 0 ? "OFFS" : string.Empty)},,B{i}" : null);
        var store = await site.CreateStoreAsync(kind, cluster, "overlap-" + kind);
        await using var serve = await FaultSite.ServeAsync(store);

        ToolResult a, b;
        await using (var relay = new LoopbackRelay(serve.Address.Port, new[] { new RelayRule(4_000, RelayAction.Pause) }))
        {
            var runA = site.SyncAsync($"batch:-batch@127.0.0.1:{relay.Port}", reportA, serve.Thumbprint, "--batch-size", ReferenceRun.BatchSizeText);
            Assert.Same(relay.Paused, await Task.WhenAny(relay.Paused, runA, Task.Delay(TimeSpan.FromMinutes(2))));

            // A is mid-run and has not reached the volumes B changes
            var before = await store.HistoryAsync();
            output.WriteLine($"paused after {relay.ClientBytes} bytes from A, {before.Count} changes of A applied");
            Assert.NotEmpty(before);
            Assert.All(before, e => Assert.True(Index(e) < OverlapStart, e.ToString()));

            b = await site.SyncAsync($"night:-night-pw@{serve.HostAndPort}", reportB, serve.Thumbprint, "--batch-size", ReferenceRun.BatchSizeText);
            relay.Resume();
            a = await runA;
        }

        Assert.True(a.ExitCode == 0, a.All);
        Assert.True(b.ExitCode == 0, b.All);
        Assert.Equal(AEnd, a.Statistic("Volumes updated:"));
        Assert.Equal(BEnd - OverlapStart, b.Statistic("Volumes updated:"));
        Assert.Equal(0, await serve.StopAsync());

        // the store holds every change of both reports; where both set the slot, it holds one of the two values
        var volumes = Volumes(await store.ExportAsync());
        for (int i = 0; i < reference.Site.Volumes; i++)
        {
            string id = FaultSite.VolumeId(i);
            var v = volumes[id];
            Assert.True((i < AEnd ? $"a_{i % 5}" : "old") == v.Description, id + " description " + v.Description);
            Assert.True((i >= OverlapStart && i < BEnd && i % 2 == 0 ? "OFFS" : null) == v.Target, id + " target " + v.Target);
            if (i >= OverlapStart && i < AEnd)
            {
                Assert.Contains(v.Slot, new[] { "A" + i, "B" + i });
            }
            else
            {
                Assert.Equal(i >= AEnd && i < BEnd ? "B" + i : (i % 1000).ToString(CultureInfo.InvariantCulture), v.Slot);
            }
        }

        // the audit trail: every change of both reports by its user; per volume, versions rise and each field's
        // changes chain (each starts from the value the one before left); the last version is the volume's
        var history = await store.HistoryAsync();
        // each field changed once, but the slots both set: twice, once by each
        foreach (var change in history.GroupBy(e => (e.Volume.Volume, e.Field)))
        {
            int i = Index(change.First());
            int expected = change.Key.Field == VolumeFields.Slot && i >= OverlapStart && i < AEnd ? 2 : 1;
            Assert.True(change.Count() == expected, $"{change.Key}: {string.Join("; ", change)}");
        }

        foreach (var group in history.GroupBy(e => e.Volume.Volume))
        {
            int i = Index(group.First());
            var entries = group.ToList();
            for (int k = 1; k < entries.Count; k++)
            {
                Assert.True(entries[k].Version >= entries[k - 1].Version, $"{group.Key}: versions go back");
            }

            foreach (var field in entries.GroupBy(e => e.Field))
            {
                var chain = field.ToList();
                for (int k = 1; k < chain.Count; k++)
                {
                    Assert.True(chain[k].OldValue == chain[k - 1].NewValue, $"{group.Key} {field.Key}: {chain[k - 1]} then {chain[k]}");
                    Assert.True(chain[k].Version > chain[k - 1].Version, $"{group.Key} {field.Key}: versions do not rise");
                }
            }

            Assert.Equal(volumes[group.Key].Version, entries[^1].Version);
            bool Has(string user, string fieldName, string? value) => entries.Any(e => e.User == user && e.Field == fieldName && e.NewValue == value);
            if (i < AEnd)
            {
                Assert.True(Has("batch", VolumeFields.Description, $"a_{i % 5}"), group.Key + " lost A's description");
            }

            if (i >= OverlapStart && i < AEnd)
            {
                Assert.True(Has("batch", VolumeFields.Slot, "A" + i), group.Key + " lost A's slot");
                Assert.True(Has("night", VolumeFields.Slot, "B" + i), group.Key + " lost B's slot");
            }

            if (i >= AEnd && i < BEnd)
            {
                Assert.True(Has("night", VolumeFields.Slot, "B" + i), group.Key + " lost B's slot");
            }

            if (i >= OverlapStart && i < BEnd && i % 2 == 0)
            {
                Assert.Contains(entries, e => e.User == "night" && e.NewValue == "OFFS");
            }
        }

        // and A's stale scope really met B's changes: A's slot came after B's on the volumes A reached last
        Assert.Contains(history, e => e.User == "batch" && e.Field == VolumeFields.Slot && e.OldValue is not null && e.OldValue.StartsWith('B'));
    }

    private static int Index(AuditEntry e) => int.Parse(e.Volume.Volume.AsSpan(1), CultureInfo.InvariantCulture);

    private sealed record Exported(string? Description, string? Target, string? Slot, long Version);

    private static Dictionary<string, Exported> Volumes(string export)
    {
        using var document = JsonDocument.Parse(export);
        var result = new Dictionary<string, Exported>(StringComparer.Ordinal);
        foreach (var v in document.RootElement.GetProperty("customers")[0].GetProperty("media")[0].GetProperty("volumes").EnumerateArray())
        {
            static string? Text(JsonElement v, string name) => v.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            result[v.GetProperty("id").GetString()!] = new Exported(Text(v, "description"), Text(v, "target"), Text(v, "slot"), v.GetProperty("version").GetInt64());
        }

        return result;
    }
}
