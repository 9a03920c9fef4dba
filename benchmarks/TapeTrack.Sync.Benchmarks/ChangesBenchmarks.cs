using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Benchmarks;

/// <summary>
/// End to end on the report with 1% of the volumes to change (their description): the sync decides,
/// batches and applies 10,000 updates to the in-memory session. Each iteration starts from a fresh session, made
/// outside the measurement.
/// </summary>
[MemoryDiagnoser]
public class ChangesBenchmarks
{
    private Workload _workload = null!;
    private SyncDefinition _definition = null!;
    private StoreDocument _document = null!;
    private InMemoryServerSession _session = null!;

    [GlobalSetup]
    public void Setup()
    {
        _workload = Workload.Sorted();
        _definition = Workload.Definition();
        _document = _workload.Store(changeEvery: 100);
    }

    [IterationSetup]
    public void FreshSession() => _session = new InMemoryServerSession(_document);

    [Benchmark(Description = "sync, 1% changes")]
    public async Task<long> OnePercent()
    {
        var result = await Contenders.SyncAsync(_workload, _definition, _session, Workload.Options()).ConfigureAwait(false);
        Contenders.Check(result, _workload, _workload.Records / 100);
        return result.Statistics.VolumesUpdated;
    }
}
