using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Benchmarks;

/// <summary>
/// The per-record steps of the sync on the report, each alone and reported per record
/// (<c>OperationsPerInvoke</c>): read (bytes to a split record), import (record rules, extract, literal, translate,
/// exclusion on value, validate), one pattern match (the translation filters against a location), the volume lookup by
/// span in a 100,000-volume scope, and the decision for an unchanged record.
/// </summary>
[MemoryDiagnoser]
public class StepBenchmarks
{
    private const int Records = 10_000;

    private byte[] _bytes = null!;
    private SourceRecord[] _raw = null!;
    private SyncDefinition _definition = null!;
    private CachedScope _scope = null!;
    private ImportedRecord[] _imported = null!;
    private char[][] _ids = null!;
    private char[][] _locations = null!;
    private Pattern[] _patterns = null!;
    private VolumeDecider _decider = null!;
    private UnchangedCheck _check = null!;
    private DateTime _now;

    [GlobalSetup]
    public void Setup()
    {
        var workload = Workload.Sorted(1, Records);
        _bytes = File.ReadAllBytes(workload.Path);
        _definition = Workload.Definition();
        var raw = new List<SourceRecord>();
        var source = new DelimitedRecordSource(new MemoryStream(_bytes), ',');
        var enumerator = source.ReadAsync().GetAsyncEnumerator();
        while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
        {
            raw.Add(enumerator.Current.Clone());
        }

        enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        source.DisposeAsync().AsTask().GetAwaiter().GetResult();

        _raw = raw.ToArray();
        var importer = new RecordImporter(_definition);
        var imported = new List<ImportedRecord>();
        foreach (var record in _raw)
        {
            if (importer.Import(record).Record is { } body)
            {
                imported.Add(body);
            }
        }

        _imported = imported.ToArray();
        _ids = Array.ConvertAll(_imported, r => r.Volume.ToCharArray());
        _locations = Array.ConvertAll(_imported, r => Workload.Location(int.Parse(r.Volume.AsSpan(1, 5), provider: null)).ToCharArray());
        _patterns = new[] { Pattern.Parse("Library"), Pattern.Parse("Offsite"), Pattern.Parse("Racking") };

        var store = Workload.Sorted(1, 100_000).Store();
        var media = store.Customers[0].Media[0];
        _scope = new CachedScope(new ScopeData(new ScopeKey(store.Customers[0].Id, media.Id), true, media.Repositories, media.Volumes));
        _decider = new VolumeDecider(_definition, Workload.Options());
        _check = new UnchangedCheck(_definition, Workload.Options());
        _now = Workload.Now.UtcDateTime;
    }

    [Benchmark(OperationsPerInvoke = Records + 2, Description = "read")]
    public async Task<int> Read()
    {
        int elements = 0;
        await using var source = new DelimitedRecordSource(new MemoryStream(_bytes), ',');
        await foreach (var record in source.ReadAsync().ConfigureAwait(false))
        {
            elements += record.ElementCount;
        }

        return elements;
    }

    [Benchmark(OperationsPerInvoke = Records + 2, Description = "import (extract, translate, exclude, validate)")]
    public int Import()
    {
        var importer = new RecordImporter(_definition);
        int kept = 0;
        foreach (var record in _raw)
        {
            kept += importer.Import(record).Status == ImportStatus.Body ? 1 : 0;
        }

        return kept;
    }

    [Benchmark(OperationsPerInvoke = Records + 2, Description = "import in place (no strings)")]
    public int ImportInPlace()
    {
        var importer = new RecordImporter(_definition);
        int kept = 0;
        foreach (var record in _raw)
        {
            kept += importer.ImportInPlace(record) == ImportStatus.Body ? 1 : 0;
        }

        return kept;
    }

    // the look-up as the pipeline makes it: through the run's view of the scope, which guesses the next volume first
    [Benchmark(OperationsPerInvoke = Records + 2, Description = "import in place, look up, check unchanged")]
    public int ImportLookUpCheck()
    {
        var importer = new RecordImporter(_definition);
        var scope = new ScopeOverlay(_scope);
        int unchanged = 0;
        foreach (var record in _raw)
        {
            if (importer.ImportInPlace(record) == ImportStatus.Body
                && scope.TryGetVolume(importer.ValueOf(SyncField.Volume), out var volume)
                && _check.IsUnchanged(importer, _scope, volume!))
            {
                unchanged++;
            }
        }

        return unchanged;
    }

    [Benchmark(OperationsPerInvoke = Records + 2, Description = "unchanged lane (the same in one pass)")]
    public int Lane() => ThroughLane(composed: true);

    [Benchmark(OperationsPerInvoke = Records + 2, Description = "unchanged lane, interpreted")]
    public int InterpretedLane() => ThroughLane(composed: false);

    // every record through the lane composed for the definition, or through the interpreted one
    private int ThroughLane(bool composed)
    {
        var importer = new RecordImporter(_definition);
        var lane = UnchangedLane.Create(importer, _check, composed)!;
        var scope = new ScopeOverlay(_scope);
        var key = _scope.Key;
        int unchanged = 0;
        foreach (var record in _raw)
        {
            unchanged += lane.IsUnchanged(record, importer, scope, key, out _) ? 1 : 0;
        }

        return unchanged;
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "match (3 translation filters)")]
    public int Match()
    {
        int matched = 0;
        foreach (var location in _locations)
        {
            foreach (var pattern in _patterns)
            {
                if (pattern.IsMatch(location))
                {
                    matched++;
                    break;
                }
            }
        }

        return matched;
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "look up by span")]
    public int Lookup()
    {
        int found = 0;
        foreach (var id in _ids)
        {
            found += _scope.TryGetVolume(id.AsSpan(), out _) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "decide, unchanged")]
    public int Decide()
    {
        int unchanged = 0;
        foreach (var record in _imported)
        {
            _scope.TryGetVolume(record.Volume, out var volume);
            unchanged += _decider.Decide(record, _scope, volume, _now).ServerChanges.Count == 0 ? 1 : 0;
        }

        return unchanged;
    }
}
