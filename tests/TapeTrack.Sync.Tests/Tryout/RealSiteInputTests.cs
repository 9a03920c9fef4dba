using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Tests.Definitions;
using static TapeTrack.Sync.Tests.Engine.FieldRuleTests;
using static TapeTrack.Sync.Tests.Engine.SyncHarness;
using static TapeTrack.Sync.Tests.Records.SourceReading;

namespace TapeTrack.Sync.Tests.Tryout;

// Input that real sites send (issue 12): each test would have caught what the tryout found.
public class RealSiteInputTests
{
    private const string Report = "E01001L8,Daily,LIBR\r\nE01002L8,Weekly,OFFS\r\n";

    public static TheoryData<string, string> Marks => new()
    {
        { "utf-16le", "Windows PowerShell '>' and Out-File" },
        { "utf-16be", "UTF-16 big-endian" },
        { "utf-8", "UTF-8 with a mark" },
    };

    private static byte[] WithMark(string text, string encoding) => encoding switch
    {
        "utf-16le" => new UnicodeEncoding(false, true).GetPreamble().Concat(new UnicodeEncoding(false, false).GetBytes(text)).ToArray(),
        "utf-16be" => new UnicodeEncoding(true, true).GetPreamble().Concat(new UnicodeEncoding(true, false).GetBytes(text)).ToArray(),
        _ => new UTF8Encoding(true).GetPreamble().Concat(new UTF8Encoding(false).GetBytes(text)).ToArray(),
    };

    [Theory]
    [MemberData(nameof(Marks))]
    public async Task A_byte_order_mark_decides_the_encoding_of_delimited_input(string encoding, string what)
    {
        Assert.NotEmpty(what);

        // told Latin-1, but the mark wins
        var records = await ReadAllAsync(new DelimitedRecordSource(new MemoryStream(WithMark(Report, encoding)), ',', new TextSourceOptions { Encoding = Encoding.Latin1 }));

        Assert.Equal(2, records.Count);
        Assert.Equal(new[] { "E01001L8", "Daily", "LIBR" }, Elements(records[0]));
        Assert.Equal(new[] { "E01002L8", "Weekly", "OFFS" }, Elements(records[1]));
        Assert.DoesNotContain('\0', records[0].ToString());
    }

    [Theory]
    [MemberData(nameof(Marks))]
    public async Task A_byte_order_mark_decides_the_encoding_of_fixed_position_input(string encoding, string what)
    {
        Assert.NotEmpty(what);
        var records = await ReadAllAsync(new FixedPositionRecordSource(new MemoryStream(WithMark("E01001L8 LIBR\r\nE01002L8 OFFS\r\n", encoding))));

        Assert.Equal(new[] { "E01001L8 LIBR", "E01002L8 OFFS" }, records.Select(r => r.ToString()).ToArray());
    }

    [Fact]
    public async Task A_utf16_fixed_position_report_is_synced_not_passed_over()
    {
        var h = new Engine.SyncHarness();
        h.Put("E01001L8", "LIBR");
        var definition = new SyncDefinitionBuilder()
            .SetLiteral(SyncField.Customer, "US01")
            .SetLiteral(SyncField.Media, "LTO")
            .Extract(SyncField.Volume, 0, 8)
            .Extract(SyncField.Repository, 9, 4)
            .Build();

        await using var source = new FixedPositionRecordSource(new MemoryStream(WithMark("E01001L8 OFFS\r\n", "utf-16le")));
        var result = await h.Pipeline(definition).RunAsync(source);

        Assert.Equal(new[] { "set E01001L8 REPOSITORY LIBR->OFFS @1" }, Changes(result));
        Assert.Equal(0, result.Statistics.RecordsPassedOver);
    }

