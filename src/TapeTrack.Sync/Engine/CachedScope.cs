using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

/// <summary>
/// The volumes and repositories of one customer/media scope, as the server held them when they were
/// downloaded. Never changed once made, so several runs can read one at the same time. Volume lookups
/// by span allocate nothing on .NET 9 and later.
/// </summary>
public sealed class CachedScope
{
    // The volumes in download order. A scope whose ids come in strictly increasing (ordinal) order, as the servers
    // download them, is searched by halves until lookups that miss the caller's guess are many enough to pay for a
    // table (SearchesBeforeTable); any other scope gets its table at once (it also finds repeated ids).
    private readonly Volume[] _volumes;
    private readonly ReadOnlyCollection<Volume> _list;
    private readonly Dictionary<string, Repository> _repositories;
    private readonly string[] _repositoryIds;
    private readonly int _searchesBeforeTable;
    private Table? _table;
    private int _searches;

    /// <summary>Creates a cached scope from downloaded data.</summary>
    /// <param name="data">The scope's repositories and volumes.</param>
    public CachedScope(ScopeData data)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        Key = data.Key;
        Exists = data.Exists;
        var downloaded = data.Volumes;
        int count = downloaded.Count;
        long size = 512;
        bool ordered = true;
        if (data.Ordered && data.Pool is { } given && downloaded is Volume[] own)
        {
            // in order, pooled, made for this scope alone: kept as it is, its size estimated from a sample
            _volumes = own;
            size += SampledSize(own) + given.Size;
        }
        else
        {
            _volumes = new Volume[count];
            size = Take(data, _volumes, out ordered);
        }

        _searchesBeforeTable = 64 + (count / 32);
        if (!ordered)
        {
            _table = BuildTable(ref _volumes);
        }

        _list = new ReadOnlyCollection<Volume>(_volumes);
        _repositories = new Dictionary<string, Repository>(StringComparer.Ordinal);
        foreach (var repository in data.Repositories)
        {
            _repositories[repository.Id] = repository;
        }

        Repositories = data.Repositories;
        _repositoryIds = new string[data.Repositories.Count];
        for (int i = 0; i < _repositoryIds.Length; i++)
        {
            _repositoryIds[i] = data.Repositories[i].Id;
        }

        ApproximateSize = size;
    }

    // what a volume holds, about (for the cache's budget)
    private static long SizeOf(Volume volume) => 120 + (volume.Id.Length * 2) + (volume.FieldCount > 2 ? 40 + (volume.FieldCount * 16) : 0);

    // the size of many volumes from every one of up to 1,024 of them, evenly spaced
    private static long SampledSize(Volume[] volumes)
    {
        int step = Math.Max(1, volumes.Length / 1_024);
        long sampled = 0;
        int samples = 0;
        for (int i = 0; i < volumes.Length; i += step)
        {
            sampled += SizeOf(volumes[i]);
            samples++;
        }

        return samples == 0 ? 0 : sampled * volumes.Length / samples;
    }

    // Copies the downloaded volumes, each pooled (unless the source pooled them), checking their order: the size.
