using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Remote;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Server.Tests;

/// <summary>
/// A scope on the wire (issue 14): the server writes a block from each volume's own fields instead of a dictionary per
/// volume and field, through a writer that buffers; the client reads each column's new values once, into a pool, and
/// makes each volume without a dictionary. These tests hold the new code to what the code before it did, kept here as
/// the reference: the same bytes written, the same volumes read (fields in order, moving volumes, attributes,
/// non-ASCII text, texts longer than the writer's and the reader's buffers, many blocks, a field named twice).
/// </summary>
public class WireScopeTests
{
    [Fact]
    public void A_block_is_written_byte_for_byte_as_the_dictionary_per_volume_writer_wrote_it()
    {
        var volumes = Varied(6_000);

        Assert.Equal(Reference.Encode(volumes), Encode(volumes));
    }

    [Fact]
    public void A_scope_reads_back_as_written_and_as_the_dictionary_per_volume_reader_read_it()
    {
        var volumes = Varied(6_000);
        byte[] body = Encode(volumes);

        var pool = new ValuePool();
        var read = Decode(body, pool);
        var reference = Reference.Decode(body);

        Assert.Equal(volumes.Select(Describe), read.Select(Describe));
        Assert.Equal(reference.Select(Describe), read.Select(Describe));
        Assert.Equal(volumes.Select(v => v.Version), read.Select(v => v.Version));
        Assert.Equal(84_000, read.Single(v => v.Id == "LONG1").Get(VolumeFields.Description)!.Length);
        Assert.Equal("Sauvegarde é ✓ 𝄞 日本", read.Single(v => v.Id == "000011L8").Get(VolumeFields.Description));
    }

    [Fact]
    public void Read_values_are_pooled_across_volumes_and_columns()
    {
        var read = Decode(Encode(Varied(3_000)), new ValuePool());

        var libraries = read.Where(v => v.Current == "LIBR").Select(v => v.Current).Concat(read.Where(v => v.Target == "LIBR").Select(v => v.Target)).ToList();
        Assert.True(libraries.Count > 1000);
        Assert.All(libraries, id => Assert.Same(libraries[0], id));
        var weekly = read.Select(v => v.Get(VolumeFields.Description)).Where(d => d == "weekly_full").ToList();
        Assert.True(weekly.Count > 100);
        Assert.All(weekly, d => Assert.Same(weekly[0], d));
    }

    [Fact]
    public void A_block_that_names_a_field_twice_reads_as_a_dictionary_keeps_it()
    {
        // written by hand: two volumes, fields SLOT, DESCRIPTION and SLOT again (a writer of ours never does this)
        byte[] body = RemoteServerSession.Compress(writer =>
        {
            WireCodec.WriteHeader(writer);
            WireCodec.WriteRepositories(writer, new[] { new Repository("LIBR", "Library", RepositoryType.Library) });
            var columns = new VolumeColumns(true);
            writer.WriteVarint(2);
            columns.Ids.Write(writer, "A1");
            columns.Ids.Write(writer, "A2");
            columns.WriteVersion(writer, 3);
            columns.WriteVersion(writer, 4);
            columns.Current.Write(writer, "LIBR");
            columns.Current.Write(writer, "LIBR");
            columns.Target.Write(writer, null);
            columns.Target.Write(writer, "LIBR");
            writer.WriteVarint(3);
            foreach (var (name, first, second) in new[] { ("SLOT", "1", "9"), ("DESCRIPTION", "d", null), ("SLOT", "2", null) })
            {
                columns.FieldNames.Write(writer, name);
                columns.Field(name).Write(writer, first);
                columns.Field(name).Write(writer, second);
            }

            writer.WriteVarint(0);
        });

        var read = Decode(body, new ValuePool(), deflated: true);

        Assert.Equal(Reference.Decode(body, deflated: true).Select(Describe), read.Select(Describe));
        Assert.Equal(new[] { "A1 LIBR v3 DESCRIPTION=d SLOT=2", "A2 LIBR v4 SLOT=9" }, read.Select(Describe));
    }

