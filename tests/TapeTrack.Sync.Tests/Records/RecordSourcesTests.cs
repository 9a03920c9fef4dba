using System;
using System.IO;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Tests.Records.SourceReading;

namespace TapeTrack.Sync.Tests.Records;

public class RecordSourcesTests
{
    private static SyncDefinitionBuilder Minimal() => new SyncDefinitionBuilder()
        .SetLiteral(SyncField.Customer, "US01")
        .SetLiteral(SyncField.Media, "LTO")
        .Extract(SyncField.Volume, 1, 8);

    [Fact]
    public async Task Without_SetFile_the_factory_reads_standard_input()
    {
        var definition = Minimal().SetCsvDelimiter(';').Build();
        bool asked = false;
        var source = RecordSources.Open(definition, null, () =>
        {
            asked = true;
            return Utf8("A;B\nC;D\n");
        });

        Assert.IsType<DelimitedRecordSource>(source);
        var records = await ReadAllAsync(source);
        Assert.True(asked);
        Assert.Equal(new[] { "C", "D" }, Elements(records[1]));
    }

    [Fact]
    public async Task With_SetFile_the_factory_reads_the_file_and_not_standard_input()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tt-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, "A00001L6\nA00002L6\n");
        try
        {
            var definition = Minimal().SetFile(path).Build();
            var source = RecordSources.Open(definition, null, () => throw new InvalidOperationException("standard input was opened"));
            Assert.IsType<FixedPositionRecordSource>(source);
            var records = await ReadAllAsync(source);
            Assert.Equal(new[] { "A00001L6", "A00002L6" }, records.Select(r => r.ToString()).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_input_file_names_the_file()
    {
        var definition = Minimal().SetFile("/no/such/report.txt").Build();
        var error = Assert.Throws<FileNotFoundException>(() => RecordSources.Open(definition));
        Assert.Contains("/no/such/report.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Odbc_definition_tells_the_user_to_reference_the_Odbc_package_without_the_connection_string()
    {
        var definition = Minimal().SetOdbc("Driver=SQLite3;Database=/tmp/x.db;PWD=secret", "select 1").Build();
        var error = Assert.Throws<InvalidOperationException>(() => RecordSources.Open(definition));
        Assert.Contains("TapeTrack.Sync.Odbc", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_standing_in_for_standard_input_is_read_as_the_definition_says()
    {
        var definition = Minimal().Build();
        using var stdin = Utf8("A00001L6  x\r\n");
        var records = await ReadAllAsync(RecordSources.OpenStream(definition, stdin, leaveOpen: true));
        Assert.Equal("A00001L6  x", Assert.Single(records).ToString());
        Assert.True(stdin.CanRead);
    }

    [Fact]
    public void OpenStandardInput_gives_a_source_of_the_definition_format()
    {
        var definition = Minimal().SetCsvDelimiter('\t').Build();
        var source = RecordSources.OpenStandardInput(definition);
        Assert.IsType<DelimitedRecordSource>(source);
    }

    [Fact]
    public async Task A_run_reading_standard_input_ends_at_once_when_cancelled_while_the_writer_is_silent()
    {
        var definition = Minimal().Build();
        var stdin = new SilentWriterStream("A00001L6\n");
        await using var session = new InMemoryServerSession();
        await using var source = RecordSources.Open(definition, null, () => stdin);
        using var cancel = new CancellationTokenSource();

        var run = new SyncPipeline(definition, session).RunAsync(source, cancel.Token);
        Assert.Same(stdin.Waiting, await Task.WhenAny(stdin.Waiting, Task.Delay(TimeSpan.FromSeconds(20)))); // the line read, the next read waits
        var clock = Stopwatch.StartNew();
        cancel.Cancel();
        var first = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20)));
        stdin.Close_writer(); // let a read left behind end (before the fix, the run waited for this)

        Assert.Same(run, first);
        await Assert.ThrowsAsync<SyncInterruptedException>(() => run);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the run ended {clock.Elapsed} after the cancellation");
    }

    [Fact]
    public async Task A_run_reading_a_FIFO_ends_at_once_when_cancelled_while_nobody_writes()
    {
        using var folder = new TempFolder();
        string fifo = folder.File("report.fifo");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", fifo) { UseShellExecute = false })!)
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var definition = Minimal().SetFile(fifo).Build();
        var writer = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write)); // opening blocks until the reader opens
        await using var source = RecordSources.Open(definition, null, () => throw new InvalidOperationException("standard input was opened"));
        await using var held = await writer;
        await held.WriteAsync("A00001L6\n"u8.ToArray());
        await held.FlushAsync();
        await using var session = new InMemoryServerSession();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var run = new SyncPipeline(definition, session).RunAsync(source, cancel.Token);
        var first = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20)));
        held.Close(); // the writer goes: a read left behind ends

        Assert.Same(run, first);
        await Assert.ThrowsAsync<SyncInterruptedException>(() => run);
    }
}
