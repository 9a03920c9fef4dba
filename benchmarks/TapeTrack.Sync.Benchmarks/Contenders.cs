using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using nietras.SeparatedValues;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Benchmarks;

/// <summary>The three ways of going through the report: ours, Sep merely splitting it, and the naive sync.</summary>
public static class Contenders
{
    /// <summary>Our sync, as the tool runs it: a delimited source over the file, the pipeline, the session.</summary>
    public static async Task<SyncResult> SyncAsync(Workload workload, SyncDefinition definition, IServerSession session, SyncOptions options, Func<IServerSession, IScopeCache>? cache = null, bool composedLane = true)
    {
        var pipeline = new SyncPipeline(definition, session, options) { ScopeCacheFactory = cache, ComposedLane = composedLane };
        await using var source = DelimitedRecordSource.Open(workload.Path, ',');
        return await pipeline.RunAsync(source).ConfigureAwait(false);
    }

    /// <summary>Sep reading the same file and touching the same five columns as spans (no sync at all).</summary>
    public static long Sep(Workload workload)
    {
        long sum = 0;
        using var reader = nietras.SeparatedValues.Sep.New(',').Reader(o => o with { HasHeader = true }).FromFile(workload.Path);
        foreach (var row in reader)
        {
            var volume = row[0].Span;
            var customer = row[2].Span;
            var location = row[4].Span;
            var pool = row[5].Span;
            var moveDate = row[6].Span;
            sum += volume.Length + customer[customer.Length - 1] + location[0] + pool.Length + moveDate[moveDate.Length - 1];
        }

        return sum;
    }

    /// <summary>
    /// The naive sync a user writes in an afternoon: ReadLine, string.Split, a dictionary per scope loaded again on
    /// each scope change, strings compared; it counts the fields that differ (and sends nothing).
    /// </summary>
    public static async Task<long> NaiveAsync(Workload workload, IServerSession session)
    {
        long differences = 0;
        string? customer = null;
        Dictionary<string, Volume>? volumes = null;
        using var reader = new StreamReader(workload.Path);
        string? line;
        while ((line = await reader.ReadLineAsync().ConfigureAwait(false)) is not null)
        {
            if (line.StartsWith("volume", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.Split(',');
            if (parts[0].StartsWith("CLN", StringComparison.Ordinal))
            {
                continue;
            }

            if (parts[2] != customer)
            {
                customer = parts[2];
                var data = await session.DownloadScopeAsync(new ScopeKey(customer, Workload.Media)).ConfigureAwait(false);
                volumes = new Dictionary<string, Volume>(StringComparer.Ordinal);
                foreach (var v in data.Volumes)
                {
                    volumes[v.Id] = v;
                }
            }

            string repository = parts[4] switch
            {
                "Library" => "LIBR",
                "Offsite" => "OFFS",
                "Racking" => "RACK",
                var other => other,
            };
            if (!volumes!.TryGetValue(parts[0], out var volume))
            {
                differences++;
                continue;
            }

            differences += volume.Target != repository ? 1 : 0;
            differences += volume.Get(VolumeFields.Description) != parts[5] ? 1 : 0;
            differences += volume.Get(VolumeFields.MoveDate) != parts[6] ? 1 : 0;
        }

        return differences;
    }

    public static void Check(SyncResult result, Workload workload, long expectedUpdated)
    {
        var stats = result.Statistics;
        if (stats.VolumesUnchanged + stats.VolumesUpdated != workload.Records || stats.VolumesUpdated != expectedUpdated || stats.RecordErrors != 0)
        {
            throw new InvalidOperationException($"Unexpected run: {stats.VolumesUnchanged} unchanged, {stats.VolumesUpdated} updated, {stats.RecordErrors} errors for {workload.Records} records.");
        }
    }
}
