namespace TapeTrack.Sync.Engine;

/// <summary>What kind of change a <see cref="SyncChange"/> is.</summary>
public enum ChangeAction
{
    /// <summary>A field of an existing volume set to a new value.</summary>
    Set,
    /// <summary>A field given a value on a volume added to the server.</summary>
    Add,
    /// <summary>A volume confirmed where it was bound for: its current repository changed.</summary>
    Confirm,
}
