using System;
using System.Collections.Generic;

namespace TapeTrack.Sync.Sessions;

/// <summary>A field whose value an applied update changed: what the audit trail keeps of it.</summary>
/// <param name="Field">The field (<see cref="VolumeFields"/>).</param>
/// <param name="OldValue">The value before, or <see langword="null"/> when empty.</param>
/// <param name="NewValue">The value after, or <see langword="null"/> when empty.</param>
public readonly record struct FieldDifference(string Field, string? OldValue, string? NewValue)
{
    /// <summary>
    /// The fields that differ between a volume before and after an update: <c>CURRENT</c>, then <c>REPOSITORY</c>
    /// (the target while the volume is moving, empty at rest), then the other fields in ordinal order.
    /// </summary>
    /// <param name="before">The volume before, or <see langword="null"/> when the update added it.</param>
    /// <param name="after">The volume after.</param>
    public static IReadOnlyList<FieldDifference> Between(Volume? before, Volume after)
    {
        if (after is null)
        {
            throw new ArgumentNullException(nameof(after));
        }

        var differences = new List<FieldDifference>();
        Add(differences, VolumeFields.Current, before?.Current, after.Current);
        Add(differences, VolumeFields.Repository, before is { IsMoving: true } ? before.Target : null, after.IsMoving ? after.Target : null);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (before is not null)
        {
            names.UnionWith(before.Fields.Keys);
        }

        names.UnionWith(after.Fields.Keys);
        foreach (var name in names)
        {
            Add(differences, name, before?.Get(name), after.Get(name));
        }

        return differences;
    }

    private static void Add(List<FieldDifference> differences, string field, string? oldValue, string? newValue)
    {
        if (!string.Equals(oldValue, newValue, StringComparison.Ordinal))
        {
            differences.Add(new FieldDifference(field, oldValue, newValue));
        }
    }
}
