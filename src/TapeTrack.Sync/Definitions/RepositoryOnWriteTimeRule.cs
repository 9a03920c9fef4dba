namespace TapeTrack.Sync.Definitions;

/// <summary>
/// <c>AddRepositoryOnWriteTime(FIELD, "filter", "time", "REPO", "movedate")</c>: when the field matches and
/// the write time lies within <see cref="Within"/> before now, propose target <see cref="Repository"/> and
/// set the move date to write time + <see cref="MoveDateAfter"/> (zero leaves the move date).
/// </summary>
/// <param name="Field">The field matched.</param>
/// <param name="Filter">The filter.</param>
/// <param name="Within">How recent the write time must be.</param>
/// <param name="Repository">The proposed target repository.</param>
/// <param name="MoveDateAfter">Added to the write time to give the move date; zero leaves the move date.</param>
internal sealed record RepositoryOnWriteTimeRule(SyncField Field, Pattern Filter, SyncDuration Within, string Repository, SyncDuration MoveDateAfter);
