namespace TapeTrack.Sync.Definitions;

/// <summary>
/// <c>AddSkipOnRepositoryChange("proposed", "target", "current")</c>: leave the target alone when the
/// proposed target, the volume's present target and its current repository all match.
/// </summary>
/// <param name="Proposed">The filter on the proposed target.</param>
/// <param name="Target">The filter on the volume's present target.</param>
/// <param name="Current">The filter on the volume's current repository.</param>
internal sealed record SkipOnRepositoryChangeRule(Pattern Proposed, Pattern Target, Pattern Current);
