using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Tests.Engine.FieldRuleTests;
using static TapeTrack.Sync.Tests.Engine.SyncHarness;

namespace TapeTrack.Sync.Tests.Engine;

public class ScopeCacheTests
{
    private static readonly ScopeKey Dlt = new("US01", "DLT");
    private static readonly ScopeKey Other = new("US02", "LTO");

    // three scopes, the input shuffled across them: 7 records, 7 scope changes, 3 distinct scopes
    private static readonly string[] Shuffled =
    {
        "US01,LTO,V1,OFFS",
        "US01,DLT,D1,OFFS",
        "US02,LTO,W1,OFFS",
        "US01,LTO,V2,OFFS",
        "US02,LTO,W2,OFFS",
        "US01,DLT,D2,OFFS",
        "US01,LTO,V3,OFFS",
    };

    private static SyncHarness ThreeScopes()
    {
        var h = new SyncHarness();
        h.Session.AddMedia(Dlt, Repositories());
        h.Session.AddMedia(Other, Repositories());
        foreach (var (scope, prefix) in new[] { (Lto, "V"), (Dlt, "D"), (Other, "W") })
        {
            for (int i = 1; i <= 3; i++)
            {
                h.Put(scope, prefix + i, "LIBR");
            }
        }

        return h;
    }

    [Fact]
    public async Task Shuffled_input_downloads_each_scope_once_with_the_default_cache()
    {
        var h = ThreeScopes();

        var result = await h.RunAsync(Definition("CUSTOMER,MEDIA,VOLUME,REPOSITORY"), Shuffled);

        Assert.Equal(3, h.Session.DownloadCount);
        Assert.Equal(3, result.Statistics.ScopeDownloads);
        Assert.Equal(3, result.Statistics.Scopes);
        Assert.Equal(1 + 3 + 1, h.Session.RequestCount); // logon, downloads, one batch
        Assert.Equal(h.Session.RequestCount, result.Statistics.ServerRequests);
        Assert.Equal("matched=7 updated=7 movesRequested=7", Counts(result));
    }

    [Fact]
    public async Task Capacity_one_downloads_again_on_every_scope_change_as_TMSS10Sync_does()
    {
        var h = ThreeScopes();
        h.Options.ScopeCacheCapacity = 1;

        var result = await h.RunAsync(Definition("CUSTOMER,MEDIA,VOLUME,REPOSITORY"), Shuffled);

        Assert.Equal(7, h.Session.DownloadCount);
        Assert.Equal(7, result.Statistics.ScopeDownloads);
        Assert.Equal(3, result.Statistics.Scopes);
        Assert.Equal(1 + 7 + 1, h.Session.RequestCount);
        Assert.Equal(h.Session.RequestCount, result.Statistics.ServerRequests);
        Assert.Equal("matched=7 updated=7 movesRequested=7", Counts(result));
    }

    [Fact]
    public async Task Sorted_input_downloads_each_scope_once_even_with_capacity_one()
    {
        var h = ThreeScopes();
        h.Options.ScopeCacheCapacity = 1;
        var sorted = Shuffled.OrderBy(l => l, StringComparer.Ordinal).ToArray();

        var result = await h.RunAsync(Definition("CUSTOMER,MEDIA,VOLUME,REPOSITORY"), sorted);

        Assert.Equal(3, h.Session.DownloadCount);
        Assert.Equal(3, result.Statistics.ScopeDownloads);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(100, false)]
    [InlineData(100, true)]
    public async Task The_cache_stays_true_to_what_the_run_decided_when_a_scope_is_downloaded_again(int batchSize, bool dryRun)
    {
        var h = ThreeScopes();
        h.Options.ScopeCacheCapacity = 1;
        h.Options.BatchSize = batchSize;
        h.Options.DryRun = dryRun;
        h.Options.AddVolumes = true;

        var result = await h.RunAsync(
            Definition("CUSTOMER,MEDIA,VOLUME,REPOSITORY,LOCATION"),
            "US01,LTO,V1,OFFS,",
            "US01,LTO,N1,,RACK",
            "US01,DLT,D1,OFFS,",
            "US01,LTO,V1,VLT2,",
            "US01,LTO,N1,OFFS,",
            "US01,DLT,D1,OFFS,");

        Assert.Equal(new[]
        {
            "set V1 REPOSITORY LIBR->OFFS @1",
            "set V1 REPOSITORY OFFS->VLT2 @4",
            "add N1 CURRENT ->RACK @2",
            "set N1 REPOSITORY RACK->OFFS @5",
            "set D1 REPOSITORY LIBR->OFFS @3",
        }.OrderBy(c => c, StringComparer.Ordinal), Changes(result).OrderBy(c => c, StringComparer.Ordinal));
        Assert.Equal("matched=5 unchanged=1 updated=4 added=1 movesRequested=4", Counts(result));
        Assert.Equal(4, result.Statistics.ScopeDownloads);
        if (!dryRun)
        {
            Assert.Equal("V1 LIBR->VLT2", Where(h.Volume("V1")));
            Assert.Equal("N1 RACK->OFFS", Where(h.Volume("N1")));
        }
    }

