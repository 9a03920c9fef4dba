using System;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Sqlite.Tests.Fixtures;

namespace TapeTrack.Sync.Sqlite.Tests;

/// <summary>Versions are 1 to 2^53-1 (cli.md); a crafted version must not break a store for good.</summary>
public sealed class VersionRangeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(Volume.MaxVersion + 1)]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task Importing_a_version_out_of_range_is_refused_by_its_path_and_the_store_keeps_working(long version)
    {
        await using var store = await OpenSampleAsync(_folder.File("range.db"));
        var document = Sample();
        var media = document.Customers[0].Media[0];
        media.Volumes[1] = media.Volumes[1].With(Array.Empty<FieldChange>(), version);

        var error = await Assert.ThrowsAsync<StoreFormatException>(async () => await store.ImportAsync(document));

        Assert.Equal("$.customers[0].media[0].volumes[1].version", error.JsonPath);
        var applied = Assert.Single(await store.ApplyAsync(new[] { Set("000001L6", 1, (VolumeFields.Slot, "9")) }));
        Assert.Equal(UpdateStatus.Applied, applied.Status);
    }

    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("9007199254740992")]
    [InlineData("0")]
    [InlineData("1.5")]
    public void A_store_file_with_a_version_out_of_range_is_refused_by_its_json_path(string version)
    {
        var json = """{ "customers": [ { "id": "US01", "media": [ { "id": "LTO", "repositories": [ { "id": "LIBR", "type": "Library" } ], "volumes": [ { "id": "A1", "current": "LIBR", "version": VERSION } ] } ] } ] }""".Replace("VERSION", version);

        var error = Assert.Throws<StoreFormatException>(() => StoreDocument.Parse(json, "crafted.json"));

        Assert.Equal("$.customers[0].media[0].volumes[0].version", error.JsonPath);
        Assert.Contains("from 1 to 9007199254740991", error.Message);
    }

    [Fact]
    public async Task A_store_whose_counter_is_at_the_highest_version_refuses_a_batch_whole_with_a_clear_error()
    {
        await using var store = await OpenSampleAsync(_folder.File("top.db"));
        var document = Sample();
        var media = document.Customers[0].Media[0];
        media.Volumes[0] = media.Volumes[0].With(Array.Empty<FieldChange>(), Volume.MaxVersion);
        await store.ImportAsync(document);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.ApplyAsync(new[] { Set("000001L6", 1, (VolumeFields.Slot, "9")) }));

        Assert.Contains("9007199254740991", error.Message);
        Assert.Null((await store.GetVolumeAsync(Lto.Volume("000001L6")))!.Get(VolumeFields.Slot));
        var exported = await store.ExportAsync();
        Assert.Equal(Volume.MaxVersion, exported.Customers[0].Media[0].Volumes[0].Version);
    }

    [Fact]
    public void The_version_counter_never_leaves_its_range()
    {
        Assert.Equal(2, VolumeUpdateRules.NextVersion(1));
        Assert.Equal(Volume.MaxVersion, VolumeUpdateRules.NextVersion(Volume.MaxVersion - 1));
        Assert.Throws<InvalidOperationException>(() => VolumeUpdateRules.NextVersion(Volume.MaxVersion));
        Assert.Throws<InvalidOperationException>(() => VolumeUpdateRules.NextVersion(-1));
    }
}
