using System;
using System.Collections.Generic;
using System.Globalization;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Tests.Import;

/// <summary>
/// The one-pass import of a common definition (issue 14) against the general passes: on random definitions and
/// records, the same status, error, values and dates, record by record.
/// </summary>
public class OnePassImportTests
{
    private static readonly SyncField[] Fields =
    {
        SyncField.Repository, SyncField.Description, SyncField.MoveDate, SyncField.WriteTime, SyncField.Scratch,
        SyncField.UsageCount, SyncField.Slot, SyncField.Location,
    };

    private static readonly string[] Values =
    {
        string.Empty, " ", "Library", "Offsite ", "  Racking", "LIBR", "CLN001", "A00001L6", "2026-03-01", "2026-3-1", "01/03/2026",
        "2026-03-01 10:20:30", "YES", "no", "1", "maybe", "42", "-7", "x", "very long value that is longer than four", "tab\there",
        "bell\u0007", "C001", "C0012",
    };

    private static readonly string[] Filters = { "Library", "Off*", "*", "LIB?", "!Library", "[A-C]*", "CLN*", "(YES|no)" };

    private static readonly string[] ExactFilters = { "Library", "LIBR", "A00001L6", "2026-03-01", "YES", "x", "C001" };

    private static readonly string[] ConstantTranslations = { "LIBR", "OFFS ", string.Empty, "2026-04-01", "NO", "very long constant" };

    private static readonly string[] Translations = { "LIBR", "OFFS ", "*", "^^~~~", "X*Y", string.Empty, "~~~~~~L6" };

    [Fact]
    public void The_one_pass_import_gives_what_the_general_passes_give_on_random_definitions_and_records()
    {
        var random = new Random(14);
        int onePassDefinitions = 0;
        int exactDefinitions = 0;
        for (int round = 0; round < 400; round++)
        {
            var builder = new SyncDefinitionBuilder().SetCsvDelimiter(',');
            if (random.Next(3) == 0)
            {
                builder.AddString(RecordRuleType.Exclusion, 0, "volume*");
            }

            builder.Extract(SyncField.Volume, 1, random.Next(4, 12));
            if (random.Next(2) == 0)
            {
                builder.Extract(SyncField.Customer, 2, random.Next(3, 6));
            }
            else
            {
                builder.SetLiteral(SyncField.Customer, random.Next(2) == 0 ? "C001 " : "C0012");
            }

            builder.SetLiteral(SyncField.Media, random.Next(4) == 0 ? "LTO6X" : "LTO");
            var extracted = new List<SyncField> { SyncField.Volume };
            int element = 3;
            foreach (var field in Fields)
            {
                if (random.Next(3) == 0)
                {
                    builder.Extract(field, element++, random.Next(2, 40));
                    extracted.Add(field);
                }
            }

            // now and then only exact values translated to constants (Library -> LIBR), which the one-pass import
            // compares without the patterns
            bool exactOnly = random.Next(3) == 0;
            for (int t = random.Next(5); t > 0; t--)
            {
                var field = extracted[random.Next(extracted.Count)];
                builder.AddTranslation(
                    field,
                    exactOnly ? ExactFilters[random.Next(ExactFilters.Length)] : Filters[random.Next(Filters.Length)],
                    exactOnly ? ConstantTranslations[random.Next(ConstantTranslations.Length)] : Translations[random.Next(Translations.Length)]);
            }

            if (random.Next(2) == 0)
            {
                builder.AddExclusionOnValue(SyncField.Volume, "CLN*");
            }

            // now and then something only the general passes do
            switch (random.Next(8))
            {
                case 0:
                    builder.RemoveSpaces(extracted[random.Next(extracted.Count)]);
                    break;
                case 1:
                    builder.AddTranslation2(SyncField.Description, SyncField.Volume, "A*", "from volume");
                    break;
                case 2:
                    builder.Extract(SyncField.Volume, 2, 6);
                    break;
            }

            if (extracted.Contains(SyncField.MoveDate))
            {
                builder.SetMoveDateFormat(random.Next(2) == 0 ? "%Y-%m-%d" : "%d/%m/%Y");
            }

            if (extracted.Contains(SyncField.WriteTime))
            {
                builder.SetWriteTimeFormat("%Y-%m-%d %H:%M:%S");
            }

            var definition = builder.Build();
            var onePass = new RecordImporter(definition);
            var general = new RecordImporter(definition) { OnePass = false };
            onePassDefinitions += onePass.UsesOnePass ? 1 : 0;
            exactDefinitions += onePass.UsesExactTranslations ? 1 : 0;
            for (int r = 0; r < 30; r++)
            {
                var record = RandomRecord(random, r + 1, element);
                var expected = general.ImportInPlace(record);
                var actual = onePass.ImportInPlace(record);
                string where = $"round {round}, record {r}: {record}";
                Assert.True(expected == actual, where);
                Assert.Equal(expected == ImportStatus.Error ? general.Error!.ToString() : null, actual == ImportStatus.Error ? onePass.Error!.ToString() : null);
                if (expected == ImportStatus.Body)
                {
                    for (int f = 0; f < SyncFields.Count; f++)
                    {
                        Assert.True(general.ValueOf((SyncField)f).SequenceEqual(onePass.ValueOf((SyncField)f)), where + " " + (SyncField)f);
                    }

                    Assert.Equal(general.MoveDate, onePass.MoveDate);
                    Assert.Equal(general.WriteTime, onePass.WriteTime);
                    Assert.Equal(general.Line, onePass.Line);
                }
            }
        }

        // most random definitions have the common shape, some do not: both ways were compared
        Assert.InRange(onePassDefinitions, 200, 399);

        // and of those, some translate a field by exact values only (compared without the patterns)
        Assert.InRange(exactDefinitions, 20, onePassDefinitions - 20);
    }