    [Fact]
    public async Task Without_a_mark_the_encoding_told_is_used()
    {
        var bytes = new UnicodeEncoding(false, false).GetBytes("E01001L8,Dépôt\n");
        var records = await ReadAllAsync(new DelimitedRecordSource(new MemoryStream(bytes), ',', new TextSourceOptions { Encoding = TextSourceOptions.GetEncoding("utf-16") }));

        Assert.Equal(new[] { "E01001L8", "Dépôt" }, Elements(Assert.Single(records)));
    }

    [Fact]
    public async Task A_stray_quote_costs_only_its_own_line_in_a_sync()
    {
        var h = new Engine.SyncHarness();
        foreach (var id in new[] { "V1", "V2", "V3", "V4", "V5" })
        {
            h.Put(id, "LIBR");
        }

        var result = await h.RunAsync("VOLUME,DESCRIPTION,REPOSITORY", "V1,\"Daily\",OFFS", "V2,\"Daily_Incr,OFFS", "V3,\"Weekly\",OFFS", "V4,Monthly,OFFS", "V5,Yearly,OFFS");

        Assert.Equal(5, result.Statistics.RecordsRead);
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("never closed", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "V1", "V3", "V4", "V5" }, result.Changes.Where(c => c.Field == "REPOSITORY").Select(c => c.Volume.Volume).ToArray());
    }

    [Fact]
    public async Task A_line_with_the_wrong_delimiter_is_a_record_error_naming_the_element_counts()
    {
        var h = new Engine.SyncHarness();
        h.Put("E01005L8", "LIBR");
        h.Put("E01006L8", "LIBR");

        var result = await h.RunAsync("VOLUME,DESCRIPTION,LOCATION,REPOSITORY", "E01005L8;Monthly_Full;;OFFS", "E01006L8,Monthly_Full,,OFFS");

        var error = Assert.Single(result.Errors);
        Assert.Equal("line 1: the record has 1 element but the definition reads element 4; is the delimiter right?", error.ToString());
        Assert.Equal(new[] { "set E01006L8 DESCRIPTION ->Monthly_Full @2", "set E01006L8 REPOSITORY LIBR->OFFS @2" }, Changes(result).OrderBy(c => c, StringComparer.Ordinal).ToArray());
        Assert.Equal("E01005L8 LIBR", Where(h.Volume("E01005L8")));
    }

    [Fact]
    public async Task An_element_present_but_empty_is_not_an_error()
    {
        var h = new Engine.SyncHarness();
        h.Put("V1", "LIBR");

        var result = await h.RunAsync("VOLUME,DESCRIPTION,REPOSITORY", "V1,,");

        Assert.Empty(result.Errors);
        Assert.Equal("matched=1 unchanged=1", Counts(result));
    }

    [Fact]
    public async Task A_volume_with_a_control_character_is_a_record_error_shown_escaped()
    {
        var h = new Engine.SyncHarness();
        h.Options.AddVolumes = true;

        var result = await h.RunAsync("VOLUME,REPOSITORY", "E01\u001B[31m,LIBR", "E0\u00002,LIBR", "E01009L8,LIBR");

        Assert.Equal(new[] { "1 VOLUME", "2 VOLUME" }, Errors(result));
        Assert.All(result.Errors, e => Assert.DoesNotContain(e.Message, c => c < ' '));
        Assert.Contains("\\x1B", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("\\x00", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.Null(h.Session.Find(Key("E01\u001B[31m")));
        Assert.Null(h.Session.Find(Key("E0\u00002")));
        Assert.NotNull(h.Session.Find(Key("E01009L8")));
    }

    [Theory]
    [InlineData("e01001l8")]
    [InlineData("-E0100")]
    [InlineData("E0100_L8")]
    [InlineData("E01 001")]
    [InlineData("E01\t001")]
    public async Task Add_volumes_refuses_an_id_that_is_not_a_tapetrack_volume_id(string id)
    {
        var h = new Engine.SyncHarness();
        h.Options.AddVolumes = true;

        var result = await h.RunAsync("VOLUME,REPOSITORY", id + ",LIBR");

        var error = Assert.Single(result.Errors);
        Assert.Equal("VOLUME", error.Field);
        Assert.Contains("is not a TapeTrack Volume-ID", error.Message, StringComparison.Ordinal);
        Assert.Null(h.Session.Find(Key(id)));
    }

    [Fact]
    public async Task Empty_input_is_said_in_the_result_and_the_report()
    {
        var h = new Engine.SyncHarness();
        await using var source = new DelimitedRecordSource(new MemoryStream(Array.Empty<byte>()), ',');

        var result = await h.Pipeline(Definition("VOLUME")).RunAsync(source);
        using var report = System.Text.Json.JsonDocument.Parse(SyncReportWriter.ToJson(result));

        Assert.True(result.EmptyInput);
        Assert.True(report.RootElement.GetProperty("emptyInput").GetBoolean());
        Assert.False(report.RootElement.GetProperty("interrupted").GetBoolean());
    }

    [Fact]
    public async Task Input_of_only_a_heading_is_not_empty_but_has_no_volume_records()
    {
        var h = new Engine.SyncHarness();
        var result = await h.RunAsync(Definition("VOLUME", b => b.AddString(RecordRuleType.Exclusion, 0, "volume*")), "volume", "", "volume again");
        using var report = System.Text.Json.JsonDocument.Parse(SyncReportWriter.ToJson(result));

        Assert.False(result.EmptyInput);
        Assert.True(result.NoVolumeRecords);
        Assert.False(report.RootElement.GetProperty("emptyInput").GetBoolean());
        Assert.True(report.RootElement.GetProperty("noVolumeRecords").GetBoolean());
    }

    [Fact]
    public async Task Input_with_one_volume_record_or_none_at_all_is_not_without_volume_records()
    {
        var h = new Engine.SyncHarness();
        var withVolume = await h.RunAsync(Definition("VOLUME", b => b.AddString(RecordRuleType.Exclusion, 0, "volume*")), "volume", "E01001L8");
        var withError = await h.RunAsync(Definition("VOLUME", b => b.AddString(RecordRuleType.Exclusion, 0, "volume*")), "volume", "E01\u001b");
        await using var source = new DelimitedRecordSource(new MemoryStream(Array.Empty<byte>()), ',');
        var empty = await h.Pipeline(Definition("VOLUME")).RunAsync(source);

        Assert.False(withVolume.NoVolumeRecords);
        Assert.False(withError.NoVolumeRecords);
        Assert.Equal(1, withError.Statistics.RecordErrors);
        Assert.False(empty.NoVolumeRecords);
        Assert.True(empty.EmptyInput);
    }

    [Fact]
    public void A_doubled_quote_in_a_definition_string_is_one_quote()
    {
        var definition = Ttidef.Load("AddString(EXCLUSION, 0, \"\"\"Barcode\"\",*\");\nSetLiteral(DESCRIPTION, \"say \"\"hi\"\"\");");

        Assert.Equal("\"Barcode\",*", definition.RecordRules.Single().Filter.ToString());
        Assert.Equal("say \"hi\"", definition.Literals.Single(l => l.Field == SyncField.Description).Value);
    }

    [Fact]
    public void A_definition_typo_reports_the_cause_and_no_consequence()
    {
        var diagnostics = Ttidef.Fail("SetLiteral(CUSTOMER, \"US01\");\nSetLiteral(MEDIA, \"LTO\");\nExtrakt(VOLUME, 1, 8, 0);\nSetCSVDelimiter(\",\");\n");

        var only = Assert.Single(diagnostics);
        Assert.StartsWith("t.ttidef:3:1: error: unknown statement 'Extrakt'", only, StringComparison.Ordinal);
    }

    [Fact]
    public void A_definition_without_a_volume_still_says_so()
    {
        var diagnostics = Ttidef.Fail("SetLiteral(CUSTOMER, \"US01\");\nSetLiteral(MEDIA, \"LTO\");\n");

        Assert.Contains(diagnostics, d => d.Contains("no statement gives VOLUME a value", StringComparison.Ordinal));
    }
}
