using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using TapeTrack.Sync.Records;
using static TapeTrack.Sync.Tests.Records.SourceReading;

namespace TapeTrack.Sync.Tests.Records;

public class DelimitedRecordSourceTests
{
    [Fact]
    public async Task Quoted_field_keeps_the_delimiter()
    {
        var records = await ReadDelimitedAsync("a,\"b,c\",d\n");
        var record = Assert.Single(records);
        Assert.Equal(new[] { "a", "b,c", "d" }, Elements(record));
        Assert.Equal("a,\"b,c\",d", record.ToString());
    }

    [Fact]
    public async Task Doubled_quote_inside_quotes_is_one_quote()
    {
        var records = await ReadDelimitedAsync("\"say \"\"hi\"\"\",x\n");
        Assert.Equal(new[] { "say \"hi\"", "x" }, Elements(Assert.Single(records)));
    }

    [Fact]
    public async Task Quote_inside_an_unquoted_field_is_literal()
    {
        var records = await ReadDelimitedAsync("ab\"c,d\ne,f\n");
        Assert.Equal(2, records.Count);
        Assert.Equal(new[] { "ab\"c", "d" }, Elements(records[0]));
        Assert.Equal(new[] { "e", "f" }, Elements(records[1]));
    }

    [Fact]
    public async Task Line_break_inside_quotes_is_part_of_the_field_and_moves_later_line_numbers()
    {
        var records = await ReadDelimitedAsync("1,\"two\nlines\",x\n2,\"three\r\nline\nfield\",y\n3,z\n");
        Assert.Equal(3, records.Count);
        Assert.Equal(new[] { "1", "two\nlines", "x" }, Elements(records[0]));
        Assert.Equal(new[] { "2", "three\r\nline\nfield", "y" }, Elements(records[1]));
        Assert.Equal(new[] { "3", "z" }, Elements(records[2]));
        Assert.Equal(new long[] { 1, 3, 6 }, records.Select(r => r.LineNumber).ToArray());
    }

    [Theory]
    [InlineData("a,b\nc,d\n")]
    [InlineData("a,b\r\nc,d\r\n")]
    [InlineData("a,b\r\nc,d")]
    [InlineData("a,b\nc,d")]
    public async Task LF_and_CRLF_end_records(string text)
    {
        var records = await ReadDelimitedAsync(text);
        Assert.Equal(2, records.Count);
        Assert.Equal(new[] { "a", "b" }, Elements(records[0]));
        Assert.Equal(new[] { "c", "d" }, Elements(records[1]));
        Assert.Equal("c,d", records[1].ToString());
        Assert.Equal(2, records[1].LineNumber);
    }

    [Fact]
    public async Task Tab_delimiter_splits_on_tabs()
    {
        var records = await ReadDelimitedAsync("A1\tB 2\t\"C\t3\"\n", '\t');
        Assert.Equal(new[] { "A1", "B 2", "C\t3" }, Elements(Assert.Single(records)));
    }

    [Fact]
    public async Task Empty_fields_are_kept()
    {
        var records = await ReadDelimitedAsync(",x,,\n");
        Assert.Equal(new[] { string.Empty, "x", string.Empty, string.Empty }, Elements(Assert.Single(records)));
    }

