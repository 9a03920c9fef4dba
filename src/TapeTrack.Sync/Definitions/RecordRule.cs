namespace TapeTrack.Sync.Definitions;

/// <summary><c>AddString(type, offset, "filter")</c>: a rule matched against the raw record text from <paramref name="Offset"/>.</summary>
/// <param name="Type">The kind of rule.</param>
/// <param name="Offset">The zero-based character offset the filter is matched from.</param>
/// <param name="Filter">The filter.</param>
internal sealed record RecordRule(RecordRuleType Type, int Offset, Pattern Filter);
