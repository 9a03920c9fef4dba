namespace TapeTrack.Sync.Engine;

/// <summary>The kinds of warning a sync gives.</summary>
public enum WarningKind
{
    /// <summary>The record names a volume the server does not have (and volumes are not being added).</summary>
    VolumeNotFound,
    /// <summary>The volume is in a library repository where it is not expected.</summary>
    UnexpectedInLibrary,
    /// <summary>The volume is at a (non-library) location where it is not expected.</summary>
    UnexpectedAtLocation,
    /// <summary>Inventory: a volume expected in a library repository that the input did not list.</summary>
    MissingFromLibrary,
    /// <summary>Inventory: a volume expected at a location that the input did not list.</summary>
    MissingFromLocation,
}
