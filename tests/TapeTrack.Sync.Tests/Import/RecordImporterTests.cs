using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Tests.Import;

public class RecordImporterTests
{
    private static SyncDefinitionBuilder Fixed() => new SyncDefinitionBuilder()
        .SetLiteral(SyncField.Customer, "US01")
        .SetLiteral(SyncField.Media, "LTO")
        .Extract(SyncField.Volume, 0, 8);

    private static SyncDefinitionBuilder Csv() => new SyncDefinitionBuilder()
        .SetCsvDelimiter(',')
        .SetLiteral(SyncField.Customer, "US01")
        .SetLiteral(SyncField.Media, "LTO")
        .Extract(SyncField.Volume, 1, 10);

    private static SourceRecord Line(long number, string text)
    {
        var record = new SourceRecord();
        record.Reset(number);
        record.SetText(text.AsSpan());
        return record;
    }

    private static SourceRecord Row(long number, params string[] elements)
    {
        var record = Line(number, string.Join(",", elements));
        foreach (var element in elements)
        {
            record.AddElement(element.AsSpan());
        }

        return record;
    }

    private static List<ImportResult> ImportAll(RecordImporter importer, params string[] lines)
    {
        var results = new List<ImportResult>();
        for (int i = 0; i < lines.Length && !importer.Terminated; i++)
        {
            results.Add(importer.Import(Line(i + 1, lines[i])));
        }

        return results;
    }

    [Fact]
    public void A_short_record_that_a_value_exclusion_matches_on_an_element_it_has_is_excluded_not_an_error()
    {
        // a trailer line and a cleaning cartridge listed without its other columns
        var importer = new RecordImporter(Csv()
            .Extract(SyncField.Repository, 3, 4)
            .AddExclusionOnValue(SyncField.Volume, "Total*")
            .AddExclusionOnValue(SyncField.Volume, "CLN*")
            .Build());

        var results = new[]
        {
            importer.Import(Row(1, "V1", "d", "OFFS")),
            importer.Import(Row(2, "CLN001")),
            importer.Import(Row(3, "Total: 1 volume")),
            importer.Import(Row(4, "V2")),
        };

        Assert.Equal(new[] { ImportStatus.Body, ImportStatus.Excluded, ImportStatus.Excluded, ImportStatus.Error }, results.Select(r => r.Status).ToArray());
        Assert.Equal("line 4: the record has 1 element but the definition reads element 3; is the delimiter right?", results[3].Error!.ToString());
    }

    [Fact]
    public void A_value_exclusion_on_an_element_a_short_record_lacks_does_not_hide_the_element_count_error()
    {
        // the missing third element is not an empty one: a line with the wrong delimiter stays an error
        var importer = new RecordImporter(Csv()
            .Extract(SyncField.Repository, 3, 4)
            .AddExclusionOnValue(SyncField.Repository, "!(LIBR|OFFS)")
            .Build());

        var result = importer.Import(Row(1, "E01005L8;Monthly_Full;;OFFS"));

        Assert.Equal(ImportStatus.Error, result.Status);
        Assert.Equal("line 1: the record has 1 element but the definition reads element 3; is the delimiter right?", result.Error!.ToString());
    }

    [Fact]
    public void Records_before_the_first_START_are_passed_over_and_END_stops_until_the_next_START()
    {
        var importer = new RecordImporter(Fixed().AddString(RecordRuleType.Start, 0, "BEGIN*").AddString(RecordRuleType.End, 0, "STOP*").Build());
        var results = ImportAll(importer, "A0000001", "BEGIN", "A0000002", "STOP", "A0000003", "BEGIN again", "A0000004");
        Assert.Equal(
            new[] { ImportStatus.PassedOver, ImportStatus.PassedOver, ImportStatus.Body, ImportStatus.PassedOver, ImportStatus.PassedOver, ImportStatus.PassedOver, ImportStatus.Body },
            results.Select(r => r.Status).ToArray());
        Assert.Equal(new[] { "A0000002", "A0000004" }, results.Where(r => r.Record is not null).Select(r => r.Record!.Volume).ToArray());
    }

