using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

/// <summary>
/// The volumes and repositories of one customer/media scope, as the server held them when they were
/// downloaded. Never changed once made, so several runs can read one at the same time. Volume lookups
/// by span allocate nothing on .NET 9 and later.
/// </summary>
public sealed class CachedScope
{
    // The volumes in download order, and an open-addressing table over them: a slot holds a volume's index + 1
    // (0: empty) in its low bits and the top bits of the id's hash above them, so a probe rarely touches a volume
    // that is not the one sought. About 16 bytes a volume, against 28 for a Dictionary<string, Volume>.
    private readonly Volume[] _volumes;
    private readonly uint[] _slots;
    private readonly int _mask;
    private readonly uint _indexMask;
    private readonly ReadOnlyCollection<Volume> _list;
    private readonly Dictionary<string, Repository> _repositories;

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
        _volumes = new Volume[count];

        // each distinct repository id and field value held once, however many volumes have it
        var pool = new ValuePool();
        foreach (var repository in data.Repositories)
        {
            pool.Intern(repository.Id);
        }

        long size = 512;
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            var volume = downloaded[i].Intern(pool);
            int at = Find(volume.Id.AsSpan(), out uint hash, out int slot);
            if (at >= 0)
            {
                // the same id twice: the later one wins, in the earlier one's place
                _volumes[at] = volume;
                continue;
            }

            _volumes[kept] = volume;
            _slots[slot] = (uint)(kept + 1) | (hash & ~_indexMask);
            kept++;
            size += 120 + (volume.Id.Length * 2) + (volume.FieldCount > 2 ? 40 + (volume.FieldCount * 16) : 0);
        }

        if (kept < count)
        {
            Array.Resize(ref _volumes, kept);
        }

        size += pool.Size;
        _list = new ReadOnlyCollection<Volume>(_volumes);
        _repositories = new Dictionary<string, Repository>(StringComparer.Ordinal);
        foreach (var repository in data.Repositories)
        {
            _repositories[repository.Id] = repository;
        }

        Repositories = data.Repositories;
        ApproximateSize = size;
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
    /// <param name="volume">The volume, when found.</param>
    public bool TryGetVolume(string id, out Volume volume)
    {
        if (id is null)
        {
            throw new ArgumentNullException(nameof(id));
        }

        return TryGetVolume(id.AsSpan(), out volume);
    }

    /// <summary>Finds a volume by id without making a string of it.</summary>
    /// <param name="id">The volume id.</param>
    /// <param name="volume">The volume, when found.</param>
    public bool TryGetVolume(ReadOnlySpan<char> id, out Volume volume)
    {
        int at = Find(id, out _, out _);
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
        if ((uint)guess < (uint)volumes.Length && id.SequenceEqual(volumes[guess].Id.AsSpan()))
        {
            volume = volumes[guess];
            next = guess + 1;
            return true;
        }

        int at = Find(id, out _, out _);
        if (at < 0)
        {
            volume = null!;
            return false;
        }

        volume = volumes[at];
        next = at + 1;
        return true;
    }

    /// <summary>Finds a repository by id.</summary>
    /// <param name="id">The repository id.</param>
    public Repository? FindRepository(string id) => _repositories.TryGetValue(id, out var repository) ? repository : null;

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

    // The index of the volume with this id, or -1 and the empty slot where it would go.
    private int Find(ReadOnlySpan<char> id, out uint hash, out int slot)
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
                if (id.SequenceEqual(_volumes[at].Id.AsSpan()))
                {
                    slot = i;
                    return at;
                }
            }

            i = (i + 1) & _mask;
        }
    }
}
