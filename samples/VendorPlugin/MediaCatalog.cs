using System;
using System.Collections.Generic;

namespace Contoso.Backup.TapeTrack;

/// <summary>
/// The product's media list, in memory. In the real product it is the media database the product
/// already keeps; this sample fills it with last night's state.
/// </summary>
public sealed class MediaCatalog
{
    private readonly List<MediaItem> _items = new List<MediaItem>();

    /// <summary>The cartridges, in the product's order.</summary>
    public IReadOnlyList<MediaItem> Items => _items;

    /// <summary>Adds a cartridge.</summary>
    public void Add(MediaItem item) => _items.Add(item ?? throw new ArgumentNullException(nameof(item)));

    /// <summary>The product's media after last night's backups (the same tapes as samples/nightly).</summary>
    public static MediaCatalog Current()
    {
        var catalog = new MediaCatalog();
        catalog.Add(new MediaItem("E01001L8", "Weekly_Full", MediaLocation.Vault) { VaultReturn = new DateTime(2026, 12, 23), LastWritten = new DateTime(2026, 11, 24, 22, 41, 7) });
        catalog.Add(new MediaItem("E01002L8", "Weekly_Full", MediaLocation.Vault) { VaultReturn = new DateTime(2026, 12, 23), LastWritten = new DateTime(2026, 11, 24, 23, 5, 12) });
        catalog.Add(new MediaItem("E01003L8", "Daily_Incr", MediaLocation.Library) { Slot = 14, LastWritten = new DateTime(2026, 11, 24, 1, 12, 40) });
        catalog.Add(new MediaItem("E01004L8", "Daily_Incr", MediaLocation.Library) { Slot = 15, LastWritten = new DateTime(2026, 11, 24, 1, 40, 3) });
        catalog.Add(new MediaItem("E01005L8", "Monthly_Full", MediaLocation.Vault) { VaultReturn = new DateTime(2027, 11, 1), LastWritten = new DateTime(2026, 11, 1, 3, 0, 0) });
        catalog.Add(new MediaItem("E01006L8", "Daily_Incr", MediaLocation.Library) { Slot = 16, LastWritten = new DateTime(2026, 11, 23, 1, 10, 55) });
        catalog.Add(new MediaItem("CLN001L8", "Cleaning", MediaLocation.Library) { Slot = 40, IsCleaning = true });
        catalog.Add(new MediaItem("E01007L8", "Weekly_Full", MediaLocation.Vault) { VaultReturn = new DateTime(2026, 12, 23), LastWritten = new DateTime(2026, 11, 24, 23, 30, 19) });
        return catalog;
    }
}
