using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Tests.Engine.SyncHarness;

namespace TapeTrack.Sync.Tests.Engine;

/// <summary>
/// The one-pass lane of an unchanged record (issue 14) against the usual way (import, scope, volume, unchanged check):
/// on random definitions, volumes and records, never "unchanged" where the usual way is not, and the same answer
/// but for values the general validation rewrites; and whole runs with the lane and without it report the same.
/// </summary>
public class UnchangedLaneTests
{
    private static readonly string[] Ids = Enumerable.Range(0, 8).Select(i => "A0000" + i.ToString(CultureInfo.InvariantCulture) + "L6").ToArray();

    // what the records' elements are drawn from, by field: the volumes' own values most of the time, so that many
    // records are unchanged, and around them what makes a record differ, fail or be excluded
    private static readonly Dictionary<SyncField, string[]> Values = new()
    {
        [SyncField.Volume] = Ids.Concat(new[] { "A00000L6  ", "B00001L6", "CLN001", string.Empty, "A00000L6X12", "A0\u00070L6", " A00001L6" }).ToArray(),
        [SyncField.Customer] = new[] { "US01", "US01", "US01", "US01 ", "US02", string.Empty },
        [SyncField.Repository] = new[] { "Library", "Offsite", "Racking", "LIBR", "OFFS", "NONE", string.Empty, "Library " },
        [SyncField.Location] = new[] { "Library", "Offsite", "LIBR", "RACK", string.Empty },
        [SyncField.Description] = new[] { "weekly", "weekly", "monthly", "weekly  ", string.Empty, "Weekly", new string('d', 300) },
        [SyncField.MoveDate] = new[] { "2026-01-02", "2026-01-02", "2026-01-03", "2026-1-2", string.Empty, "2026-02-30", "02/01/2026", "02/01/2026", "03/01/2026", "2/1/2026", "30/02/2026" },
        [SyncField.Slot] = new[] { "12", "12", "012", string.Empty, "12345678901" },
        [SyncField.User1] = new[] { "anything", string.Empty },
        [SyncField.Container] = new[] { string.Empty, string.Empty, string.Empty, "BOX1" },
        [SyncField.Scratch] = new[] { "Y", "yes", "TRUE", "1", "true", "N", string.Empty, "maybe" },
        [SyncField.UsageCount] = new[] { "12", "012", "+12", "12", string.Empty, "7", "x12", "99999999999999999999" },
    };

    private static readonly SyncField[] Optional =
    {
        SyncField.Repository, SyncField.Location, SyncField.Description, SyncField.MoveDate, SyncField.Slot, SyncField.User1, SyncField.Container,
    };

    // fields the general validation rewrites (a flag, a number), which the lanes rewrite as it does: in fewer definitions
    private static readonly SyncField[] Rewritten = { SyncField.Scratch, SyncField.UsageCount };

    // translations by pattern: the first six keep the values the volumes have (the records that take them can still be
    // unchanged), the others change them
    private static readonly (string From, string To)[] PatternTranslations =
    {
        ("Lib*", "LIBR"), ("*", "*"), ("weekly*", "~~~~~~"), ("A0000[0-3]L6", "*"), ("2026-*", "*"), ("(US01|US02)", "*"),
        ("Off*", "OFFS"), ("week*", "~~~~"), ("A0000?L6", "~~~~~~"), ("[LR]*", "^~~~"), ("A*", "X"), ("month*", "*ly  "),
    };

    private static readonly (int Offset, string Filter)[] RecordExclusions =
    {
        (0, "volume*"), (0, "A00001*"), (1, "00002L6*"), (0, "A00003L6,US01"), (0, "!A*"), (0, "A0000[45]*"), (2, "000*"), (40, "x*"), (0, "*"),
    };

    private static readonly (string From, string To)[] ExactTranslations = { ("Library", "LIBR"), ("Offsite", "OFFS"), ("Racking", "RACK"), ("weekly", "monthly"), ("LIBR", "VLT2"), (string.Empty, "LIBR") };

