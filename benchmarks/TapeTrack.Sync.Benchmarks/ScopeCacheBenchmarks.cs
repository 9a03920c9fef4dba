using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Benchmarks;

/// <summary>
/// The engine's hot path per record: find the volume in the cached scope and decide against it.
/// <see cref="DecideUnchanged"/> and <see cref="LookupBySpan"/> run over a scope of 100k volumes where the
/// records change nothing (the common case of a nightly sync); the ScopeSwitching benchmarks takes shuffled
/// records across 8 scopes through the scope cache, with the default capacity and with TMSS10Sync's one scope
/// (the in-memory session stands in for the server, so a download costs copying, not the network).
/// </summary>
[MemoryDiagnoser]
public class ScopeCacheBenchmarks
{
    private const int Volumes = 100_000;
    private const int Scopes = 8;
    private const int VolumesPerSwitchedScope = 1_000;
    private const int Switches = 2_000;
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0);

    private CachedScope _scope = null!;
    private VolumeDecider _decider = null!;
    private ImportedRecord[] _records = null!;
    private char[][] _ids = null!;
    private InMemoryServerSession _session = null!;
    private ScopeKey[] _shuffled = null!;

    [GlobalSetup]
    public void Setup()
    {
        var key = new ScopeKey("US01", "LTO");
        var repositories = new[] { new Repository("LIBR", "Library", RepositoryType.Library), new Repository("OFFS", "Offsite", RepositoryType.Vault) };
        var volumes = new List<Volume>(Volumes);
        _records = new ImportedRecord[Volumes];
        _ids = new char[Volumes][];
        for (int i = 0; i < Volumes; i++)
        {
            string id = i.ToString("D6", CultureInfo.InvariantCulture) + "L6";
            var fields = new Dictionary<string, string> { [VolumeFields.Description] = "weekly_full", [VolumeFields.MoveDate] = "2026-12-01" };
            volumes.Add(new Volume(id, "LIBR", i % 2 == 0 ? null : "OFFS", i + 1, fields));
            var values = new string?[SyncFields.Count];
            values[(int)SyncField.Customer] = "US01";
            values[(int)SyncField.Media] = "LTO";
            values[(int)SyncField.Volume] = id;
            values[(int)SyncField.Repository] = i % 2 == 0 ? "LIBR" : "OFFS";
            values[(int)SyncField.Description] = "weekly_full";
            values[(int)SyncField.MoveDate] = "2026-12-01";
            _records[i] = new ImportedRecord(i + 1, values, new DateTime(2026, 12, 1), null);
            _ids[i] = ("  " + id + "  ").ToCharArray();
        }

        _scope = new CachedScope(new ScopeData(key, true, repositories, volumes));
        var definition = new SyncDefinitionBuilder()
            .SetCsvDelimiter(',')
            .SetLiteral(SyncField.Customer, "US01")
            .SetLiteral(SyncField.Media, "LTO")
            .Extract(SyncField.Volume, 1, 10)
            .Extract(SyncField.Repository, 2, 4)
            .Extract(SyncField.Description, 3, 40)
            .Extract(SyncField.MoveDate, 4, 10)
            .SetMoveDateFormat("%Y-%m-%d")
            .Build();
        _decider = new VolumeDecider(definition, new SyncOptions());

        _session = new InMemoryServerSession();
        for (int s = 0; s < Scopes; s++)
        {
            var scope = new ScopeKey("C" + s.ToString(CultureInfo.InvariantCulture), "LTO");
            _session.AddMedia(scope, repositories);
            for (int v = 0; v < VolumesPerSwitchedScope; v++)
            {
                _session.PutVolume(scope, new Volume("V" + v.ToString("D5", CultureInfo.InvariantCulture), "LIBR", null, 0));
            }
        }

        var random = new Random(42);
        _shuffled = new ScopeKey[Switches];
        for (int i = 0; i < Switches; i++)
        {
            _shuffled[i] = new ScopeKey("C" + random.Next(Scopes).ToString(CultureInfo.InvariantCulture), "LTO");
        }
    }

    /// <summary>Per record: look the volume up by id and decide against it; nothing differs.</summary>
    [Benchmark(OperationsPerInvoke = Volumes)]
    public int DecideUnchanged()
    {
        int unchanged = 0;
        foreach (var record in _records)
        {
            _scope.TryGetVolume(record.Volume, out var volume);
            if (_decider.Decide(record, _scope, volume, Now).ServerChanges.Count == 0)
            {
                unchanged++;
            }
        }

        return unchanged;
    }

    /// <summary>Per record: look the volume up by a span of the input line (no string made on .NET 9+).</summary>
    [Benchmark(OperationsPerInvoke = Volumes)]
    public int LookupBySpan()
    {
        int found = 0;
        foreach (var id in _ids)
        {
            if (_scope.TryGetVolume(id.AsSpan(2, 8), out _))
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>Per scope change, default cache (64 scopes): each scope is downloaded once.</summary>
    [Benchmark(OperationsPerInvoke = Switches)]
    public Task<long> ScopeSwitchingDefaultCache() => SwitchAsync(64);

    /// <summary>Per scope change, one scope as TMSS10Sync keeps: downloaded again on every change.</summary>
    [Benchmark(OperationsPerInvoke = Switches)]
    public Task<long> ScopeSwitchingCapacityOne() => SwitchAsync(1);

    private async Task<long> SwitchAsync(int capacity)
    {
        var cache = new ScopeCache(_session, capacity);
        ScopeKey previous = default;
        long volumes = 0;
        foreach (var key in _shuffled)
        {
            if (key != previous)
            {
                volumes += (await cache.GetAsync(key).ConfigureAwait(false)).Count;
                previous = key;
            }
        }

        return volumes + cache.Downloads;
    }
}