    [Fact]
    public void TERMINATE_stops_for_good_even_if_a_START_follows()
    {
        var importer = new RecordImporter(Fixed().AddString(RecordRuleType.Start, 0, "BEGIN").AddString(RecordRuleType.Terminate, 0, "QUIT").Build());
        var results = ImportAll(importer, "BEGIN", "A0000001", "QUIT", "BEGIN", "A0000002");
        Assert.Equal(3, results.Count);
        Assert.Equal(ImportStatus.Terminated, results[2].Status);
        Assert.True(importer.Terminated);
        Assert.Equal(3, importer.RecordsRead);
        Assert.Equal(ImportStatus.Terminated, importer.Import(Line(5, "A0000002")).Status);
        Assert.Equal(3, importer.RecordsRead);
    }

    [Fact]
    public void TERMINATE_is_tried_before_the_other_rules()
    {
        var importer = new RecordImporter(Fixed()
            .AddString(RecordRuleType.Exclusion, 0, "X*")
            .AddString(RecordRuleType.Header, 0, "X*")
            .AddString(RecordRuleType.Terminate, 0, "X*")
            .Build());
        Assert.Equal(ImportStatus.Terminated, importer.Import(Line(1, "X")).Status);
    }

    [Fact]
    public void HEADER_is_tried_before_START_and_is_recognised_while_processing_is_off()
    {
        var importer = new RecordImporter(new SyncDefinitionBuilder()
            .AddString(RecordRuleType.Header, 0, "H*")
            .AddString(RecordRuleType.Start, 0, "H*GO")
            .SetHeaderCount(2)
            .Extract(SyncField.Customer, 2, 4, 2)
            .SetLiteral(SyncField.Media, "LTO")
            .Extract(SyncField.Volume, 0, 8)
            .Build());
        var results = ImportAll(importer, "H GO", "C:US02", "A0000001");
        Assert.Equal(ImportStatus.Header, results[0].Status);
        Assert.Equal(ImportStatus.Header, results[1].Status);

        // START never matched (HEADER took the record first), so processing never began
        Assert.Equal(ImportStatus.PassedOver, results[2].Status);
    }

    [Fact]
    public void START_is_tried_before_END_and_END_before_EXCLUSION()
    {
        var importer = new RecordImporter(Fixed()
            .AddString(RecordRuleType.Start, 0, "M*")
            .AddString(RecordRuleType.End, 0, "M*")
            .AddString(RecordRuleType.Exclusion, 0, "*")
            .Build());
        Assert.Equal(ImportStatus.PassedOver, importer.Import(Line(1, "MARK")).Status);
        Assert.Equal(ImportStatus.Excluded, importer.Import(Line(2, "A0000001")).Status);
    }

    [Fact]
    public void Records_after_a_HEADER_record_are_headings_whatever_they_contain()
    {
        var importer = new RecordImporter(Fixed()
            .AddString(RecordRuleType.Header, 0, "PAGE*")
            .AddString(RecordRuleType.Terminate, 0, "END")
            .SetHeaderCount(3)
            .Build());
        var results = ImportAll(importer, "PAGE 1", "END", "", "A0000001", "END");
        Assert.Equal(new[] { ImportStatus.Header, ImportStatus.Header, ImportStatus.Header, ImportStatus.Body, ImportStatus.Terminated }, results.Select(r => r.Status).ToArray());
        Assert.Equal(3, importer.HeaderRecords);
    }

