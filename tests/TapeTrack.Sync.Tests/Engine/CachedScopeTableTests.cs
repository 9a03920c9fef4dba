using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Tests.Engine;

/// <summary>The cached scope's own table of volumes (issue 14) against a dictionary of the same download.</summary>
public class CachedScopeTableTests
{
    private static readonly ScopeKey Key = new("C001", "LTO");

    [Fact]
    public void Every_lookup_agrees_with_a_dictionary_of_the_download_the_later_of_two_equal_ids_winning()
    {
        var random = new Random(14);
        for (int round = 0; round < 200; round++)
        {
            int count = round < 20 ? round : random.Next(0, 3_000);
            var volumes = new List<Volume>();
            for (int i = 0; i < count; i++)
            {
                // ids of several shapes, some twice
                string id = random.Next(4) switch
                {
                    0 => random.Next(100_000).ToString("D6", CultureInfo.InvariantCulture) + "L6",
                    1 => "X" + random.Next(500).ToString(CultureInfo.InvariantCulture),
                    2 => new string((char)('A' + random.Next(26)), random.Next(1, 12)),
                    _ => i.ToString(CultureInfo.InvariantCulture),
                };
                volumes.Add(new Volume(id, "LIBR", null, i + 1));
            }

            var scope = new CachedScope(new ScopeData(Key, true, Array.Empty<Repository>(), volumes));
            var expected = new Dictionary<string, Volume>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var volume in volumes)
            {
                if (!expected.ContainsKey(volume.Id))
                {
                    order.Add(volume.Id);
                }

                expected[volume.Id] = volume;
            }

            Assert.Equal(expected.Count, scope.Count);
            Assert.Equal(order, scope.Volumes.Select(v => v.Id));
            int next = random.Next(-1, count + 2);
            foreach (var id in order.Concat(new[] { "missing", string.Empty, "X", "000000L7" }))
            {
                bool found = scope.TryGetVolume(id.AsSpan(), out var byTable);
                bool guessed = scope.TryGetVolume(id.AsSpan(), ref next, out var byGuess);
                Assert.Equal(expected.TryGetValue(id, out var want), found);
                Assert.Equal(found, guessed);
                Assert.Equal(found, scope.TryGetVolume(id, out var byString));
                if (found)
                {
                    Assert.Equal(want!.Version, byTable.Version);
                    Assert.Same(byTable, byGuess);
                    Assert.Same(byTable, byString);
                    Assert.Equal(order.IndexOf(id) + 1, next);
                }
            }
        }
    }

    [Fact]
    public void A_sorted_run_finds_each_next_volume_at_the_guess_and_values_are_held_once()
    {
        var volumes = Enumerable.Range(0, 1_000)
            .Select(i => new Volume(i.ToString("D6", CultureInfo.InvariantCulture), "LIB" + "R", null, 1, new Dictionary<string, string> { [VolumeFields.Description] = "weekly" + "_full" }))
            .ToList();
        var scope = new CachedScope(new ScopeData(Key, true, new[] { new Repository("LIBR", "Library", RepositoryType.Library) }, volumes));

        int next = 0;
        for (int i = 0; i < 1_000; i++)
        {
            Assert.True(scope.TryGetVolume(i.ToString("D6", CultureInfo.InvariantCulture).AsSpan(), ref next, out var volume));
            Assert.Equal(i + 1, next);
            Assert.Same(scope.Volumes.First().Current, volume.Current);
            Assert.Same(scope.Volumes.First().Get(VolumeFields.Description), volume.Get(VolumeFields.Description));
        }
    }
}
