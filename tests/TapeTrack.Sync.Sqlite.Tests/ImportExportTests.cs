using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Sqlite.Tests.Fixtures;

namespace TapeTrack.Sync.Sqlite.Tests;

public sealed class ImportExportTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Import_then_export_gives_the_text_of_the_store_file()
    {
        var original = Sample();
        await using var store = await SqliteTapeStore.OpenAsync(_folder.File("roundtrip.db"));

        await store.ImportAsync(original);
        var exported = await store.ExportAsync();

        Assert.Equal(original.ToJson(), exported.ToJson());
        Assert.Contains("\"version\": 1", exported.ToJson(), StringComparison.Ordinal);
        Assert.Equal("batch", Assert.Single(exported.Users).Name);
    }

    [Fact]
    public async Task Export_import_export_gives_identical_text_after_updates()
    {
        await using var first = await OpenSampleAsync(_folder.File("first.db"));
        await first.ApplyAsync(new[]
        {
            Set("000001L6", 1, (VolumeFields.Repository, "OFFS"), (VolumeFields.Attribute(7), "kept 7 years")),
            Set("NEW001", null, (VolumeFields.Current, "RACK"), (VolumeFields.WriteTime, "2026-11-20T22:00:00"), (VolumeFields.Encrypted, "true")),
        });
        var text = (await first.ExportAsync()).ToJson();

        await using var second = await SqliteTapeStore.OpenAsync(_folder.File("second.db"));
        await second.ImportAsync(StoreDocument.Parse(text, "export"));
        var again = (await second.ExportAsync()).ToJson();

        Assert.Equal(text, again);
        Assert.Contains("\"version\": 3", again, StringComparison.Ordinal);
        Assert.Contains("\"7\": \"kept 7 years\"", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Importing_an_export_into_the_same_store_changes_nothing()
    {
        await using var store = await OpenSampleAsync(_folder.File("same.db"));
        await store.ApplyAsync(new[] { Set("000002L6", 1, (VolumeFields.Slot, "44")) });
        var before = (await store.ExportAsync()).ToJson();

        await store.ImportAsync(StoreDocument.Parse(before));

        Assert.Equal(before, (await store.ExportAsync()).ToJson());
        Assert.True(await store.VerifyUserAsync("batch", "batch"));
    }

    [Fact]
    public async Task A_store_file_value_holding_a_NUL_is_refused_with_its_json_path_as_PostgreSQL_would_refuse_it()
    {
        await using var store = await OpenSampleAsync(_folder.File("nul.db"));
        var before = (await store.ExportAsync()).ToJson();
        var file = _folder.File("nul.json");
        File.WriteAllText(file, File.ReadAllText(SampleStorePath).Replace("\"weekly_full\"", "\"weekly\\u0000full\"", StringComparison.Ordinal));

        var error = Assert.Throws<StoreFormatException>(() => StoreDocument.Load(file));

        Assert.Equal("$.customers[0].media[0].volumes[0].description", error.JsonPath);
        Assert.Contains("holds a NUL character (\\x00), which no store keeps", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await store.ExportAsync()).ToJson());
    }

    [Fact]
    public async Task A_malformed_store_file_is_refused_with_its_json_path_and_nothing_is_written()
    {
        await using var store = await OpenSampleAsync(_folder.File("malformed.db"));
        var before = (await store.ExportAsync()).ToJson();
        var file = _folder.File("bad.json");
        File.WriteAllText(file, File.ReadAllText(SampleStorePath).Replace("\"current\": \"OFFS\"", "\"current\": \"NOWHERE\"", StringComparison.Ordinal));

        var error = Assert.Throws<StoreFormatException>(() => StoreDocument.Load(file));

        Assert.Equal("$.customers[0].media[0].volumes[2].current", error.JsonPath);
        Assert.Equal(before, (await store.ExportAsync()).ToJson());
    }

    [Fact]
    public async Task A_constraint_broken_mid_import_rolls_back_everything_already_written()
    {
        await using var store = await OpenSampleAsync(_folder.File("midway.db"));
        var before = (await store.ExportAsync()).ToJson();
        var document = new StoreDocument();
        var good = new StoreCustomer("AA01", "written first");
        var goodMedia = new StoreMedia("LTO", "fine");
        goodMedia.Repositories.Add(new Repository("LIBR", "Library", RepositoryType.Library));
        goodMedia.Volumes.Add(new Volume("A00001", "LIBR", null, 1));
        good.Media.Add(goodMedia);
        document.Customers.Add(good);
        var replaced = new StoreCustomer("US01", "replaced");
        var broken = new StoreMedia("LTO", "broken");
        broken.Repositories.Add(new Repository("LIBR", "Library", RepositoryType.Library));
        broken.Volumes.Add(new Volume("000001L6", "LIBR", null, 1));
        broken.Volumes.Add(new Volume("000002L6", "GONE", null, 1));
        replaced.Media.Add(broken);
        document.Customers.Add(replaced);
        document.Users.Add(new StoreUser("newuser", "newpass"));

        var error = await Assert.ThrowsAsync<StoreFormatException>(async () => await store.ImportAsync(document));

        Assert.Equal("$.customers[1].media[0].volumes[1].current", error.JsonPath);
        Assert.Equal(before, (await store.ExportAsync()).ToJson());
        Assert.False((await store.DownloadScopeAsync(new ScopeKey("AA01", "LTO"))).Exists);
        Assert.False(await store.VerifyUserAsync("newuser", "newpass"));
    }

    [Fact]
    public async Task A_repeated_volume_in_a_document_built_in_code_is_refused_with_its_path()
    {
        await using var store = await OpenSampleAsync(_folder.File("repeat.db"));
        var before = (await store.ExportAsync()).ToJson();
        var document = new StoreDocument();
        var customer = new StoreCustomer("US01", "Acme");
        var media = new StoreMedia("LTO", "LTO");
        media.Repositories.Add(new Repository("LIBR", "Library", RepositoryType.Library));
        media.Volumes.Add(new Volume("000001L6", "LIBR", null, 1));
        media.Volumes.Add(new Volume("000001L6", "LIBR", null, 1));
        customer.Media.Add(media);
        document.Customers.Add(customer);

        var error = await Assert.ThrowsAsync<StoreFormatException>(async () => await store.ImportAsync(document));

        Assert.Equal("$.customers[0].media[0].volumes[1].id", error.JsonPath);
        Assert.Equal(before, (await store.ExportAsync()).ToJson());
    }

    [Fact]
    public async Task A_cancelled_import_writes_nothing()
    {
        await using var store = await SqliteTapeStore.OpenAsync(_folder.File("cancelled.db"));
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.ImportAsync(Sample(), cancellation.Token));

        var exported = await store.ExportAsync();
        Assert.Empty(exported.Customers);
        Assert.Empty(exported.Users);
    }

    [Fact]
    public async Task Import_replaces_the_media_it_names_and_leaves_the_rest_alone()
    {
        await using var store = await OpenSampleAsync(_folder.File("replace.db"));
        var other = new StoreDocument();
        var customer = new StoreCustomer("EU02", "Other");
        var dlt = new StoreMedia("DLT", "DLT");
        dlt.Repositories.Add(new Repository("VLT", "Vault", RepositoryType.Vault));
        dlt.Volumes.Add(new Volume("D0001", "VLT", null, 4));
        customer.Media.Add(dlt);
        other.Customers.Add(customer);
        await store.ImportAsync(other);

        var update = StoreDocument.Parse("""
            { "customers": [ { "id": "US01", "description": "Acme renamed",
              "attributes": [ { "index": 3, "name": "Retention" } ],
              "media": [ { "id": "LTO", "repositories": [ { "id": "LIBR", "type": "Library" } ],
                "volumes": [ { "id": "000009L6", "current": "LIBR", "version": 2 } ] } ] } ] }
            """);
        await store.ImportAsync(update);

        var lto = await store.DownloadScopeAsync(Lto);
        Assert.Equal("000009L6 LIBR v2", Assert.Single(lto.Volumes).ToString());
        Assert.Equal("LIBR", Assert.Single(lto.Repositories).Id);
        Assert.Equal("D0001 VLT v4", Assert.Single((await store.DownloadScopeAsync(new ScopeKey("EU02", "DLT"))).Volumes).ToString());
        var exported = await store.ExportAsync();
        Assert.Equal(new[] { "EU02", "US01" }, new[] { exported.Customers[0].Id, exported.Customers[1].Id });
        Assert.Equal("Acme renamed", exported.Customers[1].Description);
        Assert.Equal("Retention", Assert.Single(exported.Customers[1].Attributes).Name);
        Assert.True(await store.VerifyUserAsync("batch", "batch"));
        var next = Assert.Single(await store.ApplyAsync(new[] { Set("000009L6", 2, (VolumeFields.Slot, "1")) }));
        Assert.Equal(5, next.Volume!.Version);
    }

    [Fact]
    public async Task Reimporting_other_content_at_an_old_version_gives_a_new_version_so_stale_clients_conflict()
    {
        await using var store = await OpenSampleAsync(_folder.File("stale.db"));
        await store.ApplyAsync(new[] { Set("000001L6", 1, (VolumeFields.Slot, "1")) });
        await store.ApplyAsync(new[] { Set("000001L6", 2, (VolumeFields.Slot, "2")) });

        await store.ImportAsync(Sample());

        var volume = (await store.GetVolumeAsync(Lto.Volume("000001L6")))!;
        Assert.Null(volume.Get(VolumeFields.Slot));
        Assert.Equal(4, volume.Version);
        Assert.Equal(1, (await store.GetVolumeAsync(Lto.Volume("000002L6")))!.Version);
        var stale = Assert.Single(await store.ApplyAsync(new[] { Set("000001L6", 3, (VolumeFields.Slot, "3")) }));
        Assert.Equal(UpdateStatus.Conflict, stale.Status);
    }
}
