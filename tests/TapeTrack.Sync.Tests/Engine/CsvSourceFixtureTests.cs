using System.Linq;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Tests.Engine;

public class CsvSourceFixtureTests
{
    // the statements of ../shared/data/csv-source/csv_source.ttidef, in code
    internal static SyncDefinition CsvSourceDefinition() => new SyncDefinitionBuilder()
        .SetCsvDelimiter(',')
        .AddString(RecordRuleType.Exclusion, 0, "volume*")
        .AddExclusionOnValue(SyncField.Volume, "CLN*")
        .SetLiteral(SyncField.Customer, "US01")
        .SetLiteral(SyncField.Media, "LTO")
        .Extract(SyncField.Volume, 1, 10)
        .Extract(SyncField.Repository, 5, 20)
        .Extract(SyncField.Description, 6, 40)
        .Extract(SyncField.MoveDate, 7, 10)
        .SetMoveDateFormat("%Y-%m-%d")
        .AddTranslation(SyncField.Repository, "Library", "LIBR")
        .AddTranslation(SyncField.Repository, "Offsite", "OFFS")
        .AddTranslation(SyncField.Repository, "Racking", "RACK")
        .Build();

    [Fact]
    public async Task Csv_source_fixture_gives_the_documented_statistics_and_changes()
    {
        var session = InMemoryServerSession.FromStoreFile(TestPaths.Fixture("csv-source", "store.json"));
        var pipeline = new SyncPipeline(CsvSourceDefinition(), session);
        await using var source = DelimitedRecordSource.Open(TestPaths.Fixture("csv-source", "CSV_source.csv"), ',');

        var result = await pipeline.RunAsync(source);

        var s = result.Statistics;
        Assert.Equal(10, s.RecordsRead);
        Assert.Equal(2, s.RecordsExcluded);
        Assert.Equal(7, s.VolumesMatched);
        Assert.Equal(1, s.VolumesNotFound);
        Assert.Equal(4, s.VolumesUnchanged);
        Assert.Equal(3, s.VolumesUpdated);
        Assert.Equal(2, s.MovesRequested);
        Assert.Equal(0, s.RecordErrors);
        Assert.Equal(1, s.ScopeDownloads);
        var changes = result.Changes.Select(c => $"{c.Volume.Volume} {c.Field} {c.From}->{c.To}").ToArray();
        Assert.Equal(new[]
        {
            "000001L6 REPOSITORY LIBR->OFFS",
            "000001L6 MOVEDATE ->2021-10-14",
            "000004L6 REPOSITORY LIBR->RACK",
            "000005L6 DESCRIPTION monthly_full->yearly_full",
            "000005L6 MOVEDATE ->1970-01-01",
        }, changes);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(WarningKind.VolumeNotFound, warning.Kind);
        Assert.Equal("000007L6", warning.Volume.Volume);
        Assert.Equal(9, warning.Line);

        var moved = session.Find(new VolumeKey("US01", "LTO", "000001L6"))!;
        Assert.Equal("LIBR", moved.Current);
        Assert.Equal("OFFS", moved.Target);
        Assert.Equal("2021-10-14", moved.Get(VolumeFields.MoveDate));
    }

    [Fact]
    public async Task Running_the_csv_source_twice_changes_nothing_the_second_time()
    {
        var session = InMemoryServerSession.FromStoreFile(TestPaths.Fixture("csv-source", "store.json"));
        await using (var first = DelimitedRecordSource.Open(TestPaths.Fixture("csv-source", "CSV_source.csv"), ','))
        {
            await new SyncPipeline(CsvSourceDefinition(), session).RunAsync(first);
        }

        await using var second = DelimitedRecordSource.Open(TestPaths.Fixture("csv-source", "CSV_source.csv"), ',');
        var result = await new SyncPipeline(CsvSourceDefinition(), session).RunAsync(second);

        Assert.Empty(result.Changes);
        Assert.Equal(7, result.Statistics.VolumesUnchanged);
        Assert.Equal(0, result.Statistics.VolumesUpdated);
    }

    [Fact]
    public async Task Dry_run_decides_the_same_changes_and_sends_nothing()
    {
        var session = InMemoryServerSession.FromStoreFile(TestPaths.Fixture("csv-source", "store.json"));
        await using var source = DelimitedRecordSource.Open(TestPaths.Fixture("csv-source", "CSV_source.csv"), ',');

        var result = await new SyncPipeline(CsvSourceDefinition(), session, new SyncOptions { DryRun = true }).RunAsync(source);

        Assert.True(result.DryRun);
        Assert.Equal(5, result.Changes.Count);
        Assert.False(session.Find(new VolumeKey("US01", "LTO", "000001L6"))!.IsMoving);
    }

    [Fact]
    public async Task Json_report_has_the_fields_of_the_spec()
    {
        var session = InMemoryServerSession.FromStoreFile(TestPaths.Fixture("csv-source", "store.json"));
        await using var source = DelimitedRecordSource.Open(TestPaths.Fixture("csv-source", "CSV_source.csv"), ',');
        var result = await new SyncPipeline(CsvSourceDefinition(), session).RunAsync(source);

        using var json = System.Text.Json.JsonDocument.Parse(SyncReportWriter.ToJson(result));
        var root = json.RootElement;
        Assert.False(root.GetProperty("dryRun").GetBoolean());
        var statistics = root.GetProperty("statistics");
        Assert.Equal(10, statistics.GetProperty("recordsRead").GetInt32());
        Assert.Equal(7, statistics.GetProperty("volumesMatched").GetInt32());
        Assert.Equal(2, statistics.GetProperty("fieldChanges").GetProperty("REPOSITORY").GetInt32());
        Assert.Equal(2, statistics.GetProperty("fieldChanges").GetProperty("MOVEDATE").GetInt32());
        var first = root.GetProperty("changes")[0];
        Assert.Equal("set", first.GetProperty("action").GetString());
        Assert.Equal("US01", first.GetProperty("customer").GetString());
        Assert.Equal("000001L6", first.GetProperty("volume").GetString());
        Assert.Equal("REPOSITORY", first.GetProperty("field").GetString());
        Assert.Equal("LIBR", first.GetProperty("from").GetString());
        Assert.Equal("OFFS", first.GetProperty("to").GetString());
        Assert.Equal(3, first.GetProperty("line").GetInt32());
        var moveDate = root.GetProperty("changes")[1];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, moveDate.GetProperty("from").ValueKind);
        var warning = root.GetProperty("warnings")[0];
        Assert.Equal("VolumeNotFound", warning.GetProperty("kind").GetString());
        Assert.Equal(9, warning.GetProperty("line").GetInt32());
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
    }
}
