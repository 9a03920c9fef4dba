using System;

namespace TapeTrack.Sync.Sessions;

/// <summary>A place where volumes of one media type can be: the library, the vault, a rack...</summary>
public sealed class Repository
{
    /// <summary>Creates a repository.</summary>
    /// <param name="id">The repository id, up to 4 characters, unique within its media.</param>
    /// <param name="description">The description, up to 20 characters.</param>
    /// <param name="type">The kind of repository.</param>
    public Repository(string id, string description, RepositoryType type)
    {
        Id = id ?? throw new ArgumentNullException(nameof(id));
        Description = description ?? string.Empty;
        Type = type;
    }

    /// <summary>The repository id, unique within its media.</summary>
    public string Id { get; }

    /// <summary>The description (up to 20 characters).</summary>
    public string Description { get; }

    /// <summary>The kind of repository.</summary>
    public RepositoryType Type { get; }

    /// <summary>The id of the repository volumes usually go to from here, or <see langword="null"/>.</summary>
    public string? Next { get; init; }

    /// <summary>Whether the repository is offsite.</summary>
    public bool Offsite { get; init; }

    /// <inheritdoc />
    public override string ToString() => Id;
}
