using System.Collections.Generic;

namespace TapeTrack.Sync.Sessions;

/// <summary>A user that may log on to a store.</summary>
/// <param name="Name">The user name.</param>
/// <param name="Password">The password as given in a store file to import; never written back on export.</param>
public sealed record StoreUser(string Name, string? Password)
{
    /// <summary>
    /// The customers the user is granted, or <see langword="null"/> when it sees every customer (the site's own
    /// administrator). To a user with a list, every other customer does not exist.
    /// </summary>
    public IReadOnlyList<string>? Customers { get; init; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
