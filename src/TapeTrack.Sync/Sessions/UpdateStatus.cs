namespace TapeTrack.Sync.Sessions;

/// <summary>What the server did with one <see cref="VolumeUpdate"/>.</summary>
public enum UpdateStatus
{
    /// <summary>The update was applied.</summary>
    Applied,
    /// <summary>The volume's version differs from the expected one: someone else changed it. Nothing was applied.</summary>
    Conflict,
    /// <summary>The volume (or its customer or media) does not exist. Nothing was applied.</summary>
    NotFound,
    /// <summary>An add found the volume already there. Nothing was applied.</summary>
    AlreadyExists,
    /// <summary>The server refused the values (an unknown repository, say). Nothing was applied.</summary>
    Rejected,
}
