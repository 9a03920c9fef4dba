using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Tests.Definitions;

/// <summary>The one table of fields (SyncFields) and the one parser per value kind (FieldValues).</summary>
public class FieldTableTests
{
    [Fact]
    public void The_table_is_indexed_by_the_enum_and_names_every_field_once()
    {
        var fields = (SyncField[])Enum.GetValues(typeof(SyncField));
        Assert.Equal(fields.Length, SyncFields.Count);
        for (int i = 0; i < fields.Length; i++)
        {
            Assert.Equal(i, (int)fields[i]);
            Assert.True(SyncFields.TryParse(fields[i].Name(), out var found));
            Assert.Equal(fields[i], found);
            // a field a store keeps has a property in the store file, and only such a field
            Assert.Equal(fields[i].ServerName() is null, fields[i].JsonName() is null);
        }
    }

    [Fact]
    public void VolumeFields_names_exactly_the_server_names_of_the_table_and_CURRENT()
    {
        var constants = typeof(VolumeFields).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .OrderBy(n => n, StringComparer.Ordinal);
        var fromTable = Enumerable.Range(0, SyncFields.Count)
            .Select(i => ((SyncField)i).ServerName())
            .Where(n => n is not null)
            .Append(VolumeFields.Current)
            .OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(fromTable, constants);
    }

    [Fact]
    public void The_store_file_properties_come_from_the_table_in_the_order_export_has_always_written_them()
    {
        string[] export =
        {
            "description", "moveDate", "writeTime", "scratch", "encrypted", "slot", "system", "container", "dataCluster",
            "expiryDate", "generation", "hidden", "homeRepository", "homeSlot", "initialRepository", "mountTime", "moveLock",
            "qualityCheck", "readTime", "stage", "stockId", "usage", "usageCount",
        };
        Assert.Equal(export, StoreFileFields.Volume.Select(p => p.Json));
        foreach (var (json, field, kind) in StoreFileFields.Volume)
        {
            Assert.True(SyncFields.TryParse(field, out var syncField));
            Assert.Equal(json, syncField.JsonName());
            Assert.Equal(syncField.Kind(), kind);
        }
    }

