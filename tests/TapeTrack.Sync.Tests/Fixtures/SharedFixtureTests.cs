using System.Linq;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Tests.Fixtures;

// The shared fixtures end to end, as a site runs them: its own .ttidef file, its report, a store.
public class SharedFixtureTests
{
    [Fact]
    public async Task Csv_source_definition_file_report_and_store_give_the_documented_results()
    {
        var definition = await new TtidefLoader().LoadAsync(TestPaths.Fixture("csv-source", "csv_source.ttidef"));
        var session = InMemoryServerSession.FromStoreFile(TestPaths.Fixture("csv-source", "store.json"));
        await using var source = DelimitedRecordSource.Open(TestPaths.Fixture("csv-source", "CSV_source.csv"), definition.Delimiter);

        var result = await new SyncPipeline(definition, session).RunAsync(source);

        var s = result.Statistics;
        Assert.Equal(
            (10L, 2L, 7L, 1L, 4L, 3L, 2L, 0L),
            (s.RecordsRead, s.RecordsExcluded, s.VolumesMatched, s.VolumesNotFound, s.VolumesUnchanged, s.VolumesUpdated, s.MovesRequested, s.RecordErrors));
        Assert.Equal(
            new[]
            {
                "000001L6 REPOSITORY LIBR->OFFS",
                "000001L6 MOVEDATE ->2021-10-14",
                "000004L6 REPOSITORY LIBR->RACK",
                "000005L6 DESCRIPTION monthly_full->yearly_full",
                "000005L6 MOVEDATE ->1970-01-01",
            },
            result.Changes.Select(c => $"{c.Volume.Volume} {c.Field} {c.From}->{c.To}"));
        Assert.Equal("US01.LTO.000007L6", Assert.Single(result.Warnings).Volume.ToString());
        Assert.Equal("RACK", session.Find(new VolumeKey("US01", "LTO", "000004L6"))!.Target);
        Assert.Equal("yearly_full", session.Find(new VolumeKey("US01", "LTO", "000005L6"))!.Get(VolumeFields.Description));
    }

    [Fact]
    public async Task Paged_report_definition_file_adds_the_five_volumes_bound_where_their_page_heading_says()
    {
        var definition = await new TtidefLoader().LoadAsync(TestPaths.Fixture("paged-report", "drm_report.ttidef"));
        var session = new InMemoryServerSession();
        session.AddMedia(
            new ScopeKey("US01", "LTO"),
            new Repository("LIBR", "Library", RepositoryType.Library),
            new Repository("OFFS", "Offsite Vault", RepositoryType.Vault) { Offsite = true });
        await using var source = FixedPositionRecordSource.Open(TestPaths.Fixture("paged-report", "drm_report.txt"));

        var result = await new SyncPipeline(definition, session, new SyncOptions { AddVolumes = true }).RunAsync(source);

        Assert.Equal(21, result.Statistics.RecordsRead);
        Assert.Equal(5, result.Statistics.VolumesAdded);
        Assert.Equal(0, result.Statistics.RecordErrors);
        var added = new[] { "A00001L6", "A00002L6", "A00003L6", "A00010L6", "A00011L6" }
            .Select(id => session.Find(new VolumeKey("US01", "LTO", id))!)
            .Select(v => $"{v.Id} {v.Current} {v.Get(VolumeFields.WriteTime)} {v.Get(VolumeFields.Description)}");
        Assert.Equal(
            new[]
            {
                "A00001L6 OFFS 2026-11-23T22:15:01 DAILY POOL COPY",
                "A00002L6 OFFS 2026-11-20T09:00:00 WEEKLY COPY",
                "A00003L6 OFFS 2026-11-24T01:30:44 DAILY POOL COPY",
                "A00010L6 LIBR 2026-11-24T05:02:10 RECALLED FOR RESTORE",
                "A00011L6 LIBR 2026-11-24T05:02:12 YEARLY ARCHIVE",
            },
            added);
        Assert.Null(session.Find(new VolumeKey("US01", "LTO", "Z99999L6")));
    }
}
