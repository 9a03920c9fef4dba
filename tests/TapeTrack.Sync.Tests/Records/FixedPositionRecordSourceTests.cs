using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using TapeTrack.Sync.Records;
using static TapeTrack.Sync.Tests.Records.SourceReading;

namespace TapeTrack.Sync.Tests.Records;

public class FixedPositionRecordSourceTests
{
    [Theory]
    [InlineData("one\ntwo\n\nfour")]
    [InlineData("one\r\ntwo\r\n\r\nfour\r\n")]
    public async Task Each_line_is_a_record_with_its_line_number(string text)
    {
        var records = await ReadFixedAsync(text);
        Assert.Equal(new[] { "one", "two", string.Empty, "four" }, records.Select(r => r.ToString()).ToArray());
        Assert.Equal(new long[] { 1, 2, 3, 4 }, records.Select(r => r.LineNumber).ToArray());
        Assert.All(records, r => Assert.Equal(0, r.ElementCount));
    }

    [Fact]
    public async Task Quotes_mean_nothing_in_a_report()
    {
        var records = await ReadFixedAsync("a \"quoted\nb\n");
        Assert.Equal(new[] { "a \"quoted", "b" }, records.Select(r => r.ToString()).ToArray());
    }

    [Fact]
    public async Task Utf8_byte_order_mark_is_skipped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("A00001L6\n")).ToArray();
        var records = await ReadAllAsync(new FixedPositionRecordSource(new MemoryStream(bytes)));
        Assert.Equal("A00001L6", Assert.Single(records).ToString());
    }

    [Fact]
    public async Task Latin1_report_is_decoded_by_option()
    {
        var bytes = new byte[] { 0x41, 0xE9, 0x0D, 0x0A, 0x42 }; // "Aé\r\nB"
        var records = await ReadAllAsync(new FixedPositionRecordSource(new MemoryStream(bytes), new TextSourceOptions { Encoding = TextSourceOptions.GetEncoding("ISO-8859-1") }));
        Assert.Equal(new[] { "Aé", "B" }, records.Select(r => r.ToString()).ToArray());
    }

    [Fact]
    public async Task Oversized_line_is_one_problem_record_and_the_next_lines_are_read()
    {
        var options = new TextSourceOptions { MaxRecordLength = 10 };
        var records = await ReadFixedAsync("short\n" + new string('x', 50_000) + "\nnext\n", options);
        Assert.Equal(3, records.Count);
        Assert.Equal("the record is longer than 10 characters", records[1].Problem);
        Assert.Equal(2, records[1].LineNumber);
        Assert.Equal("next", records[2].ToString());
        Assert.Equal(3, records[2].LineNumber);
    }

    [Fact]
    public async Task Oversized_line_does_not_grow_the_window_past_the_limit()
    {
        const int limit = 32 * 1024;
        var source = new FixedPositionRecordSource(new RepeatingStream("first\r\n", new string('y', 16 * 1024 * 1024) + "\r\nlast"), new TextSourceOptions { MaxRecordLength = limit });
        var records = await ReadAllAsync(source);
        Assert.Equal(3, records.Count);
        Assert.NotNull(records[1].Problem);
        Assert.Equal("last", records[2].ToString());
        Assert.Equal(3, records[2].LineNumber);
        Assert.InRange(source.PeakWindowLength, 1, limit + (64 * 1024));
    }

    [Fact]
    public async Task Oversized_last_line_without_a_line_break_is_one_problem_record()
    {
        var records = await ReadFixedAsync("a\n" + new string('x', 40_000), new TextSourceOptions { MaxRecordLength = 100 });
        Assert.Equal(2, records.Count);
        Assert.NotNull(records[1].Problem);
    }

    [Fact]
    public async Task Long_lines_within_the_limit_are_read_whole()
    {
        string line = new string('q', 200_000);
        var records = await ReadAllAsync(new FixedPositionRecordSource(new TrickleStream(Encoding.UTF8.GetBytes(line + "\n" + line), 4096)));
        Assert.Equal(2, records.Count);
        Assert.Equal(line, records[1].ToString());
    }
}
