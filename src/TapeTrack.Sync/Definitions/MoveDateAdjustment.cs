namespace TapeTrack.Sync.Definitions;

/// <summary><c>AddMoveDateAdjustment(FIELD, "filter", years, months, days)</c>: when the field matches, add the period to the move date. First match wins.</summary>
/// <param name="Field">The field matched.</param>
/// <param name="Filter">The filter.</param>
/// <param name="Years">Years to add (may be negative).</param>
/// <param name="Months">Months to add.</param>
/// <param name="Days">Days to add.</param>
internal sealed record MoveDateAdjustment(SyncField Field, Pattern Filter, int Years, int Months, int Days);
