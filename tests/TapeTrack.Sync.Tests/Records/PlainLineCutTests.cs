using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Tests.Records;

/// <summary>
/// The fast ways of reading delimited input (issue 14) against the general one: the vectorised cut of quote-free
/// lines against the character scan, and the batches the pipeline reads against <see cref="IRecordSource.ReadAsync"/>.
/// </summary>
public class PlainLineCutTests
{
    private static readonly string[] Pieces = { "a", "bc", "LTO", "000123L6", " ", "", "\"q\"", "\"a,b\"", "\"x\"\"y\"", "\"two\nlines\"", "é", "\t", "\"", "\r", "0123456789abcdef", "ü€" };

    private static string RandomInput(Random random, char delimiter)
    {
        var text = new StringBuilder();
        int lines = random.Next(0, 40);
        for (int l = 0; l < lines; l++)
        {
            // now and then a line of more elements than a record first has room for (the cut then makes room)
            int fields = random.Next(30) == 0 ? random.Next(12, 200) : random.Next(1, 12);
            for (int f = 0; f < fields; f++)
            {
                if (f > 0)
                {
                    text.Append(delimiter);
                }

                // mostly plain fields, now and then a quoted one, a stray quote or a long one
                int pick = random.Next(100);
                text.Append(pick < 80 ? Pieces[random.Next(6)] : pick < 97 ? Pieces[random.Next(Pieces.Length)] : new string('x', random.Next(1, 70)));
            }

            text.Append(random.Next(10) == 0 ? "\r\n" : "\n");
        }

        if (random.Next(3) == 0)
        {
            text.Append("last,line,without,break");
        }

        return text.ToString();
    }

    private static async Task<List<string>> ReadAsync(byte[] bytes, char delimiter, bool fast, int trickle, int maxRecordLength, bool wide = true)
    {
        var options = new TextSourceOptions { MaxRecordLength = maxRecordLength };
        Stream stream = trickle > 0 ? new TrickleStream(bytes, trickle) : new MemoryStream(bytes);
        await using var source = new DelimitedRecordSource(stream, delimiter, options) { PlainLineCut = fast, WideCut = wide };
        var seen = new List<string>();
        await foreach (var record in source.ReadAsync())
        {
            seen.Add(Describe(record));
        }

        return seen;
    }

    private static string Describe(SourceRecord record)
    {
        var text = new StringBuilder();
        text.Append(record.LineNumber).Append('|').Append(record.Problem).Append('|').Append(record.Text.ToString()).Append('|').Append(record.ElementCount);
        for (int i = 1; i <= record.ElementCount; i++)
        {
            text.Append('[').Append(record.GetElement(i).ToString()).Append(']');
        }

        return text.ToString();
    }

    [Fact]
    public async Task The_vectorised_cuts_give_the_records_the_general_scan_gives()
    {
        var random = new Random(14);
        int records = 0;
        for (int i = 0; i < 5_000; i++)
        {
            char delimiter = i % 3 == 0 ? ',' : i % 3 == 1 ? '\t' : ';';
            var bytes = Encoding.UTF8.GetBytes(RandomInput(random, delimiter));
            int trickle = i % 4 == 0 ? random.Next(1, 20) : 0;
            int limit = i % 5 == 0 ? random.Next(8, 40) : 1_000_000;
            var general = await ReadAsync(bytes, delimiter, fast: false, trickle, limit);
            var fast = await ReadAsync(bytes, delimiter, fast: true, trickle, limit);
            Assert.Equal(general, fast);

            // the eight-at-a-time cut of processors without 256-bit vectors
            var narrow = await ReadAsync(bytes, delimiter, fast: true, trickle, limit, wide: false);
            Assert.Equal(general, narrow);
            records += general.Count;
        }

        Assert.True(records > 50_000, $"{records} records compared");
    }

    [Fact]
    public async Task A_plain_line_is_split_into_its_fields_without_its_line_break()
    {
        var records = await ReadAsync(Encoding.UTF8.GetBytes("000123L6,000123L6,C001,LTO,Library,weekly_full,2026-01-05\r\n,,\nx\n"), ',', fast: true, trickle: 0, maxRecordLength: 1_000);

        Assert.Equal(
            new[]
            {
                "1||000123L6,000123L6,C001,LTO,Library,weekly_full,2026-01-05|7[000123L6][000123L6][C001][LTO][Library][weekly_full][2026-01-05]",
                "2||,,|3[][][]",
                "3||x|1[x]",
            },
            records);
    }

    [Fact]
    public async Task Lines_of_more_elements_than_a_record_first_has_room_for_are_cut_whole()
    {
        // 99 delimiters in a row (sixteen to a block of the wide cut), 33 elements, 200 one-character elements
        string many = new(',', 99);
        string some = string.Join(",", new string[33]);
        string wide = string.Join(",", Array.ConvertAll(new int[200], _ => "x"));
        var bytes = Encoding.UTF8.GetBytes($"{many}\na,b\n{some}\n{wide}\n{many}\n");
        var general = await ReadAsync(bytes, ',', fast: false, trickle: 0, maxRecordLength: 1_000);
        var fast = await ReadAsync(bytes, ',', fast: true, trickle: 0, maxRecordLength: 1_000);
        var narrow = await ReadAsync(bytes, ',', fast: true, trickle: 0, maxRecordLength: 1_000, wide: false);

        Assert.Equal(general, fast);
        Assert.Equal(general, narrow);
        Assert.Equal(5, fast.Count);
        Assert.StartsWith("1||" + many + "|100[]", fast[0], StringComparison.Ordinal);
        Assert.Equal("2||a,b|2[a][b]", fast[1]);
        Assert.StartsWith("3||" + some + "|33[]", fast[2], StringComparison.Ordinal);
        Assert.EndsWith("|200" + string.Concat(Array.ConvertAll(new int[200], _ => "[x]")), fast[3], StringComparison.Ordinal);
        Assert.StartsWith("5||" + many + "|100[]", fast[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batches_give_the_records_that_ReadAsync_gives()
    {
        var random = new Random(9);
        for (int i = 0; i < 500; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(RandomInput(random, ','));
            int trickle = i % 2 == 0 ? random.Next(1, 30) : 0;
            var expected = await ReadAsync(bytes, ',', fast: true, trickle, 1_000_000);

            var seen = new List<string>();
            await using var source = new DelimitedRecordSource(trickle > 0 ? new TrickleStream(bytes, trickle) : new MemoryStream(bytes), ',');
            var batches = new RecordBatchReader(source, CancellationToken.None);
            while (await batches.NextBatchAsync())
            {
                while (batches.TryNext(out var record))
                {
                    seen.Add(Describe(record));
                }
            }

            await batches.DisposeAsync();
            Assert.Equal(expected, seen);
        }
    }

    [Fact]
    public async Task A_record_taken_as_a_view_can_be_appended_to_and_cloned()
    {
        await using var source = new DelimitedRecordSource(new MemoryStream(Encoding.UTF8.GetBytes("a,b\nc,d\n")), ',');
        var kept = new List<SourceRecord>();
        await foreach (var record in source.ReadAsync())
        {
            kept.Add(record.Clone());
            record.AppendText("!".AsSpan());
            Assert.EndsWith("!", record.Text.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(new[] { "a,b", "c,d" }, kept.ConvertAll(r => r.Text.ToString()));
        Assert.Equal("d", kept[1].GetElement(2).ToString());
    }
}
