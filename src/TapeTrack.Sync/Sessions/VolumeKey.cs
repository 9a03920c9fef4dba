namespace TapeTrack.Sync.Sessions;

/// <summary>Identifies a volume: customer, media and volume id.</summary>
/// <param name="Customer">The customer id.</param>
/// <param name="Media">The media id.</param>
/// <param name="Volume">The volume id (barcode).</param>
public readonly record struct VolumeKey(string Customer, string Media, string Volume)
{
    /// <summary>The scope the volume belongs to.</summary>
    public ScopeKey Scope => new(Customer, Media);

    /// <summary>The qualified barcode, <c>CUST.MEDIA.VOLUME</c>.</summary>
    public override string ToString() => Customer + "." + Media + "." + Volume;
}
