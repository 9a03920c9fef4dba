namespace TapeTrack.Sync.Sessions;

/// <summary>The outcome of one <see cref="VolumeUpdate"/>.</summary>
/// <param name="Key">The volume.</param>
/// <param name="Status">What the server did.</param>
/// <param name="Volume">The volume as the server now holds it (after the update when applied), or <see langword="null"/> when it does not exist.</param>
/// <param name="Message">Why it was not applied, when it was not.</param>
public sealed record UpdateResult(VolumeKey Key, UpdateStatus Status, Volume? Volume, string? Message = null);
