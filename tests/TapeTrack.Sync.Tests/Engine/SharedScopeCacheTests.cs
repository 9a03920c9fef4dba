using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Tests.Engine.SyncHarness;

namespace TapeTrack.Sync.Tests.Engine;

/// <summary>One scope cache handed to several runs: no run takes another run's undecided state for the server's.</summary>
public class SharedScopeCacheTests
{
    private static InMemoryServerSession OneVolume(string description)
    {
        var session = new InMemoryServerSession();
        session.AddMedia(Lto, Repositories());
        session.PutVolume(Lto, new Volume("V1", "LIBR", null, 0, new Dictionary<string, string> { [VolumeFields.Description] = description }));
        return session;
    }

    private static SyncPipeline Pipeline(SyncDefinition definition, IServerSession session, IScopeCache cache, bool dryRun) =>
        new(definition, session, new SyncOptions { DryRun = dryRun, TimeZone = TimeZoneInfo.Utc }) { ScopeCacheFactory = _ => cache };

    [Fact]
    public async Task A_dry_run_then_a_real_run_through_one_cache_applies_the_change()
    {
        var session = OneVolume("old");
        var cache = new ScopeCache(session);
        var definition = Definition("VOLUME,DESCRIPTION");

        var dry = await Pipeline(definition, session, cache, dryRun: true).RunAsync(Source("V1,new"));
        var real = await Pipeline(definition, session, cache, dryRun: false).RunAsync(Source("V1,new"));

        Assert.Equal(new[] { "set V1 DESCRIPTION old->new @1" }, Changes(dry));
        Assert.Equal(new[] { "set V1 DESCRIPTION old->new @1" }, Changes(real));
        Assert.Equal(1, real.Statistics.VolumesUpdated);
        Assert.Equal("new", session.Find(Key("V1"))!.Get(VolumeFields.Description));
        Assert.Equal(1, cache.Downloads); // both runs were served the one download
        Assert.Equal("old", (await cache.GetAsync(Lto)).TryGetVolume("V1", out var cached) ? cached.Get(VolumeFields.Description) : null);
    }

    [Fact]
    public async Task A_real_run_then_a_rerun_through_one_cache_applies_nothing_more()
    {
        var session = OneVolume("old");
        var cache = new ScopeCache(session);
        var definition = Definition("VOLUME,DESCRIPTION");

        var first = await Pipeline(definition, session, cache, dryRun: false).RunAsync(Source("V1,new"));
        var second = await Pipeline(definition, session, cache, dryRun: false).RunAsync(Source("V1,new"));

        Assert.Single(first.Changes);
        // the cache still holds the download from before the first run: the rerun decides against it, meets
        // the newer version on the server, decides again and finds nothing left to change
        Assert.Empty(second.Changes);
        Assert.Equal("matched=1 unchanged=1", Counts(second));
        Assert.Equal(2, session.Find(Key("V1"))!.Version); // put at 1, applied once

    }

    [Fact]
    public async Task A_real_run_beside_a_paused_dry_run_on_one_cache_applies_every_change()
    {
        var session = OneVolume("old");
        session.PutVolume(Lto, new Volume("V2", "LIBR", null, 0));
        var cache = new ScopeCache(session);
        var definition = Definition("VOLUME,DESCRIPTION");
        var paused = new PausingSource("V1,new", "V2,second");

        // the dry run decides both records, then waits with its decisions unsent
        var dryRun = Task.Run(() => Pipeline(definition, session, cache, dryRun: true).RunAsync(paused));
        await paused.AllRead.Task;
        var real = await Pipeline(definition, session, cache, dryRun: false).RunAsync(Source("V1,new", "V2,second"));
        paused.Resume.SetResult();
        var dry = await dryRun;

        Assert.Equal(new[] { "set V1 DESCRIPTION old->new @1", "set V2 DESCRIPTION ->second @2" }, Changes(dry));
        Assert.Equal(new[] { "set V1 DESCRIPTION old->new @1", "set V2 DESCRIPTION ->second @2" }, Changes(real));
        Assert.Equal("new", session.Find(Key("V1"))!.Get(VolumeFields.Description));
        Assert.Equal("second", session.Find(Key("V2"))!.Get(VolumeFields.Description));
    }