    // the lane composed for each definition's shape, and the interpreted one (where code cannot be made at run time)
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_lane_answers_as_the_usual_way_on_random_definitions_volumes_and_records(bool composed)
    {
        var random = new Random(1404);
        int lanes = 0;
        int unchanged = 0;
        int differing = 0;
        int canonicalised = 0;
        int unchangedByPattern = 0;
        int unchangedFormatted = 0;
        int unchangedRewritten = 0;
        for (int round = 0; round < 500; round++)
        {
            var (definition, columns) = RandomDefinition(random);
            var options = new SyncOptions { TimeZone = TimeZoneInfo.Utc, DescriptionAttribute = random.Next(6) == 0 ? 3 : 0 };
            var check = new UnchangedCheck(definition, options);
            var usual = new RecordImporter(definition);
            var plain = new RecordImporter(definition);
            var lane = UnchangedLane.Create(plain, check, composed);
            if (lane is null)
            {
                continue;
            }

            Assert.Equal(composed, lane.IsComposed);
            bool byPattern = definition.Translations.Any(t => t.Filter.ExactText is null || t.Translation.UsesValue);
            bool formattedDate = columns.Contains(SyncField.MoveDate) && definition.MoveDateFormat is { IsCanonicalDate: false };
            bool rewritten = columns.Exists(c => Array.IndexOf(Rewritten, c) >= 0);
            lanes++;
            var scope = new CachedScope(new ScopeData(Lto, true, Repositories(), RandomVolumes(random)));
            var overlay = new ScopeOverlay(scope);
            for (int r = 0; r < 40; r++)
            {
                var record = RandomRecord(random, r + 1, columns);
                string where = $"round {round}, record {r}: '{record}'";

                Volume? volume = null;
                bool expected = usual.ImportInPlace(record) == ImportStatus.Body
                    && usual.ValueOf(SyncField.Customer).SequenceEqual(Lto.Customer.AsSpan())
                    && usual.ValueOf(SyncField.Media).SequenceEqual(Lto.Media.AsSpan())
                    && overlay.TryGetVolume(usual.ValueOf(SyncField.Volume), out volume)
                    && check.IsUnchanged(usual, scope, volume!);
                long readBefore = plain.RecordsRead;
                bool actual = lane.IsUnchanged(record, plain, overlay, Lto, out var found);
                Assert.False(actual && !expected, where + ": the lane finds it unchanged, the usual way does not");
                if (expected && !actual)
                {
                    // the one miss allowed: a move date the plan's check leaves to the general validation, which
                    // reads it leniently and makes it canonical (2026-1-2 is 2026-01-02); the usual way decides it
                    int column = columns.IndexOf(SyncField.MoveDate) + 1;
                    Assert.True(column > 0 && !record.GetElement(column).Trim().SequenceEqual(usual.ValueOf(SyncField.MoveDate)), where + ": the usual way finds it unchanged, the lane does not");
                    canonicalised++;
                }

                Assert.Equal(readBefore, plain.RecordsRead);
                if (actual)
                {
                    Assert.Same(volume, found);
                    unchanged++;
                    unchangedByPattern += byPattern ? 1 : 0;
                    unchangedFormatted += formattedDate ? 1 : 0;
                    unchangedRewritten += rewritten ? 1 : 0;
                }
                else
                {
                    differing++;
                }

                // the lane changed nothing in its importer: the usual import of the same record gives the same status
                Assert.Equal(usual.ImportInPlace(record), plain.ImportInPlace(record));
            }
        }

        // the lane was there for most definitions, and both answers were given many times
        Assert.InRange(lanes, 250, 500);
        Assert.True(unchanged > 250, $"only {unchanged} records were unchanged");
        Assert.True(unchangedByPattern > 50, $"only {unchangedByPattern} unchanged records had a definition that translates by pattern");
        Assert.True(unchangedFormatted > 3, $"only {unchangedFormatted} unchanged records gave their move date in another format");
        Assert.True(unchangedRewritten > 30, $"only {unchangedRewritten} unchanged records gave a flag or a number");
        Assert.True(differing > 3000, $"only {differing} records were not");
        Assert.InRange(canonicalised, 1, unchanged / 10);
    }

