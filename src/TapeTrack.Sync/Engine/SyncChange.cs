using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

/// <summary>One field of one volume changed by the sync (or that would be, in a dry run).</summary>
/// <param name="Action">Set, add or confirm.</param>
/// <param name="Volume">The volume.</param>
/// <param name="Field">The field: <c>REPOSITORY</c> (the target), <c>CURRENT</c>, <c>DESCRIPTION</c>, <c>ATTRIBUTE3</c>...</param>
/// <param name="From">The value before; for <c>REPOSITORY</c> the target before (the current repository when it was not moving); <see langword="null"/> when empty.</param>
/// <param name="To">The new value.</param>
/// <param name="Line">The input line (or ODBC row) of the record that caused it.</param>
public sealed record SyncChange(ChangeAction Action, VolumeKey Volume, string Field, string? From, string? To, long Line);
