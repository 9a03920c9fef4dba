using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Sqlite.Tests.Fixtures;

namespace TapeTrack.Sync.Sqlite.Tests;

/// <summary>The scope download that walks the volume and field rows side by side (issue 14), against the volume
/// read one at a time and against the stored document.</summary>
public sealed class ScopeReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_download_gives_each_volume_with_exactly_its_own_fields()
    {
        await DownloadEachVolumeWithItsOwnFields();
    }

    [Fact]
    public async Task A_download_through_sqlitepcl_raw_gives_what_the_direct_calls_give()
    {
        // the way the netstandard2.0 build and other SQLite providers read: the direct calls are off in the whole
        // process while this runs, and as both ways give the same volumes, a test downloading meanwhile is not disturbed
        ScopeReader.ThroughRaw = true;
        try
        {
            await DownloadEachVolumeWithItsOwnFields();
        }
        finally
        {
            ScopeReader.ThroughRaw = false;
        }
    }

    private async Task DownloadEachVolumeWithItsOwnFields()
    {
        var document = Sample();
        var media = document.Customers.SelectMany(c => c.Media.Select(m => (Customer: c, Media: m))).First(p => p.Customer.Id == Lto.Customer && p.Media.Id == Lto.Media).Media;
        var random = new Random(14);
        var repositories = media.Repositories.Select(r => r.Id).ToArray();
        for (int i = 0; i < 500; i++)
        {
            // ids that sort around each other in UTF-8 (a prefix, non-ASCII), some volumes with no field at all
            string id = (i % 5) switch
            {
                0 => "Z" + i.ToString(CultureInfo.InvariantCulture),
                1 => "Z" + i.ToString(CultureInfo.InvariantCulture) + "é",
                2 => "ü" + i.ToString("D4", CultureInfo.InvariantCulture),
                3 => "Z" + i.ToString(CultureInfo.InvariantCulture) + "-0",
                _ => "A" + i.ToString("D6", CultureInfo.InvariantCulture),
            };
            var fields = new Dictionary<string, string>();
            if (i % 3 != 0)
            {
                fields[VolumeFields.Description] = "pool " + (i % 4).ToString(CultureInfo.InvariantCulture) + (i % 7 == 0 ? " ☃" : string.Empty);
                fields[VolumeFields.MoveDate] = new DateTime(2026, 1, 1).AddDays(i % 50).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            if (i % 4 == 1)
            {
                fields[VolumeFields.Attribute(1 + (i % 9))] = "attribute " + i.ToString(CultureInfo.InvariantCulture);
                fields[VolumeFields.Encrypted] = "true";
            }

            string current = repositories[random.Next(repositories.Length)];
            string? target = random.Next(5) == 0 ? repositories[random.Next(repositories.Length)] : null;
            media.Volumes.Add(new Volume(id, current, target, 1 + i, fields));
        }

        await using var store = await SqliteTapeStore.OpenAsync(_folder.File("reader.db"));
        await store.ImportAsync(document);

        var downloaded = await store.DownloadScopeAsync(Lto);
        var expected = media.Volumes.OrderBy(v => v.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Count, downloaded.Volumes.Count);
        Assert.Equal(expected.Select(v => v.Id).OrderBy(v => v, StringComparer.Ordinal), downloaded.Volumes.Select(v => v.Id).OrderBy(v => v, StringComparer.Ordinal));
        foreach (var volume in downloaded.Volumes)
        {
            var single = await store.GetVolumeAsync(Lto.Volume(volume.Id));
            Assert.NotNull(single);
            Assert.Equal(Describe(single!), Describe(volume));
            var stored = expected.Single(v => v.Id == volume.Id);
            Assert.Equal(Describe(stored).Replace(" v" + stored.Version.ToString(CultureInfo.InvariantCulture), string.Empty, StringComparison.Ordinal), Describe(volume).Replace(" v" + volume.Version.ToString(CultureInfo.InvariantCulture), string.Empty, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void On_dotnet_the_download_calls_the_sqlite_library_of_sqlitepcl_directly()
    {
        // the fast path: e_sqlite3, the same loaded library as SQLitePCL.raw's (else downloads read through raw)
        Assert.True(NativeSqlite.Available);
    }

    [Fact]
    public async Task A_download_after_a_change_reads_the_change_on_its_kept_connection()
    {
        await using var store = await OpenSampleAsync(_folder.File("kept.db"));
        var before = (await store.DownloadScopeAsync(Lto)).Volumes.Single(v => v.Id == "000001L6");
        Assert.Equal(UpdateStatus.Applied, Assert.Single(await store.ApplyAsync(new[] { Set("000001L6", before.Version, (VolumeFields.Description, "changed")) })).Status);

        var after = (await store.DownloadScopeAsync(Lto)).Volumes.Single(v => v.Id == "000001L6");

        Assert.Equal("changed", after.Get(VolumeFields.Description));
        Assert.Equal(before.Version + 1, after.Version);
    }

    [Fact]
    public async Task Downloads_at_once_from_several_threads_each_read_the_whole_scope()
    {
        await using var store = await OpenSampleAsync(_folder.File("parallel.db"));
        string expected = string.Join("\n", (await store.DownloadScopeAsync(Lto)).Volumes.Select(Describe));

        var downloads = Enumerable.Range(0, 8).Select(_ => Task.Run(async () => (await store.DownloadScopeAsync(Lto)).Volumes)).ToArray();
        var results = await Task.WhenAll(downloads);

        Assert.Equal(7, results[0].Count);
        Assert.All(results, volumes => Assert.Equal(expected, string.Join("\n", volumes.Select(Describe))));
    }

    [Fact]
    public async Task A_download_of_a_media_the_store_does_not_hold_says_so()
    {
        await using var store = await OpenSampleAsync(_folder.File("missing.db"));

        var data = await store.DownloadScopeAsync(new ScopeKey(Lto.Customer, "NOSUCH"));

        Assert.False(data.Exists);
        Assert.Empty(data.Volumes);
    }

    private static string Describe(Volume volume) =>
        volume + " | " + string.Join(";", volume.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value));
}
