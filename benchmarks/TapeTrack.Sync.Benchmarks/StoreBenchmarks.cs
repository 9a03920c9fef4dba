using System;
using System.Collections.Generic;
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
    private const int Updates = 2_000;
    private const int BatchSize = 100;

    private SqliteTapeStore _store = null!;
    private ScopeKey _scope;
    private long[] _versions = null!;
    private int _round;

    [Params(100_000)]
    public int Volumes { get; set; }

    /// <summary>Keeps the store file for the next run (the quick mode: importing 100,000 volumes takes minutes on a
    /// loaded machine); the file is made again when missing, and named after the schema version, so that a run of an
    /// older or newer library never migrates (or refuses) another's file.</summary>
    public bool KeepFile { get; set; }

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
        _versions = new long[Updates];
        var data = await _store.DownloadScopeAsync(_scope).ConfigureAwait(false);
        var byId = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var volume in data.Volumes)
        {
            byId[volume.Id] = volume.Version;
        }

        for (int i = 0; i < Updates; i++)
        {
            _versions[i] = byId[Workload.VolumeId(0, i)];
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
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
        return data.Volumes.Count;
    }

    [Benchmark(OperationsPerInvoke = Updates, Description = "embedded store: batched apply, per volume")]
    public async Task<int> Apply()
    {
        string description = "pool_" + (++_round % 2);
        var changes = new[] { new FieldChange(VolumeFields.Description, description) };
        int applied = 0;
        var batch = new VolumeUpdate[BatchSize];
        for (int start = 0; start < Updates; start += BatchSize)
        {
            for (int i = 0; i < BatchSize; i++)
            {
                batch[i] = new VolumeUpdate(_scope.Volume(Workload.VolumeId(0, start + i)), _versions[start + i], changes);
            }

            var results = await _store.ApplyAsync(batch).ConfigureAwait(false);
            for (int i = 0; i < BatchSize; i++)
            {
                if (results[i].Status != UpdateStatus.Applied)
                {
                    throw new InvalidOperationException($"update {start + i}: {results[i].Status} {results[i].Message}");
                }

                _versions[start + i] = results[i].Volume!.Version;
                applied++;
            }
        }

        return applied;
    }

    private static void DeleteStore(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