    // twenty-six fields (every user field among them): the composed chain is twenty-six struct types deep, and still
    // answers as the usual way for the record that matches and for each value changed in turn
    [Fact]
    public void A_definition_of_many_fields_has_a_composed_lane_that_answers_as_the_usual_way()
    {
        var fields = new List<SyncField> { SyncField.Volume, SyncField.Customer, SyncField.Repository, SyncField.Description, SyncField.MoveDate, SyncField.Slot };
        fields.AddRange(Enumerable.Range(0, 20).Select(i => SyncField.User1 + i));
        var builder = new SyncDefinitionBuilder().SetCsvDelimiter(',').SetMoveDateFormat("%Y-%m-%d").SetLiteral(SyncField.Media, "LTO");
        for (int i = 0; i < fields.Count; i++)
        {
            builder.Extract(fields[i], i + 1, 40);
        }

        var definition = builder.AddTranslation(SyncField.Repository, "Library", "LIBR").Build();
        var held = new Dictionary<string, string>
        {
            [VolumeFields.Description] = "weekly",
            [VolumeFields.MoveDate] = "2026-01-02",
            [VolumeFields.Slot] = "12",
        };
        var values = new List<string> { "A00000L6", "US01", "Library", "weekly", "2026-01-02", "12" };
        for (int i = 0; i < 20; i++)
        {
            string value = "u" + i.ToString(CultureInfo.InvariantCulture);
            values.Add(value);
            if ((SyncField.User1 + i).ServerName() is { } name)
            {
                held[name] = value;
            }
        }

        var scope = new CachedScope(new ScopeData(Lto, true, Repositories(), new[] { new Volume("A00000L6", "LIBR", null, 1, held) }));
        var overlay = new ScopeOverlay(scope);
        var check = new UnchangedCheck(definition, new SyncOptions { TimeZone = TimeZoneInfo.Utc });
        var plain = new RecordImporter(definition);
        var lane = UnchangedLane.Create(plain, check);
        Assert.NotNull(lane);
        Assert.True(lane.IsComposed);
        var usual = new RecordImporter(definition);

        // the record as the volume has it, then each of its values changed in turn
        int changedAndSeen = 0;
        for (int k = -1; k < values.Count; k++)
        {
            var text = values.Select((v, i) => i == k ? v + "X" : v);
            var record = new SourceRecord();
            record.Reset(k + 2);
            record.SetText(string.Join(",", text).AsSpan());
            record.SplitText(',');
            bool expected = usual.ImportInPlace(record) == ImportStatus.Body
                && usual.ValueOf(SyncField.Customer).SequenceEqual(Lto.Customer.AsSpan())
                && overlay.TryGetVolume(usual.ValueOf(SyncField.Volume), out var volume)
                && check.IsUnchanged(usual, scope, volume!);
            Assert.Equal(expected, lane.IsUnchanged(record, plain, overlay, Lto, out _));
            Assert.True(k >= 0 || expected, "the record as the volume has it is unchanged");
            changedAndSeen += k >= 0 && !expected ? 1 : 0;
        }

        // every value the server holds, changed, is a change (a user field it does not hold is not compared)
        Assert.Equal(6 + held.Count - 3, changedAndSeen);
    }

    // a move date in another format than yyyy-MM-dd: both lanes read and rewrite it as the general validation does, after
    // the value exclusions (which see it as the report gives it), and answer as the usual way
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_move_date_in_another_format_takes_the_lane_and_answers_as_the_usual_way(bool composed)
    {
        var definition = new SyncDefinitionBuilder().SetCsvDelimiter(',').SetMoveDateFormat("%d/%m/%Y").SetLiteral(SyncField.Media, "LTO")
            .Extract(SyncField.Volume, 1, 10).Extract(SyncField.Customer, 2, 4).Extract(SyncField.MoveDate, 3, 12)
            .AddExclusionOnValue(SyncField.MoveDate, "31/*").Build();
        var held = new Dictionary<string, string> { [VolumeFields.MoveDate] = "2026-01-02" };
        var scope = new CachedScope(new ScopeData(Lto, true, Repositories(), new[] { new Volume("A00000L6", "LIBR", null, 1, held) }));
        var overlay = new ScopeOverlay(scope);
        var (check, plain, lane, usual) = LaneFor(definition, composed);

        var answers = new List<bool>();
        foreach (string date in new[] { "02/01/2026", "2/1/2026", "02/01/2026  ", "03/01/2026", "30/02/2026", "2026-01-02", "31/01/2026", string.Empty })
        {
            var record = Line("A00000L6,US01," + date);
            bool expected = UsualAnswer(usual, check, overlay, Lto, record);
            Assert.Equal(expected, lane.IsUnchanged(record, plain, overlay, Lto, out _));
            answers.Add(expected);
        }

        // the same date as the format reads it (padded or not) is unchanged, and so is no date at all; another date, an
        // impossible one, one in the server's own form (which this format does not read) and an excluded one are not
        Assert.Equal(new[] { true, true, true, false, false, false, false, true }, answers);
    }

