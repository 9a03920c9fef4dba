using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

/// <summary>
/// The default scope cache: keeps the most recently used scopes within a count and a memory budget,
/// so unsorted input costs one download per distinct scope. A capacity of 1 behaves as TMSS10Sync:
/// one scope, downloaded again on every scope change. Safe to share between runs, also concurrent ones:
/// the scopes it hands out are never changed.
/// </summary>
public sealed class ScopeCache : IScopeCache
{
    private readonly IServerSession _session;
    private readonly int _capacity;
    private readonly long _budget;
    private readonly object _gate = new();
    private readonly Dictionary<ScopeKey, LinkedListNode<CachedScope>> _map = new();
    private readonly LinkedList<CachedScope> _lru = new();
    private long _size;
    private long _downloads;

    /// <summary>Creates a cache over a session.</summary>
    /// <param name="session">The server session to download from.</param>
    /// <param name="capacity">The most scopes kept; at least 1.</param>
    /// <param name="memoryBudget">The approximate memory the kept scopes may use; the most recent scope is always kept.</param>
    public ScopeCache(IServerSession session, int capacity = 64, long memoryBudget = 512L * 1024 * 1024)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The cache keeps at least one scope.");
        }

        _capacity = capacity;
        _budget = memoryBudget;
    }

    /// <summary>The number of downloads this cache has made.</summary>
    public long Downloads => Interlocked.Read(ref _downloads);

    /// <summary>The scopes held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _map.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<CachedScope> GetAsync(ScopeKey scope, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(scope, out var node))
            {
                if (node != _lru.First)
                {
                    _lru.Remove(node);
                    _lru.AddFirst(node);
                }

                return new ValueTask<CachedScope>(node.Value);
            }
        }

        return DownloadAsync(scope, cancellationToken);
    }

    // The scope if it is held now, without downloading (for tests).
    internal CachedScope? Peek(ScopeKey scope)
    {
        lock (_gate)
        {
            return _map.TryGetValue(scope, out var node) ? node.Value : null;
        }
    }

    private async ValueTask<CachedScope> DownloadAsync(ScopeKey scope, CancellationToken cancellationToken)
    {
        // downloaded outside the lock: two runs missing the same scope at once both download it, and the later copy is kept
        var data = await _session.DownloadScopeAsync(scope, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _downloads);
        var cached = new CachedScope(data);
        lock (_gate)
        {
            if (_map.TryGetValue(scope, out var old))
            {
                _lru.Remove(old);
                _size -= old.Value.ApproximateSize;
            }

            _map[scope] = _lru.AddFirst(cached);
            _size += cached.ApproximateSize;
            while (_lru.Count > 1 && (_lru.Count > _capacity || _size > _budget))
            {
                var last = _lru.Last!;
                _lru.RemoveLast();
                _map.Remove(last.Value.Key);
                _size -= last.Value.ApproximateSize;
            }
        }

        return cached;
    }
}
