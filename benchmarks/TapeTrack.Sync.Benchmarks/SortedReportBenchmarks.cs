using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Benchmarks;

/// <summary>
/// End to end on the report (1,000,000 rows, 10 customers × 100,000 volumes sorted by scope, nothing to
/// change) against the in-memory session: our sync, Sep merely splitting the file, and the naive sync, in one run,
/// so their ratio is measured on the same machine at the same time. One operation is the whole report; divide by
/// 1,000,000 for a record. <see cref="SyncWarmCache"/> shares one scope cache across runs: what the steady state
/// allocates per record, without the ten scope downloads.
/// </summary>
[MemoryDiagnoser]
public class SortedReportBenchmarks
{
    private Workload _workload = null!;
    private SyncDefinition _definition = null!;
    private InMemoryServerSession _session = null!;
    private ScopeCache _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        _workload = Workload.Sorted();
        _definition = Workload.Definition();
        _session = new InMemoryServerSession(_workload.Store());
        _warm = new ScopeCache(_session);
        SyncWarmCache().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "sync, no changes")]
    public async Task<long> Sync()
    {
        var result = await Contenders.SyncAsync(_workload, _definition, _session, Workload.Options()).ConfigureAwait(false);
        Contenders.Check(result, _workload, 0);
        return result.Statistics.VolumesUnchanged;
    }

    [Benchmark(Description = "sync, no changes, warm cache")]
    public async Task<long> SyncWarmCache()
    {
        var result = await Contenders.SyncAsync(_workload, _definition, _session, Workload.Options(), _ => _warm).ConfigureAwait(false);
        Contenders.Check(result, _workload, 0);
        return result.Statistics.VolumesUnchanged;
    }

    [Benchmark(Description = "Sep, 5 columns")]
    public long Sep() => Contenders.Sep(_workload);

    /// <summary>The least a sync of this report must do, written for it alone (<see cref="HandWrittenFloor"/>), or a
    /// rung above it.</summary>
    [Benchmark(Description = "hand-written floor")]
    public long Floor() => FloorAt(HandWrittenFloor.Rung.Floor);

    public long FloorAt(HandWrittenFloor.Rung rung)
    {
        long unchanged = HandWrittenFloor.Run(_workload, _session, rung);
        if (unchanged != _workload.Records)
        {
            throw new System.InvalidOperationException($"The hand-written floor at {rung} found {unchanged} volumes unchanged of {_workload.Records}.");
        }

        return unchanged;
    }

    [Benchmark(Description = "naive sync")]
    public Task<long> Naive() => Contenders.NaiveAsync(_workload, _session);
}
