using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Sqlite.Tests.Fixtures;

namespace TapeTrack.Sync.Sqlite.Tests;

public sealed class ConcurrencyTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Two_stores_on_one_file_applying_the_same_version_one_applies_and_the_other_conflicts()
    {
        var path = _folder.File("shared.db");
        await using var first = await OpenSampleAsync(path);
        await using var second = await SqliteTapeStore.OpenAsync(path);
        var seenByFirst = (await first.GetVolumeAsync(Lto.Volume("000001L6")))!;
        var seenBySecond = (await second.GetVolumeAsync(Lto.Volume("000001L6")))!;
        Assert.Equal(seenByFirst.Version, seenBySecond.Version);

        var results = await Task.WhenAll(
            Task.Run(async () => Assert.Single(await first.ApplyAsync(new[] { Set("000001L6", seenByFirst.Version, (VolumeFields.Repository, "OFFS")) }))),
            Task.Run(async () => Assert.Single(await second.ApplyAsync(new[] { Set("000001L6", seenBySecond.Version, (VolumeFields.Repository, "RACK")) }))));

        Array.Sort(results, (a, b) => a.Status.CompareTo(b.Status));
        Assert.Equal(UpdateStatus.Applied, results[0].Status);
        Assert.Equal(UpdateStatus.Conflict, results[1].Status);
        Assert.Equal(results[0].Volume!.Version, results[1].Volume!.Version);
        var stored = (await second.GetVolumeAsync(Lto.Volume("000001L6")))!;
        Assert.Equal(results[0].Volume!.Target, stored.Target);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task Concurrent_writers_retrying_on_conflict_lose_no_update_and_versions_strictly_increase()
    {
        const int Writers = 4;
        const int Increments = 15;
        var path = _folder.File("counter.db");
        await using (await OpenSampleAsync(path))
        {
        }

        var stores = new SqliteTapeStore[Writers];
        for (int w = 0; w < Writers; w++)
        {
            stores[w] = await SqliteTapeStore.OpenAsync(path);
        }

        var versions = new List<long>[Writers];
        var tasks = new Task[Writers];
        for (int w = 0; w < Writers; w++)
        {
            var store = stores[w];
            var mine = versions[w] = new List<long>();
            tasks[w] = Task.Run(async () =>
            {
                for (int done = 0; done < Increments;)
                {
                    var volume = (await store.GetVolumeAsync(Lto.Volume("000005L6")))!;
                    int count = int.Parse(volume.Get(VolumeFields.Slot) ?? "0", CultureInfo.InvariantCulture);
                    var result = (await store.ApplyAsync(new[] { Set("000005L6", volume.Version, (VolumeFields.Slot, (count + 1).ToString(CultureInfo.InvariantCulture))) }))[0];
                    if (result.Status == UpdateStatus.Applied)
                    {
                        mine.Add(result.Volume!.Version);
                        done++;
                    }
                    else
                    {
                        Assert.Equal(UpdateStatus.Conflict, result.Status);
                    }
                }
            });
        }

        await Task.WhenAll(tasks);
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        await using var check = await SqliteTapeStore.OpenAsync(path);
        var final = (await check.GetVolumeAsync(Lto.Volume("000005L6")))!;
        Assert.Equal((Writers * Increments).ToString(CultureInfo.InvariantCulture), final.Get(VolumeFields.Slot));
        var all = new List<long>();
        foreach (var list in versions)
        {
            for (int i = 1; i < list.Count; i++)
            {
                Assert.True(list[i] > list[i - 1]);
            }

            all.AddRange(list);
        }

        all.Sort();
        Assert.Equal(Writers * Increments, new HashSet<long>(all).Count);
        Assert.Equal(all[all.Count - 1], final.Version);
        Assert.Equal(1 + (Writers * Increments), final.Version);
    }
}
