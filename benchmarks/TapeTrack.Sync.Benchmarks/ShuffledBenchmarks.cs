using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Benchmarks;

/// <summary>
/// A report shuffled across its scopes (10 customers × 1,000 volumes, so nine records in ten change scope), nothing to
/// change: with the default cache (one download per scope) and with a cache of one scope (TMSS10Sync: a download per
/// scope change). One operation is the whole report of 10,000 records.
/// </summary>
[MemoryDiagnoser]
public class ShuffledBenchmarks
{
    private Workload _workload = null!;
    private SyncDefinition _definition = null!;
    private InMemoryServerSession _session = null!;

    [Params(64, 1)]
    public int CacheCapacity { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workload = Workload.ShuffledAcrossScopes();
        _definition = Workload.Definition();
        _session = new InMemoryServerSession(_workload.Store());
    }

    [Benchmark(Description = "sync, shuffled")]
    public async Task<long> Shuffled()
    {
        var result = await Contenders.SyncAsync(_workload, _definition, _session, Workload.Options(CacheCapacity)).ConfigureAwait(false);
        Contenders.Check(result, _workload, 0);
        return result.Statistics.ScopeDownloads;
    }
}
