using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Benchmarks;

/// <summary>
/// The batched apply the store and server benchmarks measure: the DESCRIPTION of a scope's first 2,000 volumes set in
/// batches of 100 (as the sync sends them), to one of two values in turn from round to round, each volume's version
/// kept for the next round.
/// </summary>
internal sealed class DescriptionUpdates
{
    /// <summary>The volumes a round updates.</summary>
    public const int Count = 2_000;

    private const int BatchSize = 100;
    private readonly ScopeKey _scope;
    private readonly long[] _versions = new long[Count];
    private int _round;

    /// <summary>Takes each updated volume's version from a download of the scope.</summary>
    public DescriptionUpdates(ScopeData data)
    {
        _scope = data.Key;
        var byId = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var volume in data.Volumes)
        {
            byId[volume.Id] = volume.Version;
        }

        for (int i = 0; i < Count; i++)
        {
            _versions[i] = byId[Workload.VolumeId(0, i)];
        }
    }

    /// <summary>One round through <paramref name="apply"/> (a store's or a session's ApplyAsync); every update must be applied.</summary>
    public async Task<int> ApplyAsync(Func<IReadOnlyList<VolumeUpdate>, ValueTask<IReadOnlyList<UpdateResult>>> apply)
    {
        var changes = new[] { new FieldChange(VolumeFields.Description, "pool_" + (++_round % 2)) };
        int applied = 0;
        var batch = new VolumeUpdate[BatchSize];
        for (int start = 0; start < Count; start += BatchSize)
        {
            for (int i = 0; i < BatchSize; i++)
            {
                batch[i] = new VolumeUpdate(_scope.Volume(Workload.VolumeId(0, start + i)), _versions[start + i], changes);
            }

            var results = await apply(batch).ConfigureAwait(false);
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
}
