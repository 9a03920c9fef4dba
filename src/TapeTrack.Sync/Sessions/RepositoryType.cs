namespace TapeTrack.Sync.Sessions;

/// <summary>The kind of place a repository is, as TapeTrack classifies repositories.</summary>
public enum RepositoryType
{
    /// <summary>A tape library (robot) at the data centre.</summary>
    Library,
    /// <summary>An offsite vault.</summary>
    Vault,
    /// <summary>Shelving or racking.</summary>
    Rack,
    /// <summary>A scratch pool.</summary>
    Scratch,
    /// <summary>In transit.</summary>
    Transport,
    /// <summary>A disaster-recovery site.</summary>
    DisasterRecovery,
    /// <summary>Held for legal reasons.</summary>
    LegalHold,
    /// <summary>Bound for destruction.</summary>
    Destruction,
    /// <summary>Ordered, not yet received.</summary>
    Ordered,
}