    [Theory]
    [InlineData("YES", true)]
    [InlineData("yes", true)]
    [InlineData("True", true)]
    [InlineData("y", true)]
    [InlineData("1", true)]
    [InlineData("NO", false)]
    [InlineData("false", false)]
    [InlineData("n", false)]
    [InlineData("0", false)]
    public void A_boolean_is_read_in_every_spelling_and_any_case(string text, bool expected)
    {
        Assert.True(FieldValues.TryParseBoolean(text.AsSpan(), out bool value));
        Assert.Equal(expected, value);
        Assert.Equal(expected ? "true" : "false", FieldValues.Format(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("maybe")]
    [InlineData("yes ")]
    [InlineData("2")]
    [InlineData("on")]
    public void Anything_else_is_not_a_boolean(string text)
    {
        Assert.False(FieldValues.TryParseBoolean(text.AsSpan(), out _));
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-12", -12L)]
    [InlineData("+7", 7L)]
    [InlineData("5000000000", 5_000_000_000L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void A_whole_number_is_read_in_the_range_of_a_long(string text, long expected)
    {
        Assert.True(FieldValues.TryParseInteger(text.AsSpan(), out long value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.5")]
    [InlineData(" 1")]
    [InlineData("1e3")]
    [InlineData("9223372036854775808")]
    public void Anything_else_is_not_a_whole_number(string text)
    {
        Assert.False(FieldValues.TryParseInteger(text.AsSpan(), out _));
    }

    [Theory]
    [InlineData("2024-02-29", "2024-02-29T00:00:00")]
    [InlineData("2026-11-23T22:15:01", "2026-11-23T22:15:01")]
    [InlineData("0001-01-01", "0001-01-01T00:00:00")]
    [InlineData("9999-12-31T23:59:59", "9999-12-31T23:59:59")]
    public void A_canonical_date_is_read_and_written_back_as_it_was(string text, string expected)
    {
        Assert.True(FieldValues.TryParseDate(text.AsSpan(), out var value));
        Assert.Equal(expected, value.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        Assert.Equal(text, FieldValues.FormatDate(value, dateOnly: text.Length == 10));
    }

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("0000-01-01")]
    [InlineData("2024-13-01")]
    [InlineData("2024-00-10")]
    [InlineData("2024-1-01")]
    [InlineData("2024-01-01T24:00:00")]
    [InlineData("2024-01-01 10:00:00")]
    [InlineData("2024-01-01T10:00")]
    [InlineData("2024-01-01T10:00:00Z")]
    [InlineData("２０２４-01-01")]
    [InlineData(" 2024-01-01")]
    public void A_date_in_another_form_is_not_canonical(string text)
    {
        Assert.False(FieldValues.TryParseDate(text.AsSpan(), out _));
    }

    [Fact]
    public void The_canonical_date_parser_agrees_with_TryParseExact_on_the_two_canonical_formats()
    {
        // near-misses of both shapes: every position replaced by a digit, a separator or another character
        var random = new Random(20261129);
        const string alphabet = "0123456789-T: x";
        int checkedCount = 0;
        foreach (var seed in new[] { "2024-02-29", "2023-12-31T23:59:59", "1999-06-30T00:00:00", "0001-01-01" })
        {
            for (int round = 0; round < 4000; round++)
            {
                var chars = seed.ToCharArray();
                for (int changes = random.Next(1, 3); changes > 0; changes--)
                {
                    chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
                }

                string text = new(chars);
                bool expected = DateTime.TryParseExact(text, new[] { "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss" }, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact);
                Assert.Equal(expected, FieldValues.TryParseDate(text.AsSpan(), out var ours));
                Assert.Equal(exact, ours);
                checkedCount++;
            }
        }

        Assert.Equal(16000, checkedCount);
    }

    [Theory]
    [InlineData("2026-11-20 10:15:30", "2026-11-20T10:15:30")]
    [InlineData(" 2026-11-20T10:15 ", "2026-11-20T10:15:00")]
    [InlineData("2026-11-20T10:15:30.25", "2026-11-20T10:15:30")]
    [InlineData("2026-11-20", "2026-11-20T00:00:00")]
    public void A_server_value_is_also_read_in_the_forms_older_tools_wrote(string text, string expected)
    {
        Assert.True(FieldValues.TryParseServerDate(text, out var value));
        Assert.Equal(expected, FieldValues.FormatDate(value, dateOnly: false));
    }

    [Fact]
    public void A_definition_constant_is_a_whole_number_in_the_same_range_as_a_record_value()
    {
        // the binder once read constants as int and records as long: 5000000000 was refused in the definition only
        var definition = Ttidef.Load("SetLiteral(USAGECOUNT, \"5000000000\");");
        var importer = new TapeTrack.Sync.Import.RecordImporter(definition);
        var record = new TapeTrack.Sync.Records.SourceRecord();
        record.Reset(1);
        record.SetText("A0000001".AsSpan());
        var result = importer.Import(record);
        Assert.Null(result.Error);
        Assert.Equal("5000000000", result.Record![SyncField.UsageCount]);
    }

    [Fact]
    public void Export_writes_a_stored_yes_no_value_as_the_boolean_it_means()
    {
        // a store may hold the value a session sent as it was; export wrote every value but "true" as false
        var volume = new Volume("V1", "LIBR", null, 3, new Dictionary<string, string>
        {
            [VolumeFields.Scratch] = "YES",
            [VolumeFields.Hidden] = "true",
            [VolumeFields.MoveLock] = "0",
            [VolumeFields.UsageCount] = "12",
        });
        using var stream = new MemoryStream();
        using (var writer = new StoreFileWriter(stream))
        {
            writer.WriteCustomer(new StoreCustomer("US01", "Customer"));
            var media = new StoreMedia("LTO", "LTO");
            media.Repositories.Add(new Repository("LIBR", "Library", RepositoryType.Library));
            writer.WriteMedia(media);
            writer.WriteVolume(volume);
            writer.Complete();
        }

        string json = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("\"scratch\": true", json, StringComparison.Ordinal);
        Assert.Contains("\"hidden\": true", json, StringComparison.Ordinal);
        Assert.Contains("\"moveLock\": false", json, StringComparison.Ordinal);
        Assert.Contains("\"usageCount\": 12", json, StringComparison.Ordinal);
    }
}