    [Fact]
    public void A_broken_text_is_refused_as_before()
    {
        byte[] body = RemoteServerSession.Compress(writer =>
        {
            WireCodec.WriteHeader(writer);
            writer.WriteVarint(0);
            writer.WriteVarint(1);
            // a new id sharing 0 characters with the one before, of 2 bytes that are not UTF-8
            writer.WriteVarint(1);
            writer.WriteVarint(0);
            writer.WriteVarint(2);
            writer.WriteBytes(new byte[] { 0xC3, 0x28 });
        });

        var error = Assert.Throws<InvalidDataException>(() => Decode(body, new ValuePool(), deflated: true));
        Assert.Equal("a text of the message is not UTF-8", error.Message);
        byte[] whole = Encode(Varied(100));
        var ended = Assert.Throws<InvalidDataException>(() => Decode(whole.Take(whole.Length / 2).ToArray(), new ValuePool()));
        Assert.Equal("the message ended early", ended.Message);
    }

    [Fact]
    public async Task A_remote_download_hands_its_pool_over_and_a_cached_scope_keeps_the_volumes_as_they_came()
    {
        var document = WireSizeTests.GeneratedScope(5_000);
        await using var host = await ServerHost.StartAsync(document);
        await using var session = host.Connect();
        await session.LogonAsync();

        var data = await session.DownloadScopeAsync(new ScopeKey("US01", "LTO"));
        var cached = new CachedScope(data);

        // the store keeps fields by name: compared in name order
        Assert.Equal(document.Customers[0].Media[0].Volumes.Select(WireCodecTests.Describe), data.Volumes.Select(WireCodecTests.Describe));
        Assert.Equal(data.Volumes, cached.Volumes);
        var offsite = data.Repositories.Single(r => r.Id == "OFFS").Id;
        Assert.All(data.Volumes.Where(v => v.Target == "OFFS"), v => Assert.Same(offsite, v.Target));
    }

    // Volumes of every shape, in id order, more than two blocks of them.
    private static List<Volume> Varied(int count)
    {
        var volumes = new List<Volume>();
        string[] repositories = { "LIBR", "OFFS", "RACK", "ÉTAGÈRE" };
        for (int i = 0; i < count; i++)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            if (i % 13 != 0)
            {
                fields[VolumeFields.Description] = i % 11 == 0 ? "Sauvegarde é ✓ 𝄞 日本" : "weekly_" + (i % 3 == 0 ? "full" : "incr" + (i % 4));
            }

            if (i % 5 != 0)
            {
                fields[VolumeFields.MoveDate] = "2026-" + (1 + (i % 12)).ToString("D2", CultureInfo.InvariantCulture) + "-1" + (i % 10);
            }

            if (i % 3 == 0)
            {
                fields[VolumeFields.Attribute(1 + (i % 4))] = "7Y";
                fields[VolumeFields.Slot] = (i % 800).ToString(CultureInfo.InvariantCulture);
            }

            string current = repositories[i % repositories.Length];
            string? target = i % 7 == 0 ? repositories[(i + 1) % repositories.Length] : null;
            volumes.Add(new Volume(i.ToString("D6", CultureInfo.InvariantCulture) + "L8", current, target, 1 + (i * 7 % 1000), fields));
        }

