namespace Contoso.Backup.TapeTrack;

/// <summary>Where the backup product believes a cartridge is.</summary>
public enum MediaLocation
{
    /// <summary>In a slot of the tape library.</summary>
    Library,

    /// <summary>Sent to the offsite vault.</summary>
    Vault,
}
