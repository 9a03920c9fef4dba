namespace TapeTrack.Sync.Sessions;

/// <summary>How much a store import or export carried.</summary>
/// <param name="Customers">The customers.</param>
/// <param name="Media">The media, of all customers.</param>
/// <param name="Volumes">The volumes, of all media.</param>
/// <param name="Users">The users.</param>
public sealed record StoreFileCounts(int Customers, int Media, long Volumes, int Users);
