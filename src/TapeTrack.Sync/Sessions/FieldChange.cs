namespace TapeTrack.Sync.Sessions;

/// <summary>One field of a volume set to a new value.</summary>
/// <param name="Field">The field name: a <see cref="VolumeFields"/> constant, <c>ATTRIBUTEn</c>, <c>CURRENT</c> or <c>REPOSITORY</c>.</param>
/// <param name="Value">The new value as canonical text; <see langword="null"/> clears it.</param>
public readonly record struct FieldChange(string Field, string? Value);
