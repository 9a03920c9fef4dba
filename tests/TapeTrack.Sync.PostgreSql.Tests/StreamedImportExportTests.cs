using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Sqlite;

namespace TapeTrack.Sync.PostgreSql.Tests;

/// <summary>
/// <see cref="PostgreSqlTapeStore.ImportFromAsync"/> and <see cref="PostgreSqlTapeStore.ExportToAsync"/> on a
/// large-ish store file (60,000 volumes): streamed both ways, the same text as the embedded store's, versions never
/// moved back on a reimport read from a stream that cannot seek.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StreamedImportExportTests(PostgresCluster cluster)
{
    private const int VolumesPerMedia = 15_000;

    private static void WriteEstate(string path, Func<int, string> description)
    {
        using var file = File.Create(path);
        using var writer = new StoreFileWriter(file);
        foreach (string customerId in new[] { "US01", "US02" })
        {
            var customer = new StoreCustomer(customerId, "Client " + customerId);
            customer.Attributes.Add(new StoreAttributeDefinition(1, "Retention", "String"));
            writer.WriteCustomer(customer);
            foreach (string mediaId in new[] { "LTO", "LTO9" })
            {
                var media = new StoreMedia(mediaId, mediaId + " cartridges");
                media.Repositories.Add(new Repository("LIBR", "Library", RepositoryType.Library));
                media.Repositories.Add(new Repository("OFFS", "Vault", RepositoryType.Vault) { Offsite = true, Next = "LIBR" });
                writer.WriteMedia(media);
                for (int v = 0; v < VolumesPerMedia; v++)
                {
                    var fields = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        [VolumeFields.Description] = description(v),
                        [VolumeFields.Slot] = (v % 500).ToString(CultureInfo.InvariantCulture),
                        [VolumeFields.Attribute(1)] = v % 2 == 0 ? "7Y" : "1Y",
                    };
                    writer.WriteVolume(new Volume(v.ToString("D6", CultureInfo.InvariantCulture) + "L6", v % 3 == 0 ? "OFFS" : "LIBR", v % 7 == 0 ? "LIBR" : null, 1 + (v % 5), fields));
                }
            }
        }

        writer.WriteUser(new StoreUser("acme", null) { Customers = new[] { "US01" } });
        writer.WriteUser(new StoreUser("batch", null));
        writer.Complete();
    }

    [Fact]
    public async Task A_large_store_file_is_imported_and_exported_as_streams_with_the_embedded_store_text()
    {
        using var folder = new TempFolder();
        string input = folder.File("estate.json");
        WriteEstate(input, v => "weekly_full");

        await using var postgres = await PostgreSqlTapeStore.OpenAsync(await cluster.CreateDatabaseAsync());
        StoreFileCounts counts;
        await using (var json = File.OpenRead(input))
        {
            counts = await postgres.ImportFromAsync(json, input);
        }

        Assert.Equal(new StoreFileCounts(2, 4, 4 * VolumesPerMedia, 2), counts);
        using var exported = new MemoryStream();
        Assert.Equal(counts, await postgres.ExportToAsync(exported));
        Assert.Equal(File.ReadAllText(input), System.Text.Encoding.UTF8.GetString(exported.ToArray()));

        await using var sqlite = await SqliteTapeStore.OpenAsync(folder.File("same.db"));
        await using (var json = File.OpenRead(input))
        {
            await sqlite.ImportFromAsync(json, input);
        }

        using var embedded = new MemoryStream();
        await sqlite.ExportToAsync(embedded);
        Assert.Equal(embedded.ToArray(), exported.ToArray());
        Assert.Equal((await sqlite.ExportAsync()).ToJson(), (await postgres.ExportAsync()).ToJson());
    }

    [Fact]
    public async Task A_reimport_from_a_stream_that_cannot_seek_keeps_same_content_versions_and_moves_changed_ones_forward()
    {
        using var folder = new TempFolder();
        string first = folder.File("first.json");
        string second = folder.File("second.json");
        WriteEstate(first, v => "weekly_full");
        WriteEstate(second, v => v % 10 == 0 ? "changed" : "weekly_full");
        await using var postgres = await PostgreSqlTapeStore.OpenAsync(await cluster.CreateDatabaseAsync());
        await using (var json = File.OpenRead(first))
        {
            await postgres.ImportFromAsync(json, first);
        }

        var changed = new VolumeKey("US02", "LTO9", "000010L6");
        var same = new VolumeKey("US02", "LTO9", "000011L6");
        Assert.Equal(1, (await postgres.GetVolumeAsync(changed))!.Version);

        StoreFileCounts counts;
        await using (var json = new ForwardOnlyStream(File.OpenRead(second)))
        {
            counts = await postgres.ImportFromAsync(json, second);
        }

        Assert.Equal(4 * VolumesPerMedia, counts.Volumes);
        var moved = (await postgres.GetVolumeAsync(changed))!;
        Assert.Equal("changed", moved.Get(VolumeFields.Description));
        Assert.True(moved.Version > 5, $"version {moved.Version} is not above every version of the first import");
        Assert.Equal(1 + (11 % 5), (await postgres.GetVolumeAsync(same))!.Version);

        // every version handed out by the reimport is distinct, and later updates go above them all
        var versions = new HashSet<long>();
        var document = await postgres.ExportAsync();
        foreach (var customer in document.Customers)
        {
            foreach (var media in customer.Media)
            {
                foreach (var volume in media.Volumes)
                {
                    if (volume.Get(VolumeFields.Description) == "changed")
                    {
                        Assert.True(versions.Add(volume.Version));
                    }
                }
            }
        }

        Assert.Equal(4 * VolumesPerMedia / 10, versions.Count);
        var applied = await postgres.ApplyAsync(new[] { new VolumeUpdate(same, 2, new[] { new FieldChange(VolumeFields.Slot, "99") }) }, new ChangeOrigin("test", "run"));
        Assert.True(applied[0].Volume!.Version > System.Linq.Enumerable.Max(versions));
    }

    [Fact]
    public async Task A_malformed_file_names_its_json_path_and_writes_nothing()
    {
        using var folder = new TempFolder();
        string input = folder.File("estate.json");
        WriteEstate(input, v => "weekly_full");
        string text = File.ReadAllText(input);
        int last = text.LastIndexOf("\"current\": \"LIBR\"", StringComparison.Ordinal);
        File.WriteAllText(input, text.Substring(0, last) + "\"current\": \"NOPE\"" + text.Substring(last + "\"current\": \"LIBR\"".Length));
        await using var postgres = await PostgreSqlTapeStore.OpenAsync(await cluster.CreateDatabaseAsync());

        StoreFormatException error;
        await using (var json = File.OpenRead(input))
        {
            error = await Assert.ThrowsAsync<StoreFormatException>(() => postgres.ImportFromAsync(json, input).AsTask());
        }

        Assert.StartsWith("$.customers[1].media[1].volumes[", error.JsonPath, StringComparison.Ordinal);
        Assert.EndsWith("].current", error.JsonPath, StringComparison.Ordinal);
        Assert.Empty((await postgres.ExportAsync()).Customers);
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