    // The literals of CUSTOMER and MEDIA are decided once per scope key in the composed lane: a lane taken through
    // scopes in turn (another key, the same key again, an equal key of other string instances) answers for each
    // record as the usual way does for that record and key.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Literal_customer_and_media_are_decided_for_each_scope_key_in_turn(bool composed)
    {
        var definition = new SyncDefinitionBuilder().SetCsvDelimiter(',').SetLiteral(SyncField.Customer, "US01 ").SetLiteral(SyncField.Media, "LTO")
            .Extract(SyncField.Volume, 1, 10).Extract(SyncField.Description, 2, 40).Build();
        var (check, plain, lane, usual) = LaneFor(definition, composed);
        var held = new Dictionary<string, string> { [VolumeFields.Description] = "weekly" };
        var volumes = new[] { new Volume("A00000L6", "LIBR", null, 1, held) };
        var other = new ScopeKey("US02", "LTO");
        var otherMedia = new ScopeKey("US01", "DLT");
        var copy = new ScopeKey(new string("US01".ToCharArray()), new string("LTO".ToCharArray()));
        var scopes = new Dictionary<ScopeKey, ScopeOverlay>();
        foreach (var key in new[] { Lto, other, otherMedia })
        {
            scopes[key] = new ScopeOverlay(new CachedScope(new ScopeData(key, true, Repositories(), volumes)));
        }

        var answers = new List<bool>();
        foreach (var key in new[] { Lto, Lto, other, Lto, otherMedia, copy, other, copy, Lto })
        {
            var overlay = scopes[key];
            foreach (string line in new[] { "A00000L6,weekly", "A00000L6,monthly" })
            {
                var record = Line(line);
                bool expected = UsualAnswer(usual, check, overlay, key, record);
                Assert.Equal(expected, lane.IsUnchanged(record, plain, overlay, key, out _));
                answers.Add(expected);
            }
        }

        // only the scope of the literals' own values (US01 trimmed, LTO), under either instance of its key, finds the
        // description the volume holds unchanged
        Assert.Equal(new[] { true, false, true, false, false, false, true, false, false, false, true, false, false, false, true, false, true, false }, answers);
    }

