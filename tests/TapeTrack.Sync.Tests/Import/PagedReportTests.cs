using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Tests.Import;

public class PagedReportTests
{
    private static string ReportPath => Path.Combine(TestPaths.SharedData, "paged-report", "drm_report.txt");

    // the same statements as paged-report/drm_report.ttidef
    internal static SyncDefinition DrmReport() => new SyncDefinitionBuilder()
        .AddString(RecordRuleType.Header, 0, "1*")
        .SetHeaderCount(7)
        .AddString(RecordRuleType.Terminate, 0, "*END OF REPORT*")
        .Extract(SyncField.Customer, 11, 4, 3)
        .Extract(SyncField.Media, 25, 4, 3)
        .Extract(SyncField.Repository, 64, 4, 3)
        .Extract(SyncField.Volume, 1, 8, 0)
        .Extract(SyncField.WriteTime, 28, 19, 0)
        .SetWriteTimeFormat("%m/%d/%Y %H:%M:%S")
        .Extract(SyncField.Description, 49, 30, 0)
        .Build();

    [Fact]
    public async Task Paged_report_gives_five_volumes_with_heading_values_and_stops_at_the_end_marker()
    {
        var definition = DrmReport();
        var importer = new RecordImporter(definition);
        var bodies = new List<ImportedRecord>();
        var statuses = new List<ImportStatus>();
        await using (var source = FixedPositionRecordSource.Open(ReportPath))
        {
            await foreach (var record in source.ReadAsync())
            {
                var result = importer.Import(record);
                statuses.Add(result.Status);
                if (result.Record is { } body)
                {
                    bodies.Add(body);
                }

                if (importer.Terminated)
                {
                    break;
                }
            }
        }

        Assert.Equal(new[] { "A00001L6", "A00002L6", "A00003L6", "A00010L6", "A00011L6" }, bodies.Select(b => b.Volume).ToArray());
        Assert.All(bodies, b => Assert.Equal("US01", b.Customer));
        Assert.All(bodies, b => Assert.Equal("LTO", b.Media));
        Assert.Equal(new[] { "OFFS", "OFFS", "OFFS", "LIBR", "LIBR" }, bodies.Select(b => b[SyncField.Repository]).ToArray());
        Assert.Equal(new DateTime(2026, 11, 23, 22, 15, 1), bodies[0].WriteTime);
        Assert.Equal("2026-11-23T22:15:01", bodies[0][SyncField.WriteTime]);
        Assert.Equal(new DateTime(2026, 11, 24, 5, 2, 12), bodies[4].WriteTime);
        Assert.Equal(new[] { "DAILY POOL COPY", "WEEKLY COPY", "DAILY POOL COPY", "RECALLED FOR RESTORE", "YEARLY ARCHIVE" }, bodies.Select(b => b[SyncField.Description]).ToArray());
        Assert.Equal(new long[] { 8, 9, 10, 18, 19 }, bodies.Select(b => b.Line).ToArray());
        Assert.DoesNotContain(bodies, b => b.Volume == "Z99999L6");

        Assert.Equal(21, importer.RecordsRead);
        Assert.Equal(21, statuses.Count);
        Assert.Equal(14, importer.HeaderRecords);
        Assert.Equal(1, importer.BlankRecords);
        Assert.Equal(0, importer.RecordErrors);
        Assert.Equal(ImportStatus.Blank, statuses[19]);
        Assert.Equal(ImportStatus.Terminated, statuses[20]);
    }

    [Fact]
    public async Task Format_test_of_the_paged_report_shows_the_five_volumes()
    {
        var definition = DrmReport();
        var rows = await FormatTestRowsAsync(definition, RecordSources.OpenStream(definition, File.OpenRead(ReportPath)), 100);

        Assert.Equal(21, rows.Count);
        Assert.Equal(new[] { "A00001L6", "A00002L6", "A00003L6", "A00010L6", "A00011L6" }, rows.Where(r => r.Status == ImportStatus.Body).Select(r => r.Record!.Volume).ToArray());
        Assert.Equal(
            "line 8: body VOLUME=A00001L6 CUSTOMER=US01 MEDIA=LTO REPOSITORY=OFFS DESCRIPTION=\"DAILY POOL COPY\" WRITETIME=2026-11-23T22:15:01",
            FormatTest.Render(rows[7]));
        Assert.Equal("line 1: header", FormatTest.Render(rows[0]));
        Assert.Equal("line 21: terminate", rows[20].ToString());
        Assert.EndsWith("21 records read, 5 with values, 0 record errors\n", FormatTest.Render(rows), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Format_test_shows_a_line_break_inside_a_quoted_value_escaped_so_every_record_is_one_line()
    {
        var definition = new SyncDefinitionBuilder()
            .SetCsvDelimiter(',')
            .SetLiteral(SyncField.Customer, "US01")
            .SetLiteral(SyncField.Media, "LTO")
            .Extract(SyncField.Volume, 1, 10)
            .Extract(SyncField.Description, 2, 100)
            .Build();
        var text = "V1,\"two\r\nline 9: body VOLUME=FORGED\",x\nV2,\"bell\u0007\",x\n";
        var rows = await FormatTestRowsAsync(definition, new DelimitedRecordSource(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), ','), 10);

        Assert.Equal("line 1: body VOLUME=V1 CUSTOMER=US01 MEDIA=LTO DESCRIPTION=\"two\\x0D\\x0Aline 9: body VOLUME=FORGED\"", FormatTest.Render(rows[0]));
        Assert.Equal("line 3: body VOLUME=V2 CUSTOMER=US01 MEDIA=LTO DESCRIPTION=bell\\x07", FormatTest.Render(rows[1]));
        Assert.Equal(4, FormatTest.Render(rows).Split('\n').Length); // two rows, the count, and the final line end
    }

    [Fact]
    public async Task Format_test_reads_only_the_records_asked_for()
    {
        var definition = DrmReport();
        var rows = await FormatTestRowsAsync(definition, FixedPositionRecordSource.Open(ReportPath), 9);

        Assert.Equal(9, rows.Count);
        Assert.Equal(new long[] { 8, 9 }, rows.Where(r => r.Status == ImportStatus.Body).Select(r => r.Line).ToArray());
    }

    // the format test's rows of a source, which is read and disposed
    private static async Task<List<FormatTestRow>> FormatTestRowsAsync(SyncDefinition definition, IRecordSource source, int limit)
    {
        var rows = new List<FormatTestRow>();
        await using (source)
        {
            await foreach (var row in FormatTest.RunAsync(definition, source, limit))
            {
                rows.Add(row);
            }
        }

        return rows;
    }
}
