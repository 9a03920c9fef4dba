using System;
using System.Collections.Generic;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// A volume as the server holds it: where it is, where it should be, its fields and its version.
/// Immutable: an update gives a new instance with a new <see cref="Version"/>.
/// </summary>
public sealed class Volume
{
    /// <summary>The highest version a volume can have, 2^53-1: exact in JSON and in every store (cli.md).</summary>
    public const long MaxVersion = 9_007_199_254_740_991;

    private static readonly IReadOnlyDictionary<string, string> NoFields = new Dictionary<string, string>(0);
    private readonly IReadOnlyDictionary<string, string> _fields;

    /// <summary>Creates a volume.</summary>
    /// <param name="id">The volume id (barcode).</param>
    /// <param name="current">The current repository id.</param>
    /// <param name="target">The target repository id; <see langword="null"/> or equal to <paramref name="current"/> when it is not moving.</param>
    /// <param name="version">The server's version of this volume, changed on every update.</param>
    /// <param name="fields">Field values by name (<see cref="VolumeFields"/>), as canonical text; empty values are dropped.</param>
    public Volume(string id, string current, string? target, long version, IReadOnlyDictionary<string, string>? fields = null)
    {
        Id = id ?? throw new ArgumentNullException(nameof(id));
        Current = current ?? throw new ArgumentNullException(nameof(current));
        Target = string.IsNullOrEmpty(target) ? current : target!;
        Version = version;
        _fields = fields is null || fields.Count == 0 ? NoFields : Copy(fields);
    }

    private Volume(string id, string current, string target, long version, Dictionary<string, string> fields, bool _)
    {
        Id = id;
        Current = current;
        Target = target;
        Version = version;
        _fields = fields;
    }

    /// <summary>The volume id (barcode).</summary>
    public string Id { get; }

    /// <summary>The repository the volume is in.</summary>
    public string Current { get; }

    /// <summary>The repository the volume should be in; equal to <see cref="Current"/> when it is not moving.</summary>
    public string Target { get; }

    /// <summary>Whether a move has been requested: <see cref="Target"/> differs from <see cref="Current"/>.</summary>
    public bool IsMoving => !string.Equals(Target, Current, StringComparison.Ordinal);

    /// <summary>The server's version of this volume, for optimistic concurrency.</summary>
    public long Version { get; }

    /// <summary>The field values by name (<see cref="VolumeFields"/>), canonical text, never empty strings.</summary>
    public IReadOnlyDictionary<string, string> Fields => _fields;

    /// <summary>The value of a field, or <see langword="null"/> when it is empty.</summary>
    /// <param name="field">The field name: a <see cref="VolumeFields"/> constant, <c>CURRENT</c> or <c>REPOSITORY</c> included.</param>
    public string? Get(string field)
    {
        if (string.Equals(field, VolumeFields.Current, StringComparison.Ordinal))
        {
            return Current;
        }

        if (string.Equals(field, VolumeFields.Repository, StringComparison.Ordinal))
        {
            return Target;
        }

        return _fields.TryGetValue(field, out var value) ? value : null;
    }

    /// <summary>A copy of this volume with the changes applied and a new version.</summary>
    /// <param name="changes">The changes; <c>CURRENT</c> and <c>REPOSITORY</c> move it.</param>
    /// <param name="newVersion">The version of the result.</param>
    public Volume With(IEnumerable<FieldChange> changes, long newVersion)
    {
        if (changes is null)
        {
            throw new ArgumentNullException(nameof(changes));
        }

        var fields = new Dictionary<string, string>(_fields.Count + 2, StringComparer.Ordinal);
        foreach (var pair in _fields)
        {
            fields[pair.Key] = pair.Value;
        }

        string current = Current;
        string target = Target;
        bool targetSet = false;
        foreach (var change in changes)
        {
            switch (change.Field)
            {
                case VolumeFields.Current:
                    current = change.Value ?? current;
                    break;
                case VolumeFields.Repository:
                    target = change.Value ?? current;
                    targetSet = true;
                    break;
                default:
                    if (string.IsNullOrEmpty(change.Value))
                    {
                        fields.Remove(change.Field);
                    }
                    else
                    {
                        fields[change.Field] = change.Value!;
                    }

                    break;
            }
        }

        // Confirming a volume that was not also given a new target leaves it at rest where it now is.
        if (!targetSet && !string.Equals(current, Current, StringComparison.Ordinal) && string.Equals(Target, current, StringComparison.Ordinal))
        {
            target = current;
        }

        return new Volume(Id, current, target, newVersion, fields, false);
    }

    /// <inheritdoc />
    public override string ToString() => IsMoving ? $"{Id} {Current}->{Target} v{Version}" : $"{Id} {Current} v{Version}";

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string> fields)
    {
        var copy = new Dictionary<string, string>(fields.Count, StringComparer.Ordinal);
        foreach (var pair in fields)
        {
            if (!string.IsNullOrEmpty(pair.Value))
            {
                copy[pair.Key] = pair.Value;
            }
        }

        return copy;
    }
}
