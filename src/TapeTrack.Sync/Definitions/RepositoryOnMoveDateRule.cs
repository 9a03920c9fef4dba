namespace TapeTrack.Sync.Definitions;

/// <summary>
/// <c>AddRepositoryOnMoveDate(FIELD, "filter", "time", "REPO")</c>: when the field matches and the move date
/// lies within <see cref="Within"/> after now (or has passed), propose target <see cref="Repository"/>.
/// </summary>
/// <param name="Field">The field matched.</param>
/// <param name="Filter">The filter.</param>
/// <param name="Within">How soon the move date must be.</param>
/// <param name="Repository">The proposed target repository.</param>
internal sealed record RepositoryOnMoveDateRule(SyncField Field, Pattern Filter, SyncDuration Within, string Repository);
