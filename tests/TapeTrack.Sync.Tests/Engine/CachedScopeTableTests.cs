using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using System.Reflection;
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
                    Assert.Equal(want!.Version, byTable!.Version);
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

    [Fact]
    public void An_ordered_scope_is_searched_by_halves_until_misses_of_the_guess_pay_for_its_table()
    {
        // ids in ordinal order, as the servers download them: every other number, so the odd ones are missing
        var volumes = Enumerable.Range(0, 3_200).Select(i => new Volume((i * 2).ToString("D6", CultureInfo.InvariantCulture), "LIBR", null, i + 1)).ToList();
        var scope = new CachedScope(new ScopeData(Key, true, Array.Empty<Repository>(), volumes));

        // a sorted run finds every volume at the guess: no search, no table
        int next = 0;
        foreach (var volume in volumes)
        {
            Assert.True(scope.TryGetVolume(volume.Id.AsSpan(), ref next, out var found));
            Assert.Same(volume, found);
        }

        Assert.False(scope.HasTable);

        // 64 + 3,200 / 32 = 164 lookups that miss the guess are searched by halves; the next one builds the table
        var random = new Random(14);
        for (int i = 0; i < 164; i++)
        {
            int n = random.Next(6_400);
            bool found = scope.TryGetVolume(n.ToString("D6", CultureInfo.InvariantCulture).AsSpan(), out var volume);
            Assert.Equal(n % 2 == 0, found);
            Assert.Equal(n % 2 == 0 ? volumes[n / 2].Version : 0, found ? volume!.Version : 0);
        }

        Assert.False(scope.HasTable);
        Assert.True(scope.TryGetVolume("000100", out var byTable));
        Assert.True(scope.HasTable);
        Assert.Same(volumes[50], byTable);
        Assert.False(scope.TryGetVolume("000101", out _));
        Assert.False(scope.TryGetVolume("zzz", out _));
    }

    [Fact]
    public void Runs_reading_one_ordered_scope_at_once_find_the_same_volumes_while_its_table_is_built()
    {
        var volumes = Enumerable.Range(0, 20_000).Select(i => new Volume((i * 2).ToString("D7", CultureInfo.InvariantCulture), "LIBR", null, i + 1)).ToList();
        var scope = new CachedScope(new ScopeData(Key, true, Array.Empty<Repository>(), volumes));
        var wrong = new int[4];
        System.Threading.Tasks.Parallel.For(0, 4, run =>
        {
            var random = new Random(run);
            for (int i = 0; i < 5_000; i++)
            {
                int n = random.Next(40_000);
                bool found = scope.TryGetVolume(n.ToString("D7", CultureInfo.InvariantCulture).AsSpan(), out var volume);
                if (found != (n % 2 == 0) || (found && !ReferenceEquals(volume, volumes[n / 2])))
                {
                    wrong[run]++;
                }
            }
        });

        Assert.True(scope.HasTable);
        Assert.Equal(new[] { 0, 0, 0, 0 }, wrong);
    }

    [Fact]
    public void A_scope_whose_ids_are_not_in_ordinal_order_has_its_table_at_once()
    {
        var volumes = new[] { "B1", "A1", "C1" }.Select((id, i) => new Volume(id, "LIBR", null, i + 1)).ToList();
        var scope = new CachedScope(new ScopeData(Key, true, Array.Empty<Repository>(), volumes));
        Assert.True(scope.HasTable);
        Assert.True(scope.TryGetVolume("A1", out var volume));
        Assert.Equal(2, volume.Version);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_in_memory_sessions_download_is_kept_as_it_is_only_when_its_ids_were_added_in_order()
    {
        var library = new Repository("LIBR", "Library", RepositoryType.Library);

        // added in order, then one replaced (Apply): the download is in order, kept as it is, searched by halves
        var session = new InMemoryServerSession(new StoreDocument());
        session.AddMedia(Key, library);
        var random = new Random(14);
        var ids = new List<string>();
        for (int i = 0; i < 3_000; i++)
        {
            // ids of several lengths (the size is estimated from a sample), in increasing ordinal order
            string id = i.ToString("D5", CultureInfo.InvariantCulture) + new string('X', random.Next(0, 20));
            ids.Add(id);
            session.PutVolume(Key, new Volume(id, "LIBR", null, 0, new Dictionary<string, string> { [VolumeFields.Description] = "pool " + (i % 7).ToString(CultureInfo.InvariantCulture) }));
        }

        session.PutVolume(Key, new Volume(ids[10], "LIBR", null, 0, new Dictionary<string, string> { [VolumeFields.Description] = "replaced" }));
        var ordered = await session.DownloadScopeAsync(Key);
        Assert.True(ordered.Ordered);
        var scope = new CachedScope(ordered);
        Assert.False(scope.HasTable);
        Assert.Equal(ids, scope.Volumes.Select(v => v.Id));
        Assert.True(scope.TryGetVolume(ids[10], out var replaced));
        Assert.Equal("replaced", replaced.Description);
        foreach (string id in ids.Concat(new[] { "missing", "00010", string.Empty }))
        {
            Assert.Equal(ids.Contains(id), scope.TryGetVolume(id, out var volume));
            Assert.Equal(ids.Contains(id) ? id : null, volume?.Id);
        }

        // the estimate from a sample is near the size counted volume by volume (the same data, not marked ordered)
        var counted = new CachedScope(new ScopeData(Key, true, ordered.Repositories, ordered.Volumes.ToList())).ApproximateSize;
        Assert.InRange(scope.ApproximateSize, counted * 0.95, counted * 1.05);

        // a volume added out of order: the download is not marked, and the scope gets its table at once
        session.PutVolume(Key, new Volume("0000", "LIBR", null, 0));
        var unordered = await session.DownloadScopeAsync(Key);
        Assert.False(unordered.Ordered);
        var mixed = new CachedScope(unordered);
        Assert.True(mixed.HasTable);
        Assert.True(mixed.TryGetVolume("0000", out _));
        Assert.True(mixed.TryGetVolume(ids[2_999], out _));
        Assert.Equal(3_001, mixed.Count);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_in_memory_session_downloads_an_unchanged_scope_without_copying_it_and_never_changes_a_download()
    {
        var library = new Repository("LIBR", "Library", RepositoryType.Library);
        var session = new InMemoryServerSession(new StoreDocument());
        session.AddMedia(Key, library);
        for (int i = 0; i < 1_000; i++)
        {
            session.PutVolume(Key, new Volume(i.ToString("D4", CultureInfo.InvariantCulture), "LIBR", null, 0));
        }

        // unchanged: the very same array (no copy of every volume for each download), for two caches at once
        var first = await session.DownloadScopeAsync(Key);
        var second = await session.DownloadScopeAsync(Key);
        Assert.Same(first.Volumes, second.Volumes);
        var one = new CachedScope(first);
        var other = new CachedScope(second);

        // searched until a table pays (lookups that miss the guess), as two runs on two caches might
        for (int i = 999; i >= 0; i--)
        {
            string id = i.ToString("D4", CultureInfo.InvariantCulture);
            Assert.True(one.TryGetVolume(id, out var a));
            Assert.True(other.TryGetVolume(id, out var b));
            Assert.Same(a, b);
        }

        Assert.True(one.HasTable);

        // a change gives the next download a new array; the one already downloaded, and the caches over it, keep what was
        var results = await session.ApplyAsync(new[] { new VolumeUpdate(Key.Volume("0500"), first.Volumes[500].Version, new[] { new FieldChange(VolumeFields.Description, "changed") }) });
        Assert.Equal(UpdateStatus.Applied, Assert.Single(results).Status);
        var third = await session.DownloadScopeAsync(Key);
        Assert.NotSame(first.Volumes, third.Volumes);
        Assert.True(new CachedScope(third).TryGetVolume("0500", out var changed));
        Assert.Equal("changed", changed.Description);
        Assert.True(one.TryGetVolume("0500", out var before));
        Assert.Null(before.Description);
        Assert.Null(first.Volumes[500].Description);
        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => i.ToString("D4", CultureInfo.InvariantCulture)), first.Volumes.Select(v => v.Id));
    }

    [Theory]
    [InlineData(typeof(string))]
    [InlineData(typeof(ReadOnlySpan<char>))]
    public void A_volume_not_found_is_null_and_its_out_parameter_says_it_may_be(Type idType)
    {
        var scope = new CachedScope(new ScopeData(Key, true, Array.Empty<Repository>(), new[] { new Volume("V1", "LIBR", null, 1) }));

        Assert.False(scope.TryGetVolume("V2", out var missing));
        Assert.Null(missing);
        Assert.False(scope.TryGetVolume("V2".AsSpan(), out var missingBySpan));
        Assert.Null(missingBySpan);

        // what the compiler reads: without it, 'if (!TryGetVolume(id, out var v)) use(v.Id)' compiles without a warning
        var method = typeof(CachedScope).GetMethod(nameof(CachedScope.TryGetVolume), new[] { idType, typeof(Volume).MakeByRefType() })!;
        var maybeNull = method.GetParameters()[1].GetCustomAttribute<MaybeNullWhenAttribute>();
        Assert.NotNull(maybeNull);
        Assert.False(maybeNull.ReturnValue);
    }
}
