using System.IO;
using System.Text;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Tests.Engine;

/// <summary>The smallest report there is: lines of "VOLUME,REPOSITORY" for US01.LTO.</summary>
internal static class VolumeRepositoryReport
{
    public static SyncDefinition Definition() => new SyncDefinitionBuilder()
        .SetCsvDelimiter(',')
        .SetLiteral(SyncField.Customer, "US01")
        .SetLiteral(SyncField.Media, "LTO")
        .Extract(SyncField.Volume, 1, 10)
        .Extract(SyncField.Repository, 2, 4)
        .Build();

    public static IRecordSource Source(string lines) => new DelimitedRecordSource(new MemoryStream(Encoding.UTF8.GetBytes(lines)), ',');
}
