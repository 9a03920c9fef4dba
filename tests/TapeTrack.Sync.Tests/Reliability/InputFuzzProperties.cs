using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Tests.Records;

namespace TapeTrack.Sync.Tests.Reliability;

/// <summary>
/// Issue 13: whatever the input, the definition loader ends in a definition or a <see cref="DefinitionException"/> whose
/// every error has a position; a record source hands out records or record errors and ends; the store-file reader
/// hands out items or a <see cref="StoreFormatException"/> with a JSON path. Never another exception, never a hang.
/// Inputs are random bytes and mutations (flip, insert, delete, duplicate a slice) of the shared fixtures, so most of
/// them are near-valid and reach deep into each parser. Each case runs under a time limit.
/// </summary>
public class InputFuzzProperties
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private static readonly TtidefLoader Loader = new(new TtidefLoaderOptions { EnvironmentVariables = null });

    private static readonly byte[][] Definitions =
    {
        File.ReadAllBytes(TestPaths.Fixture("csv-source", "csv_source.ttidef")),
        File.ReadAllBytes(TestPaths.Fixture("paged-report", "drm_report.ttidef")),
    };

    private static readonly byte[][] Reports =
    {
        File.ReadAllBytes(TestPaths.Fixture("csv-source", "CSV_source.csv")),
        Encoding.UTF8.GetBytes(string.Join("\n", File.ReadLines(TestPaths.Fixture("paged-report", "drm_report.txt")).Take(60))),
    };

    private static readonly byte[] StoreFile = File.ReadAllBytes(SampleStore.Path);

    // Bytes that matter to the parsers: quotes, delimiters, line breaks, JSON punctuation, UTF-8 lead and trail bytes, NUL.
    private static readonly byte[] Interesting = Encoding.UTF8.GetBytes("\"\\,;\t\r\n ()[]{}:*?|!%#-0123456789eE.tfn\0")
        .Concat(new byte[] { 0xEF, 0xBB, 0xBF, 0xC3, 0xA9, 0xFF, 0x80, 0xE2 }).ToArray();

    [Property(MaxTest = 300)]
    public Property A_mutated_definition_loads_or_is_refused_with_positions() =>
        Prop.ForAll(Mutated(Definitions).ToArbitrary(), bytes =>
        {
            string text = new UTF8Encoding(false).GetString(bytes);
            return Timed(() => LoadsOrRefusesWithPositions(() => Loader.Parse(text, "fuzz.ttidef"), "fuzz.ttidef"));
        });

    [Property(MaxTest = 60)]
    public Property A_mutated_definition_file_that_includes_itself_or_a_mutated_file_loads_or_is_refused() =>
        Prop.ForAll(Mutated(Definitions).ToArbitrary(), Mutated(Definitions).ToArbitrary(), (main, included) =>
        {
            string folder = Path.Combine(Path.GetTempPath(), $"tt-fuzz-{Guid.NewGuid():N}");
            Directory.CreateDirectory(folder);
            try
            {
                // the main file includes the second and itself; the second includes the main: cycles and nesting
                File.WriteAllBytes(Path.Combine(folder, "main.ttidef"), main.Concat(Encoding.UTF8.GetBytes("\nInclude(\"Include.ttidef\")\nInclude(\"main.ttidef\")\n")).ToArray());
                File.WriteAllBytes(Path.Combine(folder, "Include.ttidef"), included.Concat(Encoding.UTF8.GetBytes("\nInclude(\"main.ttidef\")\n")).ToArray());
                string path = Path.Combine(folder, "main.ttidef");
                return Timed(() => LoadsOrRefusesWithPositions(() => Loader.LoadAsync(path).AsTask().GetAwaiter().GetResult(), null));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        });

    [Property(MaxTest = 300)]
    public Property Any_bytes_through_a_delimited_source_give_records_or_record_errors() =>
        Prop.ForAll(
            (from bytes in Gen.OneOf(Mutated(Reports), RandomBytes())
             from delimiter in Gen.Elements(',', ';', '\t', '|', ' ', 'a', '\0')
             from maxLength in Gen.Choose(1, 64)
             from chunk in Gen.Choose(1, 17)
             select (bytes, delimiter, maxLength, chunk)).ToArbitrary(),
            c => Timed(() => RecordsOrRecordErrors(
                new DelimitedRecordSource(new TrickleStream(c.bytes, c.chunk), c.delimiter, new TextSourceOptions { MaxRecordLength = c.maxLength }),
                c.maxLength,
                c.bytes)));

    [Property(MaxTest = 300)]
    public Property Any_bytes_through_a_fixed_position_source_give_records_or_record_errors() =>
        Prop.ForAll(
            (from bytes in Gen.OneOf(Mutated(Reports), RandomBytes())
             from maxLength in Gen.Choose(1, 64)
             from chunk in Gen.Choose(1, 17)
             from encoding in Gen.Elements("utf-8", "latin1", "windows-1252")
             select (bytes, maxLength, chunk, encoding)).ToArbitrary(),
            c => Timed(() => RecordsOrRecordErrors(
                new FixedPositionRecordSource(new TrickleStream(c.bytes, c.chunk), new TextSourceOptions { MaxRecordLength = c.maxLength, Encoding = TextSourceOptions.GetEncoding(c.encoding) }),
                c.maxLength,
                c.bytes)));

    // Standard input is a pipe: a stream that cannot seek and gives a few bytes per read, opened the way the tool opens it.
    [Property(MaxTest = 200)]
    public Property Any_bytes_through_standard_input_give_records_or_record_errors(bool delimited) =>
        Prop.ForAll(
            Gen.OneOf(Mutated(Reports), RandomBytes()).ToArbitrary(),
            Gen.Choose(1, 9).ToArbitrary(),
            (bytes, chunk) =>
            {
                var builder = new SyncDefinitionBuilder().SetLiteral(SyncField.Customer, "US01").SetLiteral(SyncField.Media, "LTO").Extract(SyncField.Volume, 1, 8);
                var definition = (delimited ? builder.SetCsvDelimiter(',') : builder).Build();
                return Timed(() => RecordsOrRecordErrors(RecordSources.OpenStream(definition, new PipeStream(bytes, chunk), leaveOpen: false), int.MaxValue, bytes));
            });

    // The model: LF or CRLF ends a line (or CR, in an input with no LF: these are shorter than the 4,096 characters the
    // source decides on), a last line without a break is a record, nothing else is cut or lost.
    [Property(MaxTest = 300)]
    public Property Fixed_position_records_are_the_lines_of_the_input() =>
        Prop.ForAll(
            Gen.Elements("a", "b", " ", "\t", "\"", ",", "é", "\u20AC", "\r", "\n", "\r\n").ListOf().Select(p => string.Concat(p)).ToArbitrary(),
            Gen.Choose(1, 7).ToArbitrary(),
            (text, chunk) =>
            {
                // unless the first line end is a CR followed by something else than LF: then every CR ends a line
                string model = !text.Contains('\n') && text.Contains('\r') ? text.Replace('\r', '\n') : text;
                var lines = model.Split('\n').Select(l => l.EndsWith('\r') ? l[..^1] : l).ToList();
                if (model.Length == 0 || model.EndsWith('\n'))
                {
                    lines.RemoveAt(lines.Count - 1);
                }

                var records = Timed(() => SourceReading.ReadAllAsync(new FixedPositionRecordSource(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk))).GetAwaiter().GetResult());
                return records.Select(r => r.ToString()).SequenceEqual(lines)
                    && records.Select(r => r.LineNumber).SequenceEqual(Enumerable.Range(1, lines.Count).Select(i => (long)i));
            });

    [Property(MaxTest = 400)]
    public Property A_mutated_store_file_reads_or_is_refused_by_its_json_path(bool seekable) =>
        Prop.ForAll(Gen.OneOf(Mutated(new[] { StoreFile }), RandomBytes()).ToArbitrary(), bytes => Timed(() =>
        {
            Stream stream = seekable ? new MemoryStream(bytes) : new PipeStream(bytes, 4096);
            try
            {
                int items = 0;
                foreach (var item in StoreFileReader.Read(stream, "fuzz.json"))
                {
                    items++;
                    if (item is null)
                    {
                        return false;
                    }
                }

                return items >= 0;
            }
            catch (StoreFormatException e)
            {
                return e.JsonPath.StartsWith('$') && e.Message.StartsWith("fuzz.json: $", StringComparison.Ordinal);
            }
        }));

    [Fact]
    public async Task The_unmutated_fixtures_read_whole_so_that_the_mutations_start_from_valid_input()
    {
        Assert.Equal(7, StoreFileReader.Read(new MemoryStream(StoreFile), "store.json").Count(i => i.Volume is not null));
        foreach (var definition in Definitions)
        {
            Assert.NotNull(Loader.Parse(new UTF8Encoding(false).GetString(definition), "fixture.ttidef"));
        }

        var records = await SourceReading.ReadDelimitedAsync(Encoding.UTF8.GetString(Reports[0]));
        Assert.True(records.Count > 5);
        Assert.All(records, r => Assert.Null(r.Problem));
    }

    // found by the property above: a byte that is not UTF-8 inside a property name or a string escaped System.Text.Json as InvalidOperationException
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_store_file_with_text_that_is_not_utf8_is_refused_as_a_store_file_error(bool inName)
    {
        byte[] json = Encoding.UTF8.GetBytes(inName
            ? "{\"customers\": [{\"id\": \"US01\", \"X\": 1}]}"
            : "{\"customers\": [{\"id\": \"X\"}]}");
        int at = Array.IndexOf(json, (byte)'X');
        json[at] = 0xA5;
        foreach (var stream in new Stream[] { new MemoryStream(json), new PipeStream(json, 4096) })
        {
            var error = Assert.Throws<StoreFormatException>(() => StoreFileReader.Read(stream, "bad.json").ToList());
            Assert.Equal("$", error.JsonPath);
            Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
        }
    }

    private static bool LoadsOrRefusesWithPositions(Func<SyncDefinition> load, string? file)
    {
        try
        {
            var definition = load();
            return definition.Warnings.All(w => w.Severity == DiagnosticSeverity.Warning);
        }
        catch (DefinitionException e)
        {
            // every error names its file and a line and column in it; none is one of ours that escaped as "internal error"
            return e.Errors.Any()
                && e.Errors.All(d => !string.IsNullOrEmpty(d.File) && (file is null || d.File == file || d.File.EndsWith(".ttidef", StringComparison.Ordinal)) && d.Line >= 1 && d.Column >= 1)
                && !e.Diagnostics.Any(d => d.Message.StartsWith("internal error", StringComparison.Ordinal));
        }
    }

    private static bool RecordsOrRecordErrors(IRecordSource source, int maxLength, byte[] input)
    {
        long previous = 0;
        int count = 0;
        var records = SourceReading.ReadAllAsync(source).GetAwaiter().GetResult();
        foreach (var record in records)
        {
            bool fine = record.Problem is null ? record.Text.Length <= maxLength : record.Problem.Length > 0 && record.Text.Length <= maxLength;
            if (!fine || record.LineNumber <= previous)
            {
                return false;
            }

            previous = record.LineNumber;
            count++;
        }

        // a record per line at most: line numbers cannot pass the count of line breaks plus one (a CR is one where the
        // input's lines end with CR alone)
        int breaks = input.Count(b => b is (byte)'\n' or (byte)'\r');
        return count <= breaks + 1 && previous <= breaks + 1;
    }

    private static T Timed<T>(Func<T> run)
    {
        var task = Task.Run(run);
        if (!task.Wait(Limit))
        {
            throw new TimeoutException($"the input took longer than {Limit.TotalSeconds} s: a hang");
        }

        return task.Result;
    }

    private static Gen<byte[]> RandomBytes() =>
        Gen.OneOf(Gen.Elements(Interesting), Gen.Choose(0, 255).Select(b => (byte)b)).ArrayOf();

    /// <summary>One of the seeds with one to eight mutations: flip a byte, insert interesting bytes, delete or duplicate a slice.</summary>
    private static Gen<byte[]> Mutated(byte[][] seeds) =>
        from seed in Gen.Elements(seeds)
        from steps in Gen.Choose(1, 8)
        from randomSeed in Gen.Choose(0, int.MaxValue)
        select Mutate(seed, steps, randomSeed);

    private static byte[] Mutate(byte[] seed, int steps, int randomSeed)
    {
        var bytes = new List<byte>(seed);
        var random = new Random(randomSeed);
        for (int step = 0; step < steps; step++)
        {
            int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 1:
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 4)).Select(_ => Interesting[random.Next(Interesting.Length)]));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 64)));
                    break;
                case 3 when bytes.Count > 0:
                    int length = Math.Min(bytes.Count - at, random.Next(1, 256));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 4 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
            }
        }

        return bytes.ToArray();
    }

    /// <summary>A pipe: cannot seek, gives at most a few bytes per read.</summary>
    private sealed class PipeStream : Stream
    {
        private readonly TrickleStream _inner;

        public PipeStream(byte[] bytes, int most) => _inner = new TrickleStream(bytes, most);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => _inner.Read(buffer);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, System.Threading.CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, System.Threading.CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
