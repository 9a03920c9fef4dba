using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Tests.Records;

/// <summary>Report files opened by the library are read on the caller's thread (issue 14), front to back, whole.</summary>
public sealed class SequentialFileStreamTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "tapetrack-sequential-" + Guid.NewGuid().ToString("N") + ".csv");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task An_asynchronous_read_is_complete_when_it_returns_and_the_reads_give_the_whole_file()
    {
        var bytes = new byte[700_000];
        new Random(14).NextBytes(bytes);
        await File.WriteAllBytesAsync(_path, bytes);

        using var stream = new SequentialFileStream(_path);
        using var copy = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = stream.ReadAsync(buffer.AsMemory());
            Assert.True(read.IsCompleted);
            int count = await read;
            var old = stream.ReadAsync(buffer, 0, 0, CancellationToken.None);
            Assert.True(old.IsCompleted);
            if (count == 0)
            {
                break;
            }

            copy.Write(buffer, 0, count);
        }

        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task A_cancelled_read_reads_nothing()
    {
        await File.WriteAllTextAsync(_path, "A00001L6,C001\n");
        using var stream = new SequentialFileStream(_path);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => _ = await stream.ReadAsync(new byte[16].AsMemory(), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => _ = await stream.ReadAsync(new byte[16], 0, 16, cancelled.Token));
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public async Task A_delimited_file_opened_by_path_reads_every_record()
    {
        var text = new StringBuilder("volume,family\n");
        for (int i = 0; i < 50_000; i++)
        {
            text.Append("A").Append(i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).Append(",C001\n");
        }

        await File.WriteAllTextAsync(_path, text.ToString());
        await using var source = DelimitedRecordSource.Open(_path, ',');
        int records = 0;
        string? last = null;
        await foreach (var record in source.ReadAsync())
        {
            records++;
            last = record.GetElement(1).ToString();
        }

        Assert.Equal(50_001, records);
        Assert.Equal("A049999", last);
    }

    [Fact]
    public async Task A_fifo_is_read_asynchronously_whole()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", _path))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // the writer opens the other end (opening a FIFO waits for both ends), writes and closes
        var writer = Task.Run(async () =>
        {
            await using var fifo = new FileStream(_path, FileMode.Open, FileAccess.Write);
            await fifo.WriteAsync(Encoding.ASCII.GetBytes("A00001L6,C001\nA00002L6,C001\n"));
        });

        await using var source = DelimitedRecordSource.Open(_path, ',');
        var ids = new System.Collections.Generic.List<string>();
        await foreach (var record in source.ReadAsync())
        {
            ids.Add(record.GetElement(1).ToString());
        }

        await writer;
        Assert.Equal(new[] { "A00001L6", "A00002L6" }, ids);
    }
}