    // A scope the run has entered before is entered again within the synchronous part of the read loop when the cache
    // answers at once, and awaited when it answers later: either way the cache is asked once for each scope change.
    [Theory]
    [InlineData(64, false)]
    [InlineData(64, true)]
    [InlineData(1, false)]
    [InlineData(1, true)]
    public async Task A_scope_entered_again_is_asked_of_the_cache_once_whether_it_answers_at_once_or_later(int capacity, bool later)
    {
        var h = ThreeScopes();
        AskingCache? cache = null;
        h.ScopeCacheFactory = session => cache = new AskingCache(new ScopeCache(session, capacity), later);

        var result = await h.RunAsync(Definition("CUSTOMER,MEDIA,VOLUME,REPOSITORY"), Shuffled);

        Assert.Equal(
            new[] { "US01/LTO", "US01/DLT", "US02/LTO", "US01/LTO", "US02/LTO", "US01/DLT", "US01/LTO" },
            cache!.Asked.Select(k => k.Customer + "/" + k.Media));
        Assert.Equal(capacity == 1 ? 7 : 3, result.Statistics.ScopeDownloads);
        Assert.Equal(3, result.Statistics.Scopes);
        Assert.Equal("matched=7 updated=7 movesRequested=7", Counts(result));
        Assert.Equal(
            new[] { "V1", "D1", "W1", "V2", "W2", "D2", "V3" },
            result.Changes.Select(c => c.Volume.Volume));
        Assert.All(result.Changes, c => Assert.Equal(c.Volume.Volume[0] switch { 'V' => Lto, 'D' => Dlt, _ => Other }, c.Volume.Scope));
        foreach (var id in new[] { "V1", "V2", "V3" })
        {
            Assert.Equal(id + " LIBR->OFFS", Where(h.Volume(id)));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_cache_failing_as_a_scope_is_entered_again_fails_the_run_with_its_exception(bool later)
    {
        var h = ThreeScopes();
        AskingCache? cache = null;
        h.ScopeCacheFactory = session => cache = new AskingCache(new ScopeCache(session), later) { FailAt = 4 };

        var e = await Assert.ThrowsAsync<SyncFailedException>(() => h.RunAsync(Definition("CUSTOMER,MEDIA,VOLUME,REPOSITORY"), Shuffled));

        Assert.Same(cache!.Failure, e.InnerException);
        Assert.Equal(4, cache.Asked.Count);
        Assert.Equal(new[] { "V1", "D1", "W1" }, e.NotApplied.Select(u => u.Key.Volume));
        Assert.Equal("V1 LIBR", Where(h.Volume("V1")));
    }

    [Fact]
    public async Task Least_recently_used_scope_is_let_go_beyond_the_capacity()
    {
        var h = ThreeScopes();
        var cache = new ScopeCache(h.Session, capacity: 2);

        await cache.GetAsync(Lto);
        await cache.GetAsync(Dlt);
        await cache.GetAsync(Lto);   // hit: LTO is now the most recent
        await cache.GetAsync(Other); // lets DLT go
        await cache.GetAsync(Lto);   // hit

        Assert.Equal(3, cache.Downloads);
        Assert.Equal(2, cache.Count);
        Assert.Null(cache.Peek(Dlt));
        Assert.NotNull(cache.Peek(Lto));
        await cache.GetAsync(Dlt);
        Assert.Equal(4, cache.Downloads);
        Assert.Equal(4, h.Session.DownloadCount);
    }

    [Fact]
    public async Task Memory_budget_lets_scopes_go_before_the_count_does()
    {
        var h = ThreeScopes();
        long one = new CachedScope(await h.Session.DownloadScopeAsync(Lto)).ApproximateSize;
        var cache = new ScopeCache(h.Session, capacity: 64, memoryBudget: (2 * one) + (one / 2));

        await cache.GetAsync(Lto);
        await cache.GetAsync(Dlt);
        Assert.Equal(2, cache.Count);
        await cache.GetAsync(Other); // three would exceed the budget: LTO goes

        Assert.Equal(2, cache.Count);
        Assert.Null(cache.Peek(Lto));
        Assert.NotNull(cache.Peek(Dlt));
        Assert.NotNull(cache.Peek(Other));
        Assert.Equal(3, cache.Downloads);
    }

    [Fact]
    public async Task The_most_recent_scope_is_kept_even_over_the_budget()
    {
        var h = ThreeScopes();
        var cache = new ScopeCache(h.Session, capacity: 64, memoryBudget: 1);

        var first = await cache.GetAsync(Lto);
        var again = await cache.GetAsync(Lto);
        await cache.GetAsync(Dlt);

        Assert.Same(first, again);
        Assert.Equal(1, cache.Count);
        Assert.NotNull(cache.Peek(Dlt));
        Assert.Equal(2, cache.Downloads);
    }

    [Fact]
    public async Task Cached_scope_finds_volumes_by_string_and_by_span()
    {
        var h = ThreeScopes();
        var scope = new CachedScope(await h.Session.DownloadScopeAsync(Lto));

        Assert.True(scope.TryGetVolume("V2", out var byString));
        Assert.True(scope.TryGetVolume("xV2x".AsSpan(1, 2), out var bySpan));
        Assert.Same(byString, bySpan);
        Assert.False(scope.TryGetVolume("V9".AsSpan(), out _));
        Assert.Equal(3, scope.Count);
        Assert.Equal("OFFS", scope.FindRepositoryByDescription("OFFSITE vault")!.Id);
    }

    // a cache that notes every scope asked of it and answers through another, at once or later (as one that downloads
    // over the network does: an answer not ready until it is awaited); FailAt: the ask (from 1) that fails instead,
    // thrown at once or when the answer is awaited
    private sealed class AskingCache : IScopeCache
    {
        private readonly IScopeCache _inner;
        private readonly bool _later;

        public AskingCache(IScopeCache inner, bool later)
        {
            _inner = inner;
            _later = later;
        }

        public List<ScopeKey> Asked { get; } = new();

        public int FailAt { get; init; }

        public Exception Failure { get; } = new InvalidOperationException("the cache is gone");

        public ValueTask<CachedScope> GetAsync(ScopeKey scope, CancellationToken cancellationToken = default)
        {
            Asked.Add(scope);
            bool fail = Asked.Count == FailAt;
            if (_later)
            {
                return new ValueTask<CachedScope>(new AnswerWhenAwaited(() => fail ? throw Failure : _inner.GetAsync(scope, cancellationToken)), 0);
            }

            return fail ? throw Failure : _inner.GetAsync(scope, cancellationToken);
        }
    }

    // an answer that is pending until something awaits it, then made: whoever asked cannot take it as if given at once
    private sealed class AnswerWhenAwaited : IValueTaskSource<CachedScope>
    {
        private readonly Func<ValueTask<CachedScope>> _answer;
        private ManualResetValueTaskSourceCore<CachedScope> _core = new() { RunContinuationsAsynchronously = true };

        public AnswerWhenAwaited(Func<ValueTask<CachedScope>> answer) => _answer = answer;

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        {
            _core.OnCompleted(continuation, state, token, flags);
            _ = AnswerAsync();
        }

        public CachedScope GetResult(short token) => _core.GetResult(token);

        private async Task AnswerAsync()
        {
            try
            {
                _core.SetResult(await _answer());
            }
            catch (Exception e)
            {
                _core.SetException(e);
            }
        }
    }
}