    [Fact]
    public async Task Utf8_byte_order_mark_is_skipped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("é1,b\n")).ToArray();
        var records = await ReadAllAsync(new DelimitedRecordSource(new MemoryStream(bytes), ','));
        Assert.Equal(new[] { "é1", "b" }, Elements(Assert.Single(records)));
    }

    [Fact]
    public async Task Latin1_input_is_decoded_by_option()
    {
        var bytes = new byte[] { 0xC9, 0x31, 0x2C, 0xFC, 0x0A }; // "É1,ü\n"
        var options = new TextSourceOptions { Encoding = TextSourceOptions.GetEncoding("latin1") };
        var records = await ReadAllAsync(new DelimitedRecordSource(new MemoryStream(bytes), ',', options));
        Assert.Equal(new[] { "É1", "ü" }, Elements(Assert.Single(records)));
    }

    [Fact]
    public async Task Windows1252_input_is_decoded_by_option()
    {
        var bytes = new byte[] { 0x80, 0x31, 0x2C, 0x93, 0x71, 0x94, 0x0A }; // "€1,“q”\n"
        var options = new TextSourceOptions { Encoding = TextSourceOptions.GetEncoding("windows-1252") };
        var records = await ReadAllAsync(new DelimitedRecordSource(new MemoryStream(bytes), ',', options));
        Assert.Equal(new[] { "\u20AC1", "\u201Cq\u201D" }, Elements(Assert.Single(records)));
    }

    [Fact]
    public void Unknown_encoding_name_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => TextSourceOptions.GetEncoding("no-such-encoding"));
        Assert.Contains("no-such-encoding", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unclosed_quote_costs_only_its_own_line()
    {
        var records = await ReadDelimitedAsync("a,b\nc,\"open\nstill open");
        Assert.Equal(3, records.Count);
        Assert.Null(records[0].Problem);
        Assert.Equal(2, records[1].LineNumber);
        Assert.Contains("never closed", records[1].Problem, StringComparison.Ordinal);
        Assert.Equal(3, records[2].LineNumber);
        Assert.Null(records[2].Problem);
        Assert.Equal("still open", records[2].ToString());
    }

    [Fact]
    public async Task A_stray_quote_before_lines_with_quoted_fields_costs_only_its_own_line()
    {
        var records = await ReadDelimitedAsync("E01002L8,\"Daily\",LIBR\nE01003L8,\"Daily_Incr,LIBR\nE01004L8,\"Weekly\",OFFS\r\nE01005L8,Monthly,OFFS\n");

        Assert.Equal(new long[] { 1, 2, 3, 4 }, records.Select(r => r.LineNumber).ToArray());
        Assert.Equal(new string?[] { null, null, null }, new[] { records[0].Problem, records[2].Problem, records[3].Problem });
        Assert.Contains("never closed", records[1].Problem, StringComparison.Ordinal);
        Assert.Equal(new[] { "E01004L8", "Weekly", "OFFS" }, Elements(records[2]));
        Assert.Equal(new[] { "E01005L8", "Monthly", "OFFS" }, Elements(records[3]));
    }

    [Fact]
    public async Task A_quoted_field_spanning_lines_and_closed_properly_is_one_record()
    {
        var records = await ReadDelimitedAsync("a,\"two\nlines\",b\nc,d\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(new[] { "a", "two\nlines", "b" }, Elements(records[0]));
        Assert.Equal(3, records[1].LineNumber);
    }

    [Fact]
    public async Task Lines_ended_by_CR_alone_are_records_of_their_own()
    {
        // classic Mac OS line ends: read as one record, the second line's start was cut into the first's last value
        var records = await ReadDelimitedAsync("V00001,d1,OFFS\rV00002,d2,OFFS\rV00003,\"two\rlines\",LIBR");

        Assert.Equal(3, records.Count);
        Assert.Equal(new[] { "V00001", "d1", "OFFS" }, Elements(records[0]));
        Assert.Equal(new[] { "V00002", "d2", "OFFS" }, Elements(records[1]));
        Assert.Equal(new[] { "V00003", "two\nlines", "LIBR" }, Elements(records[2]));
        Assert.Equal(new long[] { 1, 2, 3 }, records.Select(r => r.LineNumber).ToArray());
        Assert.All(records, r => Assert.Null(r.Problem));

        // decided before the first line could pass for one longer than a small limit
        var short20 = await ReadDelimitedAsync("V00001,d1,OFFS\rV00002,d2,OFFS\rV00003,d3,OFFS\r", ',', new TextSourceOptions { MaxRecordLength = 20 });
        Assert.Equal(new[] { "V00001", "V00002", "V00003" }, short20.Select(r => Elements(r)[0]).ToArray());
        Assert.All(short20, r => Assert.Null(r.Problem));

        // where lines end with LF (or CRLF), a CR within a line stays part of its value
        var lf = await ReadDelimitedAsync("a,b\rc\r\nd,e\n");
        Assert.Equal(new[] { "a", "b\rc" }, Elements(lf[0]));
        Assert.Equal(new[] { "d", "e" }, Elements(lf[1]));
    }

    [Fact]
    public async Task Lines_ended_by_CR_alone_are_read_across_many_buffers()
    {
        var text = string.Concat(Enumerable.Range(1, 20_000).Select(i => $"V{i:D5},description {i},OFFS\r"));

        var records = await ReadDelimitedAsync(text);

        Assert.Equal(20_000, records.Count);
        Assert.Equal(new[] { "V20000", "description 20000", "OFFS" }, Elements(records[^1]));
        Assert.Equal(20_000, records[^1].LineNumber);
        Assert.All(records, r => Assert.Equal(3, r.ElementCount));
    }

    [Fact]
    public async Task A_record_with_bytes_that_are_not_UTF8_is_a_problem_record_and_the_others_are_read()
    {
        // 0xE9 is Latin-1's é: in UTF-8 it cannot be decoded, and a value with U+FFFD must not reach the server
        var bytes = new byte[] { (byte)'a', (byte)',', (byte)'b', (byte)'\n', (byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)',', (byte)'x', (byte)'\n', (byte)'d', (byte)',', (byte)'e', (byte)'\n' };

        var records = await ReadAllAsync(new DelimitedRecordSource(new MemoryStream(bytes), ','));

        Assert.Equal(3, records.Count);
        Assert.Null(records[0].Problem);
        Assert.Equal(2, records[1].LineNumber);
        Assert.Equal("the record holds bytes that are not UTF-8 (each shown as U+FFFD); is the report written in another encoding? Name it (the tool's --encoding)", records[1].Problem);
        Assert.Equal("caf\uFFFD,x", records[1].Text.ToString());
        Assert.Null(records[2].Problem);
        Assert.Equal(new[] { "d", "e" }, Elements(records[2]));

        // read as Latin-1, as the report was written, the same bytes are a plain record
        var latin1 = await ReadAllAsync(new DelimitedRecordSource(new MemoryStream(bytes), ',', new TextSourceOptions { Encoding = TextSourceOptions.GetEncoding("latin1") }));
        Assert.All(latin1, r => Assert.Null(r.Problem));
        Assert.Equal(new[] { "caf\u00E9", "x" }, Elements(latin1[1]));

        // a U+FFFD the report really holds (written as UTF-8) is a value like any other
        var genuine = await ReadDelimitedAsync("a,\uFFFD\n");
        Assert.Null(Assert.Single(genuine).Problem);
    }

    [Fact]
    public async Task Oversized_record_is_one_problem_record_and_the_next_records_are_read()
    {
        string longLine = new string('x', 100_000);
        var options = new TextSourceOptions { MaxRecordLength = 1000 };
        // the quote opened on the oversized line closes on the next, within the limit: both lines are the one record
        var records = await ReadDelimitedAsync($"a,b\n{longLine},\"q\nstill quoted\"\nc,d\n", ',', options);
        Assert.Equal(3, records.Count);
        Assert.Equal(new[] { "a", "b" }, Elements(records[0]));
        Assert.Equal(2, records[1].LineNumber);
        Assert.Equal("the record is longer than 1000 characters", records[1].Problem);
        Assert.Equal(0, records[1].Text.Length);
        Assert.Equal(new[] { "c", "d" }, Elements(records[2]));
        Assert.Equal(4, records[2].LineNumber);
    }

    [Fact]
    public async Task Unclosed_quote_on_an_oversized_line_costs_only_that_line()
    {
        string longLine = new string('x', 5000);
        var options = new TextSourceOptions { MaxRecordLength = 1000 };
        var text = $"a,b\nV1,\"{longLine}\nV2,b,c\nV3,\"d\",e\n";
        var records = await ReadAllAsync(new DelimitedRecordSource(new TrickleStream(Encoding.UTF8.GetBytes(text), 100), ',', options));

        Assert.Equal(new long[] { 1, 2, 3, 4 }, records.Select(r => r.LineNumber).ToArray());
        Assert.Equal("the record is longer than 1000 characters", records[1].Problem);
        Assert.Equal(new[] { "V2", "b", "c" }, Elements(records[2]));
        Assert.Equal(new[] { "V3", "d", "e" }, Elements(records[3]));
    }

    [Fact]
    public async Task Unclosed_quote_on_an_oversized_line_followed_by_more_than_the_limit_costs_only_that_line()
    {
        string longLine = new string('x', 5000);
        string rest = string.Concat(Enumerable.Range(1, 200).Select(i => $"V{i},d{i}\n"));
        var options = new TextSourceOptions { MaxRecordLength = 1000 };
        var text = $"V0,\"{longLine}\n{rest}";
        var records = await ReadAllAsync(new DelimitedRecordSource(new TrickleStream(Encoding.UTF8.GetBytes(text), 100), ',', options));

        Assert.Equal(201, records.Count);
        Assert.Equal("the record is longer than 1000 characters", records[0].Problem);
        Assert.Equal(new[] { "V1", "d1" }, Elements(records[1]));
        Assert.Equal(2, records[1].LineNumber);
        Assert.Equal(new[] { "V200", "d200" }, Elements(records[200]));
        Assert.Equal(201, records[200].LineNumber);
    }

    [Fact]
    public async Task Oversized_record_does_not_grow_the_window_past_the_limit()
    {
        const int limit = 64 * 1024;
        var stream = new RepeatingStream("a,b\n", new string('y', 20 * 1024 * 1024) + "\nc,d\n");
        var source = new DelimitedRecordSource(stream, ',', new TextSourceOptions { MaxRecordLength = limit });
        var records = await ReadAllAsync(source);
        Assert.Equal(3, records.Count);
        Assert.NotNull(records[1].Problem);
        Assert.Equal(new[] { "c", "d" }, Elements(records[2]));
        Assert.Equal(3, records[2].LineNumber);
        Assert.InRange(source.PeakWindowLength, 1, limit + (64 * 1024));
    }

    [Fact]
    public async Task Record_exactly_at_the_limit_is_read()
    {
        string line = new string('z', 50);
        var records = await ReadDelimitedAsync($"{line}\r\nnext\r\n", ',', new TextSourceOptions { MaxRecordLength = 50 });
        Assert.Equal(2, records.Count);
        Assert.Null(records[0].Problem);
        Assert.Equal(line, records[0].ToString());
    }

    [Fact]
    public async Task Records_split_across_many_small_reads_are_whole()
    {
        var text = string.Concat(Enumerable.Range(1, 2000).Select(i => $"{i},\"v,{i}\"\r\n"));
        var records = await ReadAllAsync(new DelimitedRecordSource(new TrickleStream(Encoding.UTF8.GetBytes(text), 7), ','));
        Assert.Equal(2000, records.Count);
        Assert.Equal(new[] { "1234", "v,1234" }, Elements(records[1233]));
        Assert.Equal(1234, records[1233].LineNumber);
    }
}
