namespace TapeTrack.Sync.Sessions;

/// <summary>The definition of a customer's extended attribute.</summary>
/// <param name="Index">The attribute index, 1 to 200.</param>
/// <param name="Name">The attribute's name.</param>
/// <param name="Type">The attribute's type, as the server names it (<c>String</c>, say).</param>
public sealed record StoreAttributeDefinition(int Index, string Name, string Type);
