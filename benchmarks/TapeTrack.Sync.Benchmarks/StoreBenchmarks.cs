using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Sqlite;

namespace TapeTrack.Sync.Benchmarks;

/// <summary>
/// The embedded store (SQLite): a scope download, and the batched apply of description updates (batches of 100, as the
/// sync sends them), both reported per volume (<c>OperationsPerInvoke</c>): volumes per second is 10⁹ / the mean in ns,
/// and the allocated column is bytes per volume.
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{

    private SqliteTapeStore _store = null!;
    private ScopeKey _scope;
    private DescriptionUpdates _updates = null!;
    private readonly List<ScopeData> _kept = new();

    [Params(100_000)]
    public int Volumes { get; set; }

    /// <summary>Keeps the store file for the next run (the quick mode: importing 100,000 volumes takes minutes on a
    /// loaded machine); the file is made again when missing, and named after the schema version, so that a run of an
    /// older or newer library never migrates (or refuses) another's file.</summary>
    public bool KeepFile { get; set; }

    /// <summary>Keeps every download's volumes until the cleanup, as a sync's scope cache keeps each scope it
    /// downloads (the quick mode's <c>--store N --keep</c>): each download then fills memory the process has not used
    /// before, where a download whose volumes are dropped reuses the memory of the one before.</summary>
    public bool KeepDownloads { get; set; }

    /// <summary>The wall-clock time of the setup's download: the process's first, as a nightly run's first scope.</summary>
    public TimeSpan FirstDownload { get; private set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var workload = Workload.Sorted(1, Volumes);
        string path = Path.Combine(Path.GetTempPath(), "tapetrack-sync-benchmarks", KeepFile ? $"store-{Volumes}-kept-schema{SqliteTapeStore.SchemaVersion}.db" : $"store-{Volumes}-{Environment.ProcessId}.db");
        bool reuse = KeepFile && File.Exists(path);
        if (!reuse)
        {
            DeleteStore(path);
        }

        _store = await SqliteTapeStore.OpenAsync(path).ConfigureAwait(false);
        if (!reuse)
        {
            await _store.ImportAsync(workload.Store()).ConfigureAwait(false);
        }

        _scope = new ScopeKey(Workload.CustomerId(0), Workload.Media);
        var first = Stopwatch.StartNew();
        var downloaded = await _store.DownloadScopeAsync(_scope).ConfigureAwait(false);
        FirstDownload = first.Elapsed;
        _updates = new DescriptionUpdates(downloaded);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _kept.Clear();
        string path = _store.Path;
        await _store.DisposeAsync().ConfigureAwait(false);
        if (!KeepFile)
        {
            DeleteStore(path);
        }
    }

    [Benchmark(Description = "embedded store: scope download (all volumes)")]
    public async Task<int> Download()
    {
        var data = await _store.DownloadScopeAsync(_scope).ConfigureAwait(false);
        if (KeepDownloads)
        {
            _kept.Add(data);
        }

        return data.Volumes.Count;
    }

    [Benchmark(OperationsPerInvoke = DescriptionUpdates.Count, Description = "embedded store: batched apply, per volume")]
    public Task<int> Apply() => _updates.ApplyAsync(batch => _store.ApplyAsync(batch));

    private static void DeleteStore(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