    [Fact]
    public async Task Two_concurrent_real_runs_on_one_cache_apply_each_change_once()
    {
        var session = OneVolume("old");
        session.PutVolume(Lto, new Volume("V2", "LIBR", null, 0));
        var cache = new ScopeCache(session);
        var definition = Definition("VOLUME,DESCRIPTION");
        var paused = new PausingSource("V1,new", "V2,second");

        // the first run decides both records and waits before sending them; the second run sends the same changes meanwhile
        var first = Task.Run(() => Pipeline(definition, session, cache, dryRun: false).RunAsync(paused));
        await paused.AllRead.Task;
        var second = await Pipeline(definition, session, cache, dryRun: false).RunAsync(Source("V1,new", "V2,second"));
        paused.Resume.SetResult();
        var late = await first;

        Assert.Equal(new[] { "set V1 DESCRIPTION old->new @1", "set V2 DESCRIPTION ->second @2" }, Changes(second));
        // the late run's batch meets the newer versions, is decided again and has nothing left to send
        Assert.Empty(late.Changes);
        Assert.Equal("matched=2 unchanged=2", Counts(late));
        Assert.Equal("new", session.Find(Key("V1"))!.Get(VolumeFields.Description));
        Assert.Equal("second", session.Find(Key("V2"))!.Get(VolumeFields.Description));
        Assert.Equal(3, session.Find(Key("V1"))!.Version); // put at 1 and 2, applied once each in one batch
        Assert.Equal(4, session.Find(Key("V2"))!.Version);
        Assert.Equal(1, cache.Downloads);
    }

    [Fact]
    public async Task Concurrent_runs_on_one_cache_over_many_scopes_lose_no_update()
    {
        var session = new InMemoryServerSession();
        var lines = new List<string>[4];
        for (int r = 0; r < lines.Length; r++)
        {
            lines[r] = new List<string>();
        }

        for (int c = 0; c < 8; c++)
        {
            var scope = new ScopeKey("C" + c, "LTO");
            session.AddMedia(scope, Repositories());
            for (int v = 0; v < 50; v++)
            {
                session.PutVolume(scope, new Volume("V" + v, "LIBR", null, 0));
                lines[v % lines.Length].Add($"C{c},V{v},run{v % lines.Length}");
            }
        }

        var cache = new ScopeCache(session, capacity: 3);
        var definition = Definition("CUSTOMER,VOLUME,DESCRIPTION");
        var runs = new Task<SyncResult>[lines.Length];
        for (int r = 0; r < runs.Length; r++)
        {
            var report = lines[r].ToArray();
            runs[r] = Task.Run(() => Pipeline(definition, session, cache, dryRun: false).RunAsync(Source(report)));
        }

        var results = await Task.WhenAll(runs);

        for (int r = 0; r < results.Length; r++)
        {
            Assert.Equal($"matched={lines[r].Count} updated={lines[r].Count}", Counts(results[r]));
        }

        // 400 volumes put at versions 1-400, then each applied exactly once: versions 401-800
        var versions = new List<long>();
        for (int c = 0; c < 8; c++)
        {
            for (int v = 0; v < 50; v++)
            {
                var volume = session.Find(new VolumeKey("C" + c, "LTO", "V" + v))!;
                Assert.Equal("run" + (v % lines.Length), volume.Get(VolumeFields.Description));
                versions.Add(volume.Version);
            }
        }

        versions.Sort();
        Assert.Equal(401, versions[0]);
        Assert.Equal(800, versions[^1]);
        Assert.Equal(400, new HashSet<long>(versions).Count);
    }

    /// <summary>Hands out its records, then waits until the test resumes it before it ends.</summary>
    private sealed class PausingSource : IRecordSource
    {
        private readonly IRecordSource _inner;

        public PausingSource(params string[] lines) => _inner = Source(lines);

        public TaskCompletionSource AllRead { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async IAsyncEnumerable<SourceRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var record in _inner.ReadAsync(cancellationToken))
            {
                yield return record;
            }

            AllRead.SetResult();
            await Resume.Task;
        }

        public ValueTask DisposeAsync() => _inner.DisposeAsync();
    }
}
