namespace TapeTrack.Sync.Sessions;

/// <summary>What a <see cref="StoreFileItem"/> holds.</summary>
public enum StoreFileItemKind
{
    /// <summary>A customer with its attribute definitions; its media follow.</summary>
    Customer,

    /// <summary>A media of the last customer, with its repositories; its volumes follow.</summary>
    Media,

    /// <summary>A volume of the last media.</summary>
    Volume,

    /// <summary>A user.</summary>
    User,
}