#if NET
    // run once per scope download, over every volume: compiled optimised at once rather than left to tiering
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
#endif
    private static long Take(ScopeData data, Volume[] volumes, out bool ordered)
    {
        var downloaded = data.Volumes;
        int count = downloaded.Count;

        // each distinct repository id and field value held once, however many volumes have it: pooled here unless the
        // source pooled them as it read (then the volumes are kept as they came)
        var pool = data.Pool;
        bool pooled = pool is not null;
        if (pool is null)
        {
            pool = new ValuePool();
            foreach (var repository in data.Repositories)
            {
                pool.Intern(repository.Id);
            }
        }

        long size = 512;
        ordered = true;
        string? previous = null;
        for (int i = 0; i < count; i++)
        {
            var volume = pooled ? downloaded[i] : downloaded[i].Intern(pool);
            volumes[i] = volume;
            ordered = ordered && (previous is null || string.CompareOrdinal(previous, volume.Id) < 0);
            previous = volume.Id;
            size += SizeOf(volume);
        }

        return size + pool.Size;
    }

    /// <summary>The scope.</summary>
    public ScopeKey Key { get; }

    /// <summary>Whether the server has this customer and media.</summary>
    public bool Exists { get; }

    /// <summary>The media's repositories.</summary>
    public IReadOnlyList<Repository> Repositories { get; }

    /// <summary>Every volume, as downloaded, in the order of the download.</summary>
    public IEnumerable<Volume> Volumes => _list;

    /// <summary>The number of volumes.</summary>
    public int Count => _volumes.Length;

    /// <summary>An estimate of the memory the scope holds, in bytes, for the cache's budget.</summary>
    public long ApproximateSize { get; }

    /// <summary>Finds a volume by id.</summary>
    /// <param name="id">The volume id.</param>
    /// <param name="volume">The volume, when found; <see langword="null"/> when not.</param>
    /// <returns>Whether the scope has the volume.</returns>
    public bool TryGetVolume(string id, [MaybeNullWhen(false)] out Volume volume)
    {
        if (id is null)
        {
            throw new ArgumentNullException(nameof(id));
        }

        return TryGetVolume(id.AsSpan(), out volume);
    }

    /// <summary>Finds a volume by id without making a string of it.</summary>
    /// <param name="id">The volume id.</param>
    /// <param name="volume">The volume, when found; <see langword="null"/> when not.</param>
    /// <returns>Whether the scope has the volume.</returns>
    public bool TryGetVolume(ReadOnlySpan<char> id, [MaybeNullWhen(false)] out Volume volume)
    {
        int at = IndexOf(id);
        volume = at >= 0 ? _volumes[at] : null!;
        return at >= 0;
    }

    /// <summary>
    /// Finds a volume by id, trying first the volume at <paramref name="next"/> in download order, and sets
    /// <paramref name="next"/> to the position after the volume found: a report sorted as the server sorts its
    /// volumes finds each one at the first try.
    /// </summary>
    internal bool TryGetVolume(ReadOnlySpan<char> id, ref int next, out Volume volume)
    {
        var volumes = _volumes;
        int guess = next;
        if ((uint)guess < (uint)volumes.Length && ShortText.Same(id, volumes[guess].Id.AsSpan()))
        {
            volume = volumes[guess];
            next = guess + 1;
            return true;
        }

        int at = IndexOf(id);
        if (at < 0)
        {
            volume = null!;
            return false;
        }

        volume = volumes[at];
        next = at + 1;
        return true;
    }

    /// <summary>Whether the scope's table of volumes has been built (for tests: an ordered scope builds it only when
    /// lookups that miss the guess are many).</summary>
    internal bool HasTable => Volatile.Read(ref _table) is not null;

    /// <summary>Finds a repository by id.</summary>
    /// <param name="id">The repository id.</param>
    public Repository? FindRepository(string id) => _repositories.TryGetValue(id, out var repository) ? repository : null;

    /// <summary>Whether the media has a repository with this id, a volume's own (pooled with the repositories' ids, it is
    /// most often the very same string): compared by reference first.</summary>
    internal bool HasRepository(string id)
    {
        foreach (string repository in _repositoryIds)
        {
            if (ReferenceEquals(id, repository))
            {
                return true;
            }
        }

        return HasRepository(id.AsSpan());
    }

    /// <summary>Whether the media has a repository with this id (an array walk, for the unchanged check).</summary>
    internal bool HasRepository(ReadOnlySpan<char> id)
    {
        foreach (string repository in _repositoryIds)
        {
            if (id.SequenceEqual(repository.AsSpan()))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Finds a repository by its description, case-insensitively.</summary>
    /// <param name="description">The description.</param>
    public Repository? FindRepositoryByDescription(string description)
    {
        foreach (var repository in Repositories)
        {
            if (string.Equals(repository.Description, description, StringComparison.OrdinalIgnoreCase))
            {
                return repository;
            }
        }

        return null;
    }

    // The index of the volume with this id, or -1.
    private int IndexOf(ReadOnlySpan<char> id)
    {
        var table = Volatile.Read(ref _table);
        if (table is null)
        {
            // several runs may read one scope at once: the count is shared, the table built once under a lock
            if (Interlocked.Increment(ref _searches) <= _searchesBeforeTable)
            {
                return Search(id);
            }

            table = EnsureTable();
        }

        return table.Find(_volumes, id, out _, out _);
    }

    // Halves the ordered volumes (ordinal order, as the constructor checked).
    private int Search(ReadOnlySpan<char> id)
    {
        var volumes = _volumes;
        int low = 0, high = volumes.Length - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            int order = id.SequenceCompareTo(volumes[middle].Id.AsSpan());
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                high = middle - 1;
            }
            else
            {
                low = middle + 1;
            }
        }

        return -1;
    }

    private Table EnsureTable()
    {
        lock (_volumes)
        {
            if (_table is { } built)
            {
                return built;
            }

            var volumes = _volumes;
            var table = BuildTable(ref volumes);
            Volatile.Write(ref _table, table);
            return table;
        }
    }

    // A table over the volumes; a repeated id keeps the later volume in the earlier one's place (the array is made
    // shorter then: only a scope that is not ordered can repeat an id, and its table is built in the constructor).