    // A row of unchanged records in one call, as the pipeline reads them: the lane takes records while each is
    // unchanged and its volume has no change waiting, and hands back the first it does not take (or says the batch is
    // over); the same with the composed lane and the interpreted one.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_row_of_unchanged_records_is_taken_up_to_the_first_that_is_not(bool composed)
    {
        var definition = new SyncDefinitionBuilder().SetCsvDelimiter(',').SetLiteral(SyncField.Customer, "US01").SetLiteral(SyncField.Media, "LTO")
            .Extract(SyncField.Volume, 1, 10).Extract(SyncField.Description, 2, 40).Build();
        var (_, plain, lane, _) = LaneFor(definition, composed);
        var weekly = new Dictionary<string, string> { [VolumeFields.Description] = "weekly" };
        var volumes = Enumerable.Range(0, 4).Select(i => new Volume("A0000" + i.ToString(CultureInfo.InvariantCulture) + "L6", "LIBR", null, 1, weekly)).ToArray();
        var overlay = new ScopeOverlay(new CachedScope(new ScopeData(Lto, true, Repositories(), volumes)));
        string report = "A00000L6,weekly\nA00001L6,weekly\nA00002L6,weekly\nA00003L6,monthly\nA00000L6,weekly\nA00002L6,weekly\nA00003L6,weekly\n";
        await using var source = new DelimitedRecordSource(new System.IO.MemoryStream(System.Text.Encoding.UTF8.GetBytes(report)), ',');
        await using var records = new RecordBatchReader(source, default);
        Assert.True(await records.NextBatchAsync());

        // A00002L6 has a change waiting: from then on its record is not taken
        Func<Volume, bool> pending = v => v.Id == "A00002L6";
        var rows = new List<(long Taken, long Line)>();
        bool more = true;
        for (int call = 0; call < 4 && more; call++)
        {
            long taken = lane.TakeRow(records, plain, overlay, Lto, call < 1 ? null : pending, out var record, out more);
            rows.Add((taken, more ? record.LineNumber : -1));
        }

        // lines 1-3 taken, line 4 (another description) not; line 4 was handed back, so the next call starts at line 5:
        // taken, then line 6 (pending) handed back; line 7 taken and the batch over
        Assert.Equal(new[] { (3L, 4L), (1L, 6L), (1L, -1L) }, rows);
        Assert.Equal(0, plain.RecordsRead);
    }

    [Fact]
    public void The_issue_14_definition_has_the_lane_and_other_shapes_or_options_do_not()
    {
        var options = new SyncOptions { TimeZone = TimeZoneInfo.Utc };
        var report = HotPathTests.ReportDefinition();
        var lane = UnchangedLane.Create(new RecordImporter(report), new UnchangedCheck(report, options));
        Assert.NotNull(lane);
        Assert.True(lane.IsComposed, "this runtime makes code: the lane should be the one composed for the definition");

        // CUSTOMER, MEDIA's literal, VOLUME, REPOSITORY (translated by exact value), DESCRIPTION and MOVEDATE: each
        // element cut by the code for its case, none by the one-pass import's general cut
        Assert.Equal(new[] { "PlainCut", "LiteralCut", "PlainCut", "ExactCut", "PlainCut", "PlainCut" }, lane.Cuts);

        // the inventory takes every record the full way
        Assert.Null(UnchangedLane.Create(new RecordImporter(report), new UnchangedCheck(report, new SyncOptions { Inventory = true })));

        // translations by pattern, to a constant or of the value, take the lane (composed too)
        var patterned = Definition("VOLUME,REPOSITORY,DESCRIPTION", b => b.AddTranslation(SyncField.Repository, "Lib*", "LIBR").AddTranslation(SyncField.Description, "week*", "~~~~"));
        var patternedLane = UnchangedLane.Create(new RecordImporter(patterned), new UnchangedCheck(patterned, options));
        Assert.True(patternedLane?.IsComposed);
        Assert.Equal(new[] { "LiteralCut", "LiteralCut", "PlainCut", "ExtractedCut", "ExtractedCut" }, patternedLane!.Cuts);

        // a marker record and a write time (checked by the general validation) have no lane
        var terminated = Definition("VOLUME,REPOSITORY", b => b.AddString(RecordRuleType.Terminate, 0, "END"));
        Assert.Null(UnchangedLane.Create(new RecordImporter(terminated), new UnchangedCheck(terminated, options)));
        var written = Definition("VOLUME,WRITETIME");
        Assert.Null(UnchangedLane.Create(new RecordImporter(written), new UnchangedCheck(written, options)));

        // an exclusion on a field no record gives, which its empty value matches, excludes every record: no lane
        var excludedAll = Definition("VOLUME", b => b.AddExclusionOnValue(SyncField.Slot, "!5*"));
        Assert.Null(UnchangedLane.Create(new RecordImporter(excludedAll), new UnchangedCheck(excludedAll, options)));
        var excludedNone = Definition("VOLUME", b => b.AddExclusionOnValue(SyncField.Slot, "5*"));
        Assert.NotNull(UnchangedLane.Create(new RecordImporter(excludedNone), new UnchangedCheck(excludedNone, options)));
    }

