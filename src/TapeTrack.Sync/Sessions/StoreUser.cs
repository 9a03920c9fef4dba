namespace TapeTrack.Sync.Sessions;

/// <summary>A user that may log on to a store.</summary>
/// <param name="Name">The user name.</param>
/// <param name="Password">The password as given in a store file to import; never written back on export.</param>
public sealed record StoreUser(string Name, string? Password)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