        // texts longer than the writer's buffer (16 KB) and the reader's (64 KB), and a volume with only an attribute
        volumes.Add(new Volume("LONG1", "LIBR", null, 5, new Dictionary<string, string> { [VolumeFields.Description] = string.Concat(Enumerable.Repeat("é✓x𝄞a", 14_000)) }));
        volumes.Add(new Volume("LONG2", "OFFS", "LIBR", 6, new Dictionary<string, string> { [VolumeFields.Slot] = new string('9', 100_000), [VolumeFields.Description] = "short" }));
        volumes.Add(new Volume("ZZ", "RACK", null, 7, new Dictionary<string, string> { [VolumeFields.Attribute(9)] = "only" }));
        return volumes;
    }

    private static byte[] Encode(IReadOnlyList<Volume> volumes) => Encode(volumes, WireCodec.WriteBlock);

    // a body: the header, one repository, the volumes in blocks written by writeBlock (writer, columns, volumes, start,
    // count), the end mark
    private static byte[] Encode(IReadOnlyList<Volume> volumes, Action<WireWriter, VolumeColumns, IReadOnlyList<Volume>, int, int> writeBlock)
    {
        using var buffer = new MemoryStream();
        var writer = new WireWriter(buffer);
        WireCodec.WriteHeader(writer);
        WireCodec.WriteRepositories(writer, new[] { new Repository("LIBR", "Library", RepositoryType.Library) });
        var columns = new VolumeColumns(true);
        for (int start = 0; start < volumes.Count; start += WireCodec.BlockSize)
        {
            writeBlock(writer, columns, volumes, start, Math.Min(WireCodec.BlockSize, volumes.Count - start));
        }

        writer.WriteVarint(0);
        writer.Flush();
        return buffer.ToArray();
    }

    private static List<Volume> Decode(byte[] body, ValuePool pool, bool deflated = false)
    {
        // a body from Compress is deflated; one from Encode is not
        Stream stream = deflated ? new DeflateStream(new MemoryStream(body), CompressionMode.Decompress) : new MemoryStream(body);
        var reader = new WireReader(stream);
        WireCodec.ReadHeader(reader);
        WireCodec.ReadRepositories(reader);
        var columns = new VolumeColumns(false, pool);
        var volumes = new List<Volume>();
        while (WireCodec.ReadBlock(reader, columns, volumes) > 0)
        {
        }

        return volumes;
    }

    private static string Describe(Volume v) =>
        $"{v.Id} {v.Current}{(v.IsMoving ? "->" + v.Target : "")} v{v.Version}" + string.Concat(v.Fields.Select(p => " " + p.Key + "=" + p.Value));

    /// <summary>The block writer and reader as they were before issue 14's fourth session (a dictionary per volume,
    /// and per volume and field on writing; a byte at a time from the stream, a string per piece of text), over the
    /// same columns.</summary>
    private static class Reference
    {
        public static byte[] Encode(IReadOnlyList<Volume> volumes) => WireScopeTests.Encode(volumes, WriteBlock);

        // a block as the writer wrote it before: every volume asked for its Fields, once for the names and once per name
        private static void WriteBlock(WireWriter writer, VolumeColumns columns, IReadOnlyList<Volume> volumes, int start, int count)
        {
            writer.WriteVarint((ulong)count);
            int end = start + count;
            for (int i = start; i < end; i++)
            {
                columns.Ids.Write(writer, volumes[i].Id);
            }

            for (int i = start; i < end; i++)
            {
                columns.WriteVersion(writer, volumes[i].Version);
            }

            for (int i = start; i < end; i++)
            {
                columns.Current.Write(writer, volumes[i].Current);
            }

            for (int i = start; i < end; i++)
            {
                columns.Target.Write(writer, volumes[i].IsMoving ? volumes[i].Target : null);
            }

            var names = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = start; i < end; i++)
            {
                foreach (var pair in volumes[i].Fields)
                {
                    if (seen.Add(pair.Key))
                    {
                        names.Add(pair.Key);
                    }
                }
            }

            names.Sort(StringComparer.Ordinal);
            writer.WriteVarint((ulong)names.Count);
            foreach (var name in names)
            {
                columns.FieldNames.Write(writer, name);
                var column = columns.Field(name);
                for (int i = start; i < end; i++)
                {
                    volumes[i].Fields.TryGetValue(name, out var value);
                    column.Write(writer, value);
                }
            }
        }

        public static List<Volume> Decode(byte[] body, bool deflated = false)
        {
            Stream stream = deflated ? new DeflateStream(new MemoryStream(body), CompressionMode.Decompress) : new MemoryStream(body);
            var reader = new WireReader(stream);
            WireCodec.ReadHeader(reader);
            WireCodec.ReadRepositories(reader);
            var columns = new VolumeColumns(false);
            var volumes = new List<Volume>();
            while (true)
            {
                int count = reader.ReadCount(WireCodec.MaxVolumesPerBlock);
                if (count == 0)
                {
                    return volumes;
                }

                var ids = new string[count];
                var versions = new long[count];
                var current = new string[count];
                var target = new string?[count];
                for (int i = 0; i < count; i++)
                {
                    ids[i] = columns.Ids.Read(reader)!;
                }

                for (int i = 0; i < count; i++)
                {
                    versions[i] = columns.ReadVersion(reader);
                }

                for (int i = 0; i < count; i++)
                {
                    current[i] = columns.Current.Read(reader)!;
                }

                for (int i = 0; i < count; i++)
                {
                    target[i] = columns.Target.Read(reader);
                }

                var fields = new Dictionary<string, string>?[count];
                int names = reader.ReadCount(WireCodec.MaxFields);
                for (int f = 0; f < names; f++)
                {
                    string name = columns.FieldNames.Read(reader)!;
                    var column = columns.Field(name);
                    for (int i = 0; i < count; i++)
                    {
                        if (column.Read(reader) is { } value)
                        {
                            (fields[i] ??= new Dictionary<string, string>(StringComparer.Ordinal))[name] = value;
                        }
                    }
                }

                for (int i = 0; i < count; i++)
                {
                    volumes.Add(new Volume(ids[i], current[i], target[i], versions[i], fields[i]));
                }
            }
        }
    }
}
