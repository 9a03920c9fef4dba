namespace TapeTrack.Sync.Definitions;

/// <summary><c>AddExclusionOnValue(FIELD, "filter")</c>: skip the record when the field's final value matches.</summary>
/// <param name="Field">The field.</param>
/// <param name="Filter">The filter.</param>
internal sealed record ValueExclusion(SyncField Field, Pattern Filter);
