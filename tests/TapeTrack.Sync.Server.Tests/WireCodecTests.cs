using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using TapeTrack.Sync.Remote;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Server.Tests;

public class WireCodecTests
{
    [Fact]
    public void A_scope_comes_back_as_it_was_written()
    {
        var scope = SampleStore.Load().Customers[0].Media[0];
        var bytes = RemoteServerSession.Compress(writer =>
        {
            WireCodec.WriteHeader(writer);
            WireCodec.WriteRepositories(writer, scope.Repositories);
            var columns = new VolumeColumns(true);
            WireCodec.WriteBlock(writer, columns, scope.Volumes, 0, scope.Volumes.Count);
            writer.WriteVarint(0);
        });

        var reader = new WireReader(new DeflateStream(new MemoryStream(bytes), CompressionMode.Decompress));
        WireCodec.ReadHeader(reader);
        var repositories = WireCodec.ReadRepositories(reader);
        var readColumns = new VolumeColumns(false);
        var volumes = WireCodec.ReadBlock(reader, readColumns);
        Assert.Empty(WireCodec.ReadBlock(reader, readColumns));

        Assert.Equal(scope.Repositories.Select(r => r.Id), repositories.Select(r => r.Id));
        Assert.Equal(scope.Volumes.Select(Describe), volumes.Select(Describe));
    }

    [Fact]
    public void Updates_and_results_come_back_as_they_were_written()
    {
        var updates = new List<VolumeUpdate>
        {
            SampleStore.Set("000001L6", 3, (VolumeFields.Repository, "OFFS"), (VolumeFields.Description, "monthly")),
            SampleStore.Set("000002L6", null, (VolumeFields.Current, "LIBR"), (VolumeFields.Description, null)),
        };
        var bytes = RemoteServerSession.Compress(writer => WireCodec.WriteUpdates(writer, updates));
        var read = WireCodec.ReadUpdates(new WireReader(new DeflateStream(new MemoryStream(bytes), CompressionMode.Decompress)));

        Assert.Equal(2, read.Count);
        Assert.Equal(updates[0].Key, read[0].Key);
        Assert.Equal(3, read[0].ExpectedVersion);
        Assert.Null(read[1].ExpectedVersion);
        Assert.Equal(updates[0].Changes, read[0].Changes);
        Assert.Equal(updates[1].Changes, read[1].Changes);
    }

    internal static string Describe(Volume v) =>
        v + " " + string.Join(",", v.Fields.OrderBy(p => p.Key, System.StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
}
