using System;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// One change of one field of one volume, as the audit trail of a store keeps it: who made it (user and run),
/// when, and the value before and after. A volume added gives one entry per field it was given, with no old value.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Creates an entry.</summary>
    /// <param name="sequence">The entry's number in the store: later entries have greater numbers.</param>
    /// <param name="time">When the change was applied.</param>
    /// <param name="user">The user that applied it.</param>
    /// <param name="run">The run that applied it.</param>
    /// <param name="volume">The volume.</param>
    /// <param name="field">The field (<see cref="VolumeFields"/>; <c>CURRENT</c> and <c>REPOSITORY</c> for moves).</param>
    /// <param name="oldValue">The value before, or <see langword="null"/> when it was empty (or the volume new).</param>
    /// <param name="newValue">The value after, or <see langword="null"/> when it was cleared.</param>
    /// <param name="version">The volume's version after the change.</param>
    public AuditEntry(long sequence, DateTimeOffset time, string user, string run, VolumeKey volume, string field, string? oldValue, string? newValue, long version)
    {
        Sequence = sequence;
        Time = time;
        User = user ?? throw new ArgumentNullException(nameof(user));
        Run = run ?? throw new ArgumentNullException(nameof(run));
        Volume = volume;
        Field = field ?? throw new ArgumentNullException(nameof(field));
        OldValue = oldValue;
        NewValue = newValue;
        Version = version;
    }

    /// <summary>The entry's number in the store: later entries have greater numbers.</summary>
    public long Sequence { get; }

    /// <summary>When the change was applied (UTC).</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The user that applied the change.</summary>
    public string User { get; }

    /// <summary>The run that applied the change.</summary>
    public string Run { get; }

    /// <summary>The volume.</summary>
    public VolumeKey Volume { get; }

    /// <summary>The field.</summary>
    public string Field { get; }

    /// <summary>The value before, or <see langword="null"/>.</summary>
    public string? OldValue { get; }

    /// <summary>The value after, or <see langword="null"/>.</summary>
    public string? NewValue { get; }

    /// <summary>The volume's version after the change.</summary>
    public long Version { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Volume} {Field}: {OldValue ?? "(none)"} -> {NewValue ?? "(none)"} by {User}";
}