    [Fact]
    public void Heading_values_hold_for_the_body_records_until_the_next_header_block()
    {
        var importer = new RecordImporter(new SyncDefinitionBuilder()
            .AddString(RecordRuleType.Header, 0, "PAGE*")
            .SetHeaderCount(2)
            .Extract(SyncField.Customer, 5, 4, 2)
            .Extract(SyncField.Repository, 0, 4, 1)
            .SetLiteral(SyncField.Media, "LTO")
            .Extract(SyncField.Volume, 0, 8)
            .Build());
        var results = ImportAll(importer, "PAGE 1", "CUST US01", "A0000001", "A0000002", "PAGE 2", "CUST US02", "A0000003");
        var bodies = results.Where(r => r.Record is not null).Select(r => r.Record!).ToArray();
        Assert.Equal(new[] { "US01", "US01", "US02" }, bodies.Select(b => b.Customer).ToArray());
        Assert.Equal(new[] { "PAGE", "PAGE", "PAGE" }, bodies.Select(b => b[SyncField.Repository]).ToArray());
    }

    [Fact]
    public void Heading_values_of_a_new_block_do_not_keep_old_lines()
    {
        var importer = new RecordImporter(new SyncDefinitionBuilder()
            .AddString(RecordRuleType.Header, 0, "PAGE*")
            .SetHeaderCount(2)
            .Extract(SyncField.Customer, 5, 4, 2)
            .SetLiteral(SyncField.Media, "LTO")
            .Extract(SyncField.Volume, 0, 8)
            .Build());
        var results = ImportAll(importer, "PAGE 1", "CUST US01 LONGER LINE", "A0000001", "PAGE 2", "CUST", "A0000002");
        Assert.Equal("US01", results[2].Record!.Customer);
        Assert.Equal(ImportStatus.Error, results[5].Status);
        Assert.Equal(new RecordError(6, "CUSTOMER", "is empty; every record needs VOLUME, CUSTOMER and MEDIA"), results[5].Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t ")]
    public void Blank_body_record_is_passed_over_as_blank(string text)
    {
        var importer = new RecordImporter(Fixed().Build());
        Assert.Equal(ImportStatus.Blank, importer.Import(Line(4, text)).Status);
        Assert.Equal(1, importer.BlankRecords);
        Assert.Equal(0, importer.RecordErrors);
    }

    [Fact]
    public void Empty_delimited_line_is_blank()
    {
        var importer = new RecordImporter(Csv().Build());
        Assert.Equal(ImportStatus.Blank, importer.Import(Row(1, "")).Status);
    }

    [Theory]
    [InlineData('\t', "\t\t")]
    [InlineData('\t', " \t \t ")]
    [InlineData(' ', "    ")]
    public async Task A_delimited_line_of_only_white_space_is_blank_whatever_the_delimiter(char delimiter, string line)
    {
        var importer = new RecordImporter(new SyncDefinitionBuilder()
            .SetCsvDelimiter(delimiter)
            .SetLiteral(SyncField.Customer, "US01")
            .SetLiteral(SyncField.Media, "LTO")
            .Extract(SyncField.Volume, 1, 10)
            .Extract(SyncField.Description, 2, 10)
            .Build());
        var text = $"V1{delimiter}daily\n{line}\nV2{delimiter}weekly\n";

        var statuses = new List<ImportStatus>();
        await foreach (var record in new DelimitedRecordSource(new System.IO.MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), delimiter).ReadAsync())
        {
            statuses.Add(importer.Import(record).Status);
        }

        Assert.Equal(new[] { ImportStatus.Body, ImportStatus.Blank, ImportStatus.Body }, statuses.ToArray());
        Assert.Equal(0, importer.RecordErrors);
        Assert.Equal(1, importer.BlankRecords);
    }

    [Fact]
    public void A_field_extracted_twice_from_the_body_takes_the_last_Extract_even_when_its_value_is_empty()
    {
        // what the loader's warning "DESCRIPTION is extracted again" says of the first Extract: its value is never used
        var importer = new RecordImporter(Csv().Extract(SyncField.Description, 2, 20).Extract(SyncField.Description, 3, 20).Build());

        var third = importer.Import(Row(1, "E01001L8", "second", "third"));
        var empty = importer.Import(Row(2, "E01002L8", "second", ""));

        Assert.Equal("third", third.Record![SyncField.Description]);
        Assert.Null(empty.Record![SyncField.Description]);
    }

    [Fact]
    public void A_record_of_elements_without_text_from_a_custom_source_is_not_blank()
    {
        // an IRecordSource may hand out elements only (a product's media list in memory): the empty text says nothing
        var importer = new RecordImporter(Csv().Extract(SyncField.Description, 2, 20).Build());
        var record = new SourceRecord();
        record.Reset(1);
        record.AddElement("E01001L8".AsSpan());
        record.AddElement("Daily".AsSpan());

        var result = importer.Import(record);

        Assert.Equal(ImportStatus.Body, result.Status);
        Assert.Equal(("E01001L8", "Daily"), (result.Record!.Volume, result.Record[SyncField.Description]));
    }

    [Fact]
    public void EXCLUSION_rule_skips_the_record()
    {
        var importer = new RecordImporter(Fixed().AddString(RecordRuleType.Exclusion, 2, "CLN*").Build());
        var results = ImportAll(importer, "  CLN001L1", "A0000001");
        Assert.Equal(ImportStatus.Excluded, results[0].Status);
        Assert.Equal(ImportStatus.Body, results[1].Status);
        Assert.Equal(1, importer.ExcludedRecords);
    }

    [Fact]
    public void Record_with_a_problem_is_a_record_error_with_its_line()
    {
        var importer = new RecordImporter(Fixed().Build());
        var record = new SourceRecord();
        record.Reset(12);
        record.SetProblem("the record is longer than 10 characters");
        var result = importer.Import(record);
        Assert.Equal(ImportStatus.Error, result.Status);
        Assert.Equal(new RecordError(12, null, "the record is longer than 10 characters"), result.Error);
        Assert.Equal(1, importer.RecordErrors);
    }

    [Fact]
    public void Values_are_right_trimmed_before_RemoveSpaces_and_translations()
    {
        var importer = new RecordImporter(Csv()
            .Extract(SyncField.Description, 2, 100)
            .RemoveSpaces(SyncField.Volume)
            .AddTranslation(SyncField.Description, "*ly", "[*]")
            .Build());
        var result = importer.Import(Row(1, "A 0 1  ", "daily   "));
        Assert.Equal("A01", result.Record!.Volume);
        Assert.Equal("[daily]", result.Record[SyncField.Description]);
    }

    [Fact]
    public void First_matching_translation_wins_and_the_second_pass_runs_after_it()
    {
        var importer = new RecordImporter(Csv()
            .Extract(SyncField.Repository, 2, 20)
            .Extract(SyncField.User1, 3, 20)
            .AddTranslation(SyncField.Repository, "Vault*", "OFFS")
            .AddTranslation(SyncField.Repository, "*", "LIBR")
            .AddTranslation2(SyncField.Repository, SyncField.User1, "DR", "DRS")
            .Build());
        Assert.Equal("OFFS", importer.Import(Row(1, "V1", "Vault A", "")).Record![SyncField.Repository]);
        Assert.Equal("LIBR", importer.Import(Row(2, "V2", "Robot", "")).Record![SyncField.Repository]);
        Assert.Equal("DRS", importer.Import(Row(3, "V3", "Vault A", "DR")).Record![SyncField.Repository]);
    }

    [Fact]
    public void Value_exclusion_matches_the_final_translated_value()
    {
        var importer = new RecordImporter(Csv()
            .Extract(SyncField.Repository, 2, 20)
            .AddTranslation(SyncField.Repository, "Cleaning*", "SKIP")
            .AddExclusionOnValue(SyncField.Repository, "SKIP")
            .Build());
        Assert.Equal(ImportStatus.Excluded, importer.Import(Row(1, "CLN001", "Cleaning slot")).Status);
        Assert.Equal(ImportStatus.Body, importer.Import(Row(2, "A00001", "Skip")).Status);
    }

    [Fact]
    public void Delimited_element_longer_than_the_length_is_cut_and_offset_zero_is_the_whole_line()
    {
        var importer = new RecordImporter(new SyncDefinitionBuilder()
            .SetCsvDelimiter(',')
            .SetLiteral(SyncField.Customer, "US01")
            .SetLiteral(SyncField.Media, "LTO")
            .Extract(SyncField.Volume, 2, 6)
            .Extract(SyncField.Description, 0, 256)
            .Build());
        var record = importer.Import(Row(1, "x", "A00001L6")).Record!;
        Assert.Equal("A00001", record.Volume);
        Assert.Equal("x,A00001L6", record[SyncField.Description]);
    }

    [Fact]
    public void Record_errors_name_the_line_the_field_and_the_reason()
    {
        var importer = new RecordImporter(Csv()
            .Extract(SyncField.WriteTime, 2, 30)
            .SetWriteTimeFormat("%Y-%m-%d %H:%M")
            .Extract(SyncField.Scratch, 3, 5)
            .Build());
        Assert.Equal(new RecordError(7, "WRITETIME", "'23/11/2026' does not fit the format %Y-%m-%d %H:%M"), importer.Import(Row(7, "A1", "23/11/2026", "Y")).Error);
        Assert.Equal(new RecordError(8, "SCRATCH", "'maybe' is not a yes/no value (YES, NO, TRUE, FALSE, Y, N, 1, 0)"), importer.Import(Row(8, "A1", "2026-11-23 10:00", "maybe")).Error);
        Assert.Equal(new RecordError(9, "VOLUME", "is empty; every record needs VOLUME, CUSTOMER and MEDIA"), importer.Import(Row(9, " ", "2026-11-23 10:00", "Y")).Error);
        Assert.Equal(new RecordError(10, "CUSTOMER", "'US0123' is longer than 4 characters"),
            new RecordImporter(Csv().Extract(SyncField.Customer, 2, 10).Build()).Import(Row(10, "A1", "US0123")).Error);
        Assert.Equal(3, importer.RecordErrors);
    }

    [Fact]
    public void Header_excluded_blank_and_passed_over_records_allocate_nothing()
    {
        var importer = new RecordImporter(Fixed()
            .AddString(RecordRuleType.Header, 0, "PAGE*")
            .SetHeaderCount(3)
            .AddString(RecordRuleType.Exclusion, 0, "CLN*")
            .AddString(RecordRuleType.Start, 0, "BEGIN")
            .Extract(SyncField.Description, 0, 4, 2)
            .AddTranslation(SyncField.Volume, "A*", "*")
            .AddExclusionOnValue(SyncField.Volume, "Z*")
            .Build());
        var lines = new[]
        {
            Line(1, "PAGE 1 OF A REPORT"), Line(2, "second heading line with some width"), Line(3, "third"),
            Line(4, "BEGIN"), Line(5, "CLN00001"), Line(6, "   "), Line(7, "Z0000001"),
        };

        // warm up: the buffers reach their size
        foreach (var line in lines)
        {
            importer.Import(line);
        }

        var allocated = new long[7];
        var statuses = new ImportStatus[7];
        for (int round = 0; round < 100; round++)
        {
            foreach (int i in new[] { 0, 1, 2, 4, 5, 6 })
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                statuses[i] = importer.Import(lines[i]).Status;
                allocated[i] += GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }

        Assert.Equal(new[] { ImportStatus.Header, ImportStatus.Header, ImportStatus.Header, default, ImportStatus.Excluded, ImportStatus.Blank, ImportStatus.Excluded }, statuses);
        Assert.Equal(new long[7], allocated);
        Assert.Equal(ImportStatus.Body, importer.Import(Line(8, "A0000001")).Status);
    }
}
