namespace TapeTrack.Sync.Definitions;

/// <summary><c>SetLiteral(FIELD, "value")</c>: the field has this value for every record.</summary>
/// <param name="Field">The field.</param>
/// <param name="Value">The value.</param>
internal sealed record LiteralValue(SyncField Field, string Value);
