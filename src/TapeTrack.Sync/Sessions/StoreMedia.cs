using System;
using System.Collections.Generic;

namespace TapeTrack.Sync.Sessions;

/// <summary>A media type of a customer in a <see cref="StoreDocument"/>, with its repositories and volumes.</summary>
public sealed class StoreMedia
{
    /// <summary>Creates a media.</summary>
    /// <param name="id">The media id, up to 4 characters.</param>
    /// <param name="description">The description.</param>
    public StoreMedia(string id, string description)
    {
        Id = id ?? throw new ArgumentNullException(nameof(id));
        Description = description ?? string.Empty;
    }

    /// <summary>The media id.</summary>
    public string Id { get; }

    /// <summary>The description.</summary>
    public string Description { get; }

    /// <summary>The repositories.</summary>
    public List<Repository> Repositories { get; } = new();

    /// <summary>The volumes.</summary>
    public List<Volume> Volumes { get; } = new();
}
