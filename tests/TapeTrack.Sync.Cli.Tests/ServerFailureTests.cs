using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Cli.Tests;

public class ServerFailureTests
{
    /// <summary>The csv-source store in memory, whose connection drops on the second batch of updates.</summary>
    private sealed class DroppingSession : IServerSession
    {
        private readonly InMemoryServerSession _inner = InMemoryServerSession.FromStoreFile(CsvSite.StoreFile);
        private int _batches;

        public ValueTask LogonAsync(CancellationToken cancellationToken = default) => _inner.LogonAsync(cancellationToken);

        public ValueTask<ScopeData> DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default) => _inner.DownloadScopeAsync(scope, cancellationToken);

        public ValueTask<Volume?> GetVolumeAsync(VolumeKey key, CancellationToken cancellationToken = default) => _inner.GetVolumeAsync(key, cancellationToken);

        public ValueTask<IReadOnlyList<UpdateResult>> ApplyAsync(IReadOnlyList<VolumeUpdate> updates, CancellationToken cancellationToken = default) =>
            ++_batches == 2 ? throw new IOException("connection reset by peer") : _inner.ApplyAsync(updates, cancellationToken);

        public ValueTask DisposeAsync() => _inner.DisposeAsync();
    }

    [Fact]
    public async Task A_server_failure_part_way_exits_3_saying_what_was_and_was_not_applied()
    {
        using var folder = new TempFolder();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new CliEnvironment(folder.Path) { StandardInput = File.OpenRead(CsvSite.Report), SessionFactory = _ => new DroppingSession() };

        int code = await CliApp.RunAsync(
            new[] { "-S", "memory:unused.json", "-d", CsvSite.Definition, "--batch-size", "1", "--report", "partial.json" },
            TextReader.Null, stdout, stderr, env, CancellationToken.None);
        env.StandardInput!.Dispose();

        Assert.Equal(3, code);
        Assert.Contains("The server failed part-way through the sync: 2 changes were applied, 1 volume updates were not.", stderr.ToString());
        Assert.Contains("connection reset by peer", stderr.ToString());
        Assert.Contains("not applied: US01.LTO.000004L6 (1 field changes)", stderr.ToString());
        Assert.Equal(1, CsvSite.Statistic(stdout.ToString(), "Volumes updated:"));
        using var report = JsonDocument.Parse(File.ReadAllText(folder["partial.json"]));
        Assert.Equal(2, report.RootElement.GetProperty("changes").GetArrayLength());
        Assert.DoesNotContain("   at ", stderr.ToString());
    }

    [Fact]
    public async Task Cancelling_the_run_exits_130()
    {
        using var site = await CsvSite.CreateAsync();
        var stderr = new StringWriter();
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        var env = new CliEnvironment(site.Folder.Path) { StandardInput = File.OpenRead(CsvSite.Report) };

        int code = await CliApp.RunAsync(new[] { "-S", "store:store.db", "-d", CsvSite.Definition }, TextReader.Null, new StringWriter(), stderr, env, stop.Token);
        env.StandardInput!.Dispose();

        Assert.Equal(130, code);
        Assert.Contains("interrupted", stderr.ToString());
    }
}
