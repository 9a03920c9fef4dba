using System;
using System.Collections.Generic;

namespace TapeTrack.Sync.Sessions;

/// <summary>Everything the server holds for one customer/media scope: its repositories and its volumes.</summary>
public sealed class ScopeData
{
    /// <summary>Creates scope data.</summary>
    /// <param name="key">The scope.</param>
    /// <param name="exists">Whether the server has this customer and media.</param>
    /// <param name="repositories">The media's repositories.</param>
    /// <param name="volumes">Every volume of the scope.</param>
    public ScopeData(ScopeKey key, bool exists, IReadOnlyList<Repository> repositories, IReadOnlyList<Volume> volumes)
    {
        Key = key;
        Exists = exists;
        Repositories = repositories ?? throw new ArgumentNullException(nameof(repositories));
        Volumes = volumes ?? throw new ArgumentNullException(nameof(volumes));
    }

    /// <summary>A scope the server does not have.</summary>
    /// <param name="key">The scope.</param>
    public static ScopeData Missing(ScopeKey key) => new(key, false, Array.Empty<Repository>(), Array.Empty<Volume>());

    /// <summary>The scope.</summary>
    public ScopeKey Key { get; }

    /// <summary>Whether the server has this customer and media.</summary>
    public bool Exists { get; }

    /// <summary>The media's repositories.</summary>
    public IReadOnlyList<Repository> Repositories { get; }

    /// <summary>Every volume of the scope.</summary>
    public IReadOnlyList<Volume> Volumes { get; }

    /// <summary>The pool every repository id and field value of <see cref="Volumes"/> was taken from, when the source
    /// pooled them as it read (the in-memory session, the embedded and PostgreSQL stores' readers, the remote session): a cached scope then keeps the
    /// volumes as they are instead of pooling each value again. <see langword="null"/> when the values are not known
    /// to be pooled.</summary>
    internal ValuePool? Pool { get; set; }

    /// <summary>Set only by a source that made <see cref="Volumes"/> as an array that nothing changes afterwards, its ids
    /// in strictly increasing ordinal order, its values pooled (<see cref="Pool"/>): a cached scope then keeps that array
    /// as it is, without going over every volume to copy it and check the order, and never writes it (the in-memory
    /// session's downloads, which hand the same array to every download until the scope changes).</summary>
    internal bool Ordered { get; set; }
}