    [Fact]
    public async Task Runs_with_the_lane_and_without_it_report_the_same()
    {
        var random = new Random(77);
        long unchanged = 0;
        long byLane = 0;
        for (int round = 0; round < 200; round++)
        {
            var (definition, columns) = RandomDefinition(random);
            var volumes = RandomVolumes(random);
            var lines = new List<string> { "volume,heading" };
            for (int r = 0; r < 60; r++)
            {
                lines.Add(RandomRecord(random, r + 2, columns).ToString());
            }

            var reports = new List<string>();
            foreach (bool lane in new[] { true, false })
            {
                var harness = new SyncHarness();
                harness.Session.AddMedia(new ScopeKey("US02", "LTO"), Repositories());
                foreach (var volume in volumes)
                {
                    harness.Session.PutVolume(Lto, volume);
                }

                var pipeline = harness.Pipeline(definition);
                pipeline.PlainLane = lane;
                await using var source = Source(lines.ToArray());
                var result = await pipeline.RunAsync(source);
                var s = result.Statistics;
                unchanged += lane ? s.VolumesUnchanged : 0;
                byLane += result.UnchangedByLane;
                Assert.True(lane || result.UnchangedByLane == 0, "a run without the lane took it");
                reports.Add(string.Join(
                    "\n",
                    new[] { $"read {s.RecordsRead} headers {s.HeaderRecords} excluded {s.RecordsExcluded} passed {s.RecordsPassedOver} unchanged {s.VolumesUnchanged} updated {s.VolumesUpdated} errors {s.RecordErrors} scopes {s.Scopes} downloads {s.ScopeDownloads} {Counts(result)}" }
                        .Concat(Changes(result)).Concat(Warnings(result)).Concat(Errors(result))));
            }

            Assert.Equal(reports[1], reports[0]);
        }

        // and the runs had unchanged records to take the lane
        Assert.True(unchanged > 200, $"only {unchanged} records were unchanged");
        Assert.True(byLane > 100, $"only {byLane} unchanged records took the lane");
    }

    // a definition of the one-pass shape, most of the time with the lane: VOLUME in element 1, CUSTOMER in element 2
    // or a literal, MEDIA a literal, then some of the optional fields; exact translations, exclusions
    private static (SyncDefinition Definition, List<SyncField> Columns) RandomDefinition(Random random)
    {
        var builder = new SyncDefinitionBuilder().SetCsvDelimiter(',').SetMoveDateFormat("%Y-%m-%d");
        var columns = new List<SyncField> { SyncField.Volume };
        builder.Extract(SyncField.Volume, 1, random.Next(3) == 0 ? 6 : 10);
        if (random.Next(2) == 0)
        {
            columns.Add(SyncField.Customer);
            builder.Extract(SyncField.Customer, 2, 4);
        }
        else
        {
            builder.SetLiteral(SyncField.Customer, random.Next(5) == 0 ? "US02" : "US01 ");
        }

        builder.SetLiteral(SyncField.Media, "LTO");
        foreach (var field in Optional)
        {
            if (random.Next(2) == 0)
            {
                columns.Add(field);
                builder.Extract(field, columns.Count, field == SyncField.Description ? 256 : random.Next(4, 12));
            }
        }

        foreach (var field in Rewritten)
        {
            if (random.Next(4) == 0)
            {
                columns.Add(field);
                builder.Extract(field, columns.Count, random.Next(4, 12));
            }
        }

        for (int t = random.Next(4); t > 0; t--)
        {
            var field = columns[random.Next(columns.Count)];
            var (from, to) = ExactTranslations[random.Next(ExactTranslations.Length)];
            builder.AddTranslation(field, from, to);
        }

        if (random.Next(2) == 0)
        {
            // the heading's exclusion, or another at the record's start or further in: plain and prefix patterns (whose
            // first character the lane tests first), one that most records share that character with, negated and
            // general ones
            var (offset, filter) = RecordExclusions[random.Next(4) == 0 ? random.Next(RecordExclusions.Length) : 0];
            builder.AddString(RecordRuleType.Exclusion, offset, filter);
        }

        if (random.Next(2) == 0)
        {
            builder.AddExclusionOnValue(SyncField.Volume, "CLN*");
        }

        if (random.Next(5) == 0)
        {
            builder.AddExclusionOnValue(columns[random.Next(columns.Count)], "month*");
        }

        if (random.Next(2) == 0)
        {
            // a translation by pattern, to a constant or of the value (* ~ ^), some that keep a value as the volume has it
            var (from, to) = PatternTranslations[random.Next(4) == 0 ? random.Next(6, 12) : random.Next(6)];
            builder.AddTranslation(columns[random.Next(columns.Count)], from, to);
        }

        if (random.Next(4) == 0)
        {
            // a move date in another format: the lanes read and rewrite it as the general validation does
            builder.SetMoveDateFormat("%d/%m/%Y");
        }

        return (builder.Build(), columns);
    }

