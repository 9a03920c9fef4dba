using System;

namespace Contoso.Backup.TapeTrack;

/// <summary>One cartridge as the backup product's media database holds it.</summary>
public sealed class MediaItem
{
    public MediaItem(string barcode, string pool, MediaLocation location)
    {
        Barcode = barcode ?? throw new ArgumentNullException(nameof(barcode));
        Pool = pool ?? throw new ArgumentNullException(nameof(pool));
        Location = location;
    }

    /// <summary>The cartridge's barcode label, e.g. <c>E01001L8</c>.</summary>
    public string Barcode { get; }

    /// <summary>The media pool (the product's retention class).</summary>
    public string Pool { get; }

    /// <summary>Where the product believes it is.</summary>
    public MediaLocation Location { get; set; }

    /// <summary>The library slot, when it is in the library.</summary>
    public int? Slot { get; set; }

    /// <summary>When it comes back from the vault.</summary>
    public DateTime? VaultReturn { get; set; }

    /// <summary>When the product last wrote to it (local time).</summary>
    public DateTime? LastWritten { get; set; }

    /// <summary>A cleaning cartridge, never synced.</summary>
    public bool IsCleaning { get; set; }
}