#if NET
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
#endif
    private static Table BuildTable(ref Volume[] volumes)
    {
        var table = new Table(volumes.Length);
        int kept = 0;
        for (int i = 0; i < volumes.Length; i++)
        {
            var volume = volumes[i];
            int at = table.Find(volumes, volume.Id.AsSpan(), out uint hash, out int slot);
            if (at >= 0)
            {
                volumes[at] = volume;
                continue;
            }

            // an ordered scope's array is never written (a source may hand the same one to several caches)
            if (kept != i)
            {
                volumes[kept] = volume;
            }

            table.Set(slot, kept, hash);
            kept++;
        }

        if (kept < volumes.Length)
        {
            Array.Resize(ref volumes, kept);
        }

        return table;
    }

    // An open-addressing table over the volumes: a slot holds a volume's index + 1 (0: empty) in its low bits and the
    // top bits of the id's hash above them, so a probe rarely touches a volume that is not the one sought. About 8
    // bytes a volume, against 28 for a Dictionary<string, Volume>.
    private sealed class Table
    {
        private readonly uint[] _slots;
        private readonly int _mask;
        private readonly uint _indexMask;

        public Table(int count)
        {
            int capacity = 4;
            while (capacity < count + (count / 3) + 1)
            {
                capacity <<= 1;
            }

            _slots = new uint[capacity];
            _mask = capacity - 1;
            int indexBits = 1;
            while (indexBits < 32 && (1L << indexBits) <= count)
            {
                indexBits++;
            }

            _indexMask = indexBits >= 32 ? uint.MaxValue : (1u << indexBits) - 1;
        }

        public void Set(int slot, int index, uint hash) => _slots[slot] = (uint)(index + 1) | (hash & ~_indexMask);

        // The index of the volume with this id, or -1 and the empty slot where it would go.
        public int Find(Volume[] volumes, ReadOnlySpan<char> id, out uint hash, out int slot)
        {
            hash = ValuePool.Hash(id);
            uint tag = hash & ~_indexMask;
            var slots = _slots;
            int i = (int)hash & _mask;
            while (true)
            {
                uint entry = slots[i];
                if (entry == 0)
                {
                    slot = i;
                    return -1;
                }

                if ((entry & ~_indexMask) == tag)
                {
                    int at = (int)(entry & _indexMask) - 1;
                    if (id.SequenceEqual(volumes[at].Id.AsSpan()))
                    {
                        slot = i;
                        return at;
                    }
                }

                i = (i + 1) & _mask;
            }
        }
    }
}
