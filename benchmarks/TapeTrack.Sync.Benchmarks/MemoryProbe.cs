using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Benchmarks;

/// <summary>What a cached scope keeps in memory per volume: a download's volumes (every string made afresh, as a
/// store or a network reader makes them) turned into a <see cref="CachedScope"/>, the download itself let go.</summary>
public static class MemoryProbe
{
    public static double CachedBytesPerVolume(int volumes)
    {
        long before = Settle();
        var scope = Build(volumes);
        long after = Settle();
        GC.KeepAlive(scope);
        return (after - before) / (double)volumes;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CachedScope Build(int count)
    {
        var key = new ScopeKey(Workload.CustomerId(0), Workload.Media);
        var volumes = new List<Volume>(count);
        for (int v = 0; v < count; v++)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [VolumeFields.Description] = Fresh(Workload.Pool(v)),
                [VolumeFields.MoveDate] = Fresh(Workload.MoveDate(v)),
            };
            string current = Fresh(Workload.RepositoryId(v));
            volumes.Add(new Volume(Fresh(Workload.VolumeId(0, v)), current, Fresh(current), v + 1, fields));
        }

        return new CachedScope(new ScopeData(key, true, Workload.Repositories(), volumes));
    }

    private static string Fresh(string text) => new(text.AsSpan());

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }
}
