using System;
using System.Collections.Generic;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

/// <summary>
/// The volumes and repositories of one customer/media scope, as the server held them when they were
/// downloaded. Never changed once made, so several runs can read one at the same time. Volume lookups
/// by span allocate nothing on .NET 9 and later.
/// </summary>
public sealed class CachedScope
{
    private readonly Dictionary<string, Volume> _volumes;
#if NET9_0_OR_GREATER
    private readonly Dictionary<string, Volume>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
#endif
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
        _volumes = new Dictionary<string, Volume>(data.Volumes.Count, StringComparer.Ordinal);
        foreach (var volume in data.Volumes)
        {
            _volumes[volume.Id] = volume;
        }

#if NET9_0_OR_GREATER
        _bySpan = _volumes.GetAlternateLookup<ReadOnlySpan<char>>();
#endif
        _repositories = new Dictionary<string, Repository>(StringComparer.Ordinal);
        foreach (var repository in data.Repositories)
        {
            _repositories[repository.Id] = repository;
        }

        Repositories = data.Repositories;
        long size = 512;
        foreach (var volume in data.Volumes)
        {
            size += 160 + (volume.Id.Length * 2) + (volume.Fields.Count * 96);
        }

        ApproximateSize = size;
    }

    /// <summary>The scope.</summary>
    public ScopeKey Key { get; }

    /// <summary>Whether the server has this customer and media.</summary>
    public bool Exists { get; }

    /// <summary>The media's repositories.</summary>
    public IReadOnlyList<Repository> Repositories { get; }

    /// <summary>Every volume, as downloaded.</summary>
    public IEnumerable<Volume> Volumes => _volumes.Values;

    /// <summary>The number of volumes.</summary>
    public int Count => _volumes.Count;

    /// <summary>An estimate of the memory the scope holds, in bytes, for the cache's budget.</summary>
    public long ApproximateSize { get; }

    /// <summary>Finds a volume by id.</summary>
    /// <param name="id">The volume id.</param>
    /// <param name="volume">The volume, when found.</param>
    public bool TryGetVolume(string id, out Volume volume) => _volumes.TryGetValue(id, out volume!);

    /// <summary>Finds a volume by id without making a string of it (on .NET 9 and later).</summary>
    /// <param name="id">The volume id.</param>
    /// <param name="volume">The volume, when found.</param>
    public bool TryGetVolume(ReadOnlySpan<char> id, out Volume volume)
    {
#if NET9_0_OR_GREATER
        return _bySpan.TryGetValue(id, out volume!);
#else
        return _volumes.TryGetValue(id.ToString(), out volume!);
#endif
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
}
