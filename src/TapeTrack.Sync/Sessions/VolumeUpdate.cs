using System;
using System.Collections.Generic;

namespace TapeTrack.Sync.Sessions;

/// <summary>An update of one volume sent to the server, guarded by the version it was decided against.</summary>
public sealed class VolumeUpdate
{
    /// <summary>Creates an update.</summary>
    /// <param name="key">The volume.</param>
    /// <param name="expectedVersion">The version the changes were decided against; <see langword="null"/> adds a new volume.</param>
    /// <param name="changes">The fields to set. A new volume needs <c>CURRENT</c>.</param>
    public VolumeUpdate(VolumeKey key, long? expectedVersion, IReadOnlyList<FieldChange> changes)
    {
        Key = key;
        ExpectedVersion = expectedVersion;
        Changes = changes ?? throw new ArgumentNullException(nameof(changes));
    }

    /// <summary>The volume.</summary>
    public VolumeKey Key { get; }

    /// <summary>The version the changes were decided against; <see langword="null"/> when the volume is new.</summary>
    public long? ExpectedVersion { get; }

    /// <summary>Whether this update adds a volume the server does not have.</summary>
    public bool IsAdd => ExpectedVersion is null;

    /// <summary>The fields to set.</summary>
    public IReadOnlyList<FieldChange> Changes { get; }
}
