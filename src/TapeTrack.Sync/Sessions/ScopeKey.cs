using System;

namespace TapeTrack.Sync.Sessions;

/// <summary>A customer/media scope: the unit the server downloads volumes in.</summary>
/// <param name="Customer">The customer id.</param>
/// <param name="Media">The media id.</param>
public readonly record struct ScopeKey(string Customer, string Media)
{
    /// <inheritdoc />
    public override string ToString() => Customer + "." + Media;

    /// <summary>The key of a volume of this scope.</summary>
    /// <param name="volume">The volume id.</param>
    public VolumeKey Volume(string volume) => new(Customer, Media, volume ?? throw new ArgumentNullException(nameof(volume)));
}
