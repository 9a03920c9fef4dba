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

    // Compact, for caches of millions: the two fields nearly every volume has are kept inline, any other as
    // name/value pairs; Fields makes a dictionary only when asked.
    private readonly string? _description;
    private readonly string? _moveDate;
    private readonly string[]? _others;

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
        if (fields is null || fields.Count == 0)
        {
            return;
        }

        var slots = default(FieldSlots);
        foreach (var pair in fields)
        {
            if (!string.IsNullOrEmpty(pair.Value))
            {
                slots.Add(pair.Key ?? throw new ArgumentException("A field has no name.", nameof(fields)), pair.Value);
            }
        }

        _description = slots.Description;
        _moveDate = slots.MoveDate;
        _others = slots.Others;
    }

    private Volume(string id, string current, string target, long version, string? description, string? moveDate, string[]? others)
    {
        Id = id;
        Current = current;
        Target = target;
        Version = version;
        _description = description;
        _moveDate = moveDate;
        _others = others;
    }

    /// <summary>A volume as a store reads it: its fields given one by one (name, value) in <paramref name="others"/>
    /// past DESCRIPTION and MOVEDATE, no value empty, without a dictionary per volume.</summary>
    internal static Volume FromStore(string id, string current, string target, long version, string? description, string? moveDate, string[]? others) =>
        new(id, current, string.IsNullOrEmpty(target) ? current : target, version, description, moveDate, others);

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
    /// <value>A new read-only dictionary on each call: keep it rather than asking again.</value>
    public IReadOnlyDictionary<string, string> Fields
    {
        get
        {
            var fields = new Dictionary<string, string>(FieldCount, StringComparer.Ordinal);
            if (_description is not null)
            {
                fields[VolumeFields.Description] = _description;
            }

            if (_moveDate is not null)
            {
                fields[VolumeFields.MoveDate] = _moveDate;
            }

            if (_others is { } others)
            {
                for (int i = 0; i < others.Length; i += 2)
                {
                    fields[others[i]] = others[i + 1];
                }
            }

            return new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(fields);
        }
    }

    /// <summary>The DESCRIPTION field, as <see cref="Get"/> gives it, without the look-up by name.</summary>
    internal string? Description => _description;

    /// <summary>The MOVEDATE field, as <see cref="Get"/> gives it, without the look-up by name.</summary>
    internal string? MoveDateText => _moveDate;

    /// <summary>The fields past DESCRIPTION and MOVEDATE, name then value, as <see cref="FromStore"/> took them;
    /// <see langword="null"/> when there are none. Not to be changed.</summary>
    internal string[]? OtherFields => _others;

    /// <summary>The value <see cref="Fields"/> holds for <paramref name="name"/>, without making the dictionary.</summary>
    internal string? FieldValue(string name) => name switch
    {
        VolumeFields.Description => _description,
        VolumeFields.MoveDate => _moveDate,
        _ => Other(name),
    };

    // a field past DESCRIPTION and MOVEDATE: the last of a name given twice, as the dictionary of Fields keeps it
    private string? Other(string name)
    {
        string? value = null;
        if (_others is { } others)
        {
            for (int i = 0; i < others.Length; i += 2)
            {
                if (string.Equals(others[i], name, StringComparison.Ordinal))
                {
                    value = others[i + 1];
                }
            }
        }

        return value;
    }

    /// <summary>The number of fields with a value (<see cref="Fields"/>, without making it).</summary>
    internal int FieldCount => (_description is null ? 0 : 1) + (_moveDate is null ? 0 : 1) + ((_others?.Length ?? 0) / 2);

    /// <summary>The value of a field, or <see langword="null"/> when it is empty.</summary>
    /// <param name="field">The field name: a <see cref="VolumeFields"/> constant, <c>CURRENT</c> or <c>REPOSITORY</c> included.</param>
    public string? Get(string field)
    {
        switch (field)
        {
            case VolumeFields.Description:
                return _description;
            case VolumeFields.MoveDate:
                return _moveDate;
            case VolumeFields.Current:
                return Current;
            case VolumeFields.Repository:
                return Target;
        }

        return Other(field);
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

        string current = Current;
        string target = Target;
        string? description = _description;
        string? moveDate = _moveDate;
        List<string>? others = _others is null ? null : new List<string>(_others);
        bool targetSet = false;
        foreach (var change in changes)
        {
            string? value = string.IsNullOrEmpty(change.Value) ? null : change.Value;
            switch (change.Field)
            {
                case VolumeFields.Current:
                    current = change.Value ?? current;
                    break;
                case VolumeFields.Repository:
                    target = change.Value ?? current;
                    targetSet = true;
                    break;
                case VolumeFields.Description:
                    description = value;
                    break;
                case VolumeFields.MoveDate:
                    moveDate = value;
                    break;
                default:
                    others ??= new List<string>();
                    int at = -1;
                    for (int i = 0; i < others.Count; i += 2)
                    {
                        if (string.Equals(others[i], change.Field, StringComparison.Ordinal))
                        {
                            at = i;
                            break;
                        }
                    }

                    if (value is null)
                    {
                        if (at >= 0)
                        {
                            others.RemoveRange(at, 2);
                        }
                    }
                    else if (at >= 0)
                    {
                        others[at + 1] = value;
                    }
                    else
                    {
                        others.Add(change.Field);
                        others.Add(value);
                    }

                    break;
            }
        }

        // Confirming a volume that was not also given a new target leaves it at rest where it now is.
        if (!targetSet && !string.Equals(current, Current, StringComparison.Ordinal) && string.Equals(Target, current, StringComparison.Ordinal))
        {
            target = current;
        }

        return new Volume(Id, current, target, newVersion, description, moveDate, others is null || others.Count == 0 ? null : others.ToArray());
    }

    /// <summary>This volume with its repository ids and field values taken from <paramref name="pool"/> (added to it
    /// when new), so that a cache of many volumes holds each distinct value once; this very instance when they are
    /// the pool's already.</summary>
    internal Volume Intern(ValuePool pool)
    {
        string current = pool.Intern(Current, 0)!;
        string target = ReferenceEquals(Target, Current) ? current : pool.Intern(Target, 1)!;
        string? description = pool.Intern(_description, 2);
        string? moveDate = pool.Intern(_moveDate, 3);
        string[]? others = _others;
        bool same = ReferenceEquals(current, Current) && ReferenceEquals(target, Target) && ReferenceEquals(description, _description) && ReferenceEquals(moveDate, _moveDate);
        if (others is not null)
        {
            for (int i = 0; i < others.Length; i++)
            {
                var pooled = pool.Intern(others[i], 4 + (i & 3))!;
                if (!ReferenceEquals(pooled, others[i]))
                {
                    if (ReferenceEquals(others, _others))
                    {
                        others = (string[])others.Clone();
                    }

                    others[i] = pooled;
                    same = false;
                }
            }
        }

        return same ? this : new Volume(Id, current, target, Version, description, moveDate, others);
    }

    /// <inheritdoc />
    public override string ToString() => IsMoving ? $"{Id} {Current}->{Target} v{Version}" : $"{Id} {Current} v{Version}";
}

/// <summary>
/// Sorts a volume's fields as <see cref="Volume"/> keeps them: DESCRIPTION and MOVEDATE on their own, any other as
/// name/value pairs, an empty value left out. For readers that make many volumes, <see cref="Clear"/> keeps the list.
/// </summary>
internal struct FieldSlots
{
    private List<string>? _others;

    public string? Description { get; private set; }

    public string? MoveDate { get; private set; }

    /// <summary>The other fields as name/value pairs, or null when there are none.</summary>
    public readonly string[]? Others => _others is { Count: > 0 } others ? others.ToArray() : null;

    public void Add(string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        switch (name)
        {
            case VolumeFields.Description:
                Description = value;
                break;
            case VolumeFields.MoveDate:
                MoveDate = value;
                break;
            default:
                (_others ??= new List<string>()).Add(name);
                _others.Add(value!);
                break;
        }
    }

    public void Clear()
    {
        Description = null;
        MoveDate = null;
        _others?.Clear();
    }
}