    private static Volume[] RandomVolumes(Random random)
    {
        string[] repositories = { "LIBR", "OFFS", "RACK" };
        string Pick(string[] values) => values[random.Next(values.Length)];
        return Ids.Select((id, i) =>
        {
            var fields = new Dictionary<string, string>
            {
                [VolumeFields.Description] = Pick(new[] { "weekly", "weekly  ", "monthly" }),
                [VolumeFields.MoveDate] = Pick(new[] { "2026-01-02", "2026-01-03" }),
            };
            if (random.Next(2) == 0)
            {
                fields[VolumeFields.Slot] = Pick(new[] { "12", "012" });
            }

            if (random.Next(3) == 0)
            {
                fields[VolumeFields.Attribute(3)] = "weekly";
            }

            if (random.Next(2) == 0)
            {
                fields[VolumeFields.Scratch] = "true";
            }

            if (random.Next(2) == 0)
            {
                fields[VolumeFields.UsageCount] = "12";
            }

            string current = Pick(repositories);
            return new Volume(id, current, random.Next(4) == 0 ? Pick(repositories) : null, i + 1, fields);
        }).ToArray();
    }

    // a lane for the definition (composed or interpreted, as asked) with its importer, and the usual way's own
    private static (UnchangedCheck Check, RecordImporter Plain, UnchangedLane Lane, RecordImporter Usual) LaneFor(SyncDefinition definition, bool composed)
    {
        var check = new UnchangedCheck(definition, new SyncOptions { TimeZone = TimeZoneInfo.Utc });
        var plain = new RecordImporter(definition);
        var lane = UnchangedLane.Create(plain, check, composed);
        Assert.NotNull(lane);
        Assert.Equal(composed, lane.IsComposed);
        return (check, plain, lane, new RecordImporter(definition));
    }

    // one delimited line as a record
    private static SourceRecord Line(string text)
    {
        var record = new SourceRecord();
        record.Reset(1);
        record.SetText(text.AsSpan());
        record.SplitText(',');
        return record;
    }

    // the usual way's answer: a body record of the key's scope, its volume found, nothing to change
    private static bool UsualAnswer(RecordImporter usual, UnchangedCheck check, ScopeOverlay overlay, ScopeKey key, SourceRecord record) =>
        usual.ImportInPlace(record) == ImportStatus.Body
        && usual.ValueOf(SyncField.Customer).SequenceEqual(key.Customer.AsSpan())
        && usual.ValueOf(SyncField.Media).SequenceEqual(key.Media.AsSpan())
        && overlay.TryGetVolume(usual.ValueOf(SyncField.Volume), out var volume)
        && check.IsUnchanged(usual, overlay.Scope, volume!);

    private static SourceRecord RandomRecord(Random random, long line, List<SyncField> columns)
    {
        var values = columns.Select(field => Values[field][random.Next(Values[field].Length)]).ToList();
        if (random.Next(10) == 0)
        {
            values.RemoveAt(values.Count - 1);
        }

        string text = random.Next(25) switch
        {
            0 => "volume,heading",
            1 => "   ",
            _ => string.Join(",", values),
        };
        var record = new SourceRecord();
        record.Reset(line);
        record.SetText(text.AsSpan());
        if (random.Next(2) == 0)
        {
            record.SplitText(',');
        }
        else
        {
            foreach (var value in text.Split(','))
            {
                record.AddElement(value.AsSpan());
            }
        }

        return record;
    }
}