    [Fact]
    public void The_issue_14_definition_and_a_csv_source_definition_take_the_one_pass_import()
    {
        // the hot-path tests' report definition: the issue's (a literal, five extracts, three translations, exclusions)
        var common = TapeTrack.Sync.Tests.Engine.HotPathTests.ReportDefinition();
        Assert.True(new RecordImporter(common).UsesOnePass);
        Assert.True(new RecordImporter(common).UsesExactTranslations);

        var spaces = new SyncDefinitionBuilder().SetCsvDelimiter(',').SetLiteral(SyncField.Media, "LTO").SetLiteral(SyncField.Customer, "C001")
            .Extract(SyncField.Volume, 1, 10).RemoveSpaces(SyncField.Volume).Build();
        Assert.False(new RecordImporter(spaces).UsesOnePass);

        var fixedPosition = new SyncDefinitionBuilder().SetLiteral(SyncField.Media, "LTO").SetLiteral(SyncField.Customer, "C001")
            .Extract(SyncField.Volume, 0, 8).Build();
        Assert.False(new RecordImporter(fixedPosition).UsesOnePass);
    }

    private static SourceRecord RandomRecord(Random random, long line, int elements)
    {
        var values = new List<string>();
        int count = random.Next(4) == 0 ? random.Next(1, elements + 1) : elements + random.Next(2);
        for (int i = 0; i < count; i++)
        {
            values.Add(i == 0 && random.Next(3) > 0
                ? (random.Next(5) == 0 ? "CLN" : "A") + random.Next(100_000).ToString("D5", CultureInfo.InvariantCulture) + (random.Next(4) == 0 ? "  " : "L6")
                : Values[random.Next(Values.Length)]);
        }

        if (random.Next(20) == 0)
        {
            values[0] = "volume,barcode";
        }

        var record = new SourceRecord();
        record.Reset(line);
        record.SetText(string.Join(",", values).AsSpan());
        foreach (var value in values)
        {
            record.AddElement(value.AsSpan());
        }

        return record;
    }
}
