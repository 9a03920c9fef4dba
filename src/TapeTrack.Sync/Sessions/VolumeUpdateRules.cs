using System;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Import;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// The checks every store makes before it applies a <see cref="VolumeUpdate"/>, and the volume the update
/// gives, so that every implementation of <see cref="IServerSession"/> or <see cref="ITapeStore"/> answers alike.
/// </summary>
public static class VolumeUpdateRules
{
    /// <summary>Why an update cannot be applied, or <see langword="null"/> when it can.</summary>
    /// <param name="update">The update.</param>
    /// <param name="existing">The volume as the store holds it now, or <see langword="null"/>.</param>
    /// <param name="repositoryExists">Whether the volume's media has a repository with this id.</param>
    public static UpdateResult? Check(VolumeUpdate update, Volume? existing, Func<string, bool> repositoryExists)
    {
        if (update is null)
        {
            throw new ArgumentNullException(nameof(update));
        }

        if (repositoryExists is null)
        {
            throw new ArgumentNullException(nameof(repositoryExists));
        }

        var key = update.Key;
        foreach (var change in update.Changes)
        {
            // what a store would keep must be a store file's (an export is imported again): a store trusts no client
            if (ValueProblem(change.Field, change.Value) is { } problem)
            {
                return new UpdateResult(key, UpdateStatus.Rejected, existing, problem);
            }

            if ((change.Field == VolumeFields.Current || change.Field == VolumeFields.Repository)
                && change.Value is not null && !repositoryExists(change.Value))
            {
                return new UpdateResult(key, UpdateStatus.Rejected, existing, $"media {key.Scope} has no repository '{change.Value}'");
            }
        }

        if (update.IsAdd)
        {
            if (existing is not null)
            {
                return new UpdateResult(key, UpdateStatus.AlreadyExists, existing, "the volume already exists");
            }

            if (!IsVolumeId(key.Volume))
            {
                return new UpdateResult(key, UpdateStatus.Rejected, null, $"'{ControlText.Escape(key.Volume)}' is not a TapeTrack Volume-ID (1 to 10 of A-Z, 0-9 and -, not starting with -)");
            }

            return NewCurrent(update) is null
                ? new UpdateResult(key, UpdateStatus.Rejected, null, "a new volume needs a current repository")
                : null;
        }

        if (existing is null)
        {
            return new UpdateResult(key, UpdateStatus.NotFound, null, "the volume does not exist");
        }

        return existing.Version != update.ExpectedVersion
            ? new UpdateResult(key, UpdateStatus.Conflict, existing, $"the volume is at version {existing.Version}, not {update.ExpectedVersion}")
            : null;
    }

    /// <summary>
    /// The version that follows a store's last one. The counter never leaves 1 to <see cref="Volume.MaxVersion"/>:
    /// a store whose counter is spent refuses the update (and the rest of its batch) instead.
    /// </summary>
    /// <param name="lastVersion">The highest version the store has handed out.</param>
    /// <exception cref="InvalidOperationException">The counter is at <see cref="Volume.MaxVersion"/>.</exception>
    public static long NextVersion(long lastVersion) => lastVersion is >= 0 and < Volume.MaxVersion
        ? lastVersion + 1
        : throw new InvalidOperationException($"The store has handed out version {lastVersion}, the highest a volume can have ({Volume.MaxVersion}); no update can be given a newer one.");

    /// <summary>The volume an update that passed <see cref="Check"/> gives.</summary>
    /// <param name="update">The update.</param>
    /// <param name="existing">The volume as the store holds it now; <see langword="null"/> for an add.</param>
    /// <param name="newVersion">The version of the result.</param>
    public static Volume Apply(VolumeUpdate update, Volume? existing, long newVersion)
    {
        if (update is null)
        {
            throw new ArgumentNullException(nameof(update));
        }

        if (existing is not null)
        {
            return existing.With(update.Changes, newVersion);
        }

        var current = NewCurrent(update) ?? throw new ArgumentException("A new volume needs a current repository.", nameof(update));
        return new Volume(update.Key.Volume, current, null, 0).With(update.Changes, newVersion);
    }

    /// <summary>Whether <paramref name="id"/> is a TapeTrack Volume-ID: 1 to 10 of A-Z, 0-9 and '-', not starting
    /// with '-' (the id a volume added by a sync or through a server must have).</summary>
    internal static bool IsVolumeId(string id)
    {
        if (id.Length is 0 or > 10 || id[0] == '-')
        {
            return false;
        }

        foreach (char c in id)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Why a store cannot keep <paramref name="value"/> in <paramref name="field"/>, or <see langword="null"/>:
    /// the rules of a store file (a field the store file has, a value in its canonical form, at most
    /// <see cref="StoreFileFields.MaxValueLength"/> characters, no NUL), so that what an update writes an export
    /// writes and an import reads back. The repositories are checked apart, against the media's.</summary>
    internal static string? ValueProblem(string field, string? value)
    {
        if (value is not null && value.IndexOf('\0') >= 0)
        {
            // PostgreSQL's text cannot hold one, and a store file moves between the two stores
            return $"the value of {ControlText.Escape(field)} holds a NUL character (\\x00), which no store keeps";
        }

        if (field == VolumeFields.Current || field == VolumeFields.Repository)
        {
            return null;
        }

        FieldKind? kind = null;
        foreach (var (_, name, fieldKind) in StoreFileFields.Volume)
        {
            if (name == field)
            {
                kind = fieldKind;
                break;
            }
        }

        if (kind is null)
        {
            if (!VolumeFields.TryGetAttributeIndex(field, out int index) || VolumeFields.Attribute(index) != field)
            {
                return $"the store has no field '{ControlText.Escape(field)}'";
            }

            kind = FieldKind.Text;
        }

        if (string.IsNullOrEmpty(value))
        {
            // no value: the field is cleared
            return null;
        }

        bool canonical = kind switch
        {
            FieldKind.Date => value!.Length == 10 && FieldValues.TryParseDate(value.AsSpan(), out _),
            FieldKind.DateTime => value!.Length == 19 && FieldValues.TryParseDate(value.AsSpan(), out _),
            FieldKind.Boolean => value is FieldValues.True or FieldValues.False,
            FieldKind.Integer => FieldValues.TryParseInteger(value.AsSpan(), out long number) && FieldValues.FormatInteger(number) == value,
            _ => value!.Length <= StoreFileFields.MaxValueLength,
        };

        if (canonical)
        {
            return null;
        }

        string expected = kind switch
        {
            FieldKind.Date => "a date as " + FieldValues.DateFormat,
            FieldKind.DateTime => "a date and time as " + FieldValues.DateTimeFormat,
            FieldKind.Boolean => $"{FieldValues.True} or {FieldValues.False}",
            FieldKind.Integer => "a whole number",
            _ => $"at most {StoreFileFields.MaxValueLength} characters",
        };

        string shown = value!.Length > 40 ? value.Substring(0, 40) + "..." : value;
        return $"{field} must be {expected}, not '{ControlText.Escape(shown)}'";
    }

    private static string? NewCurrent(VolumeUpdate update)
    {
        string? current = null;
        foreach (var change in update.Changes)
        {
            if (change.Field == VolumeFields.Current)
            {
                current = change.Value;
            }
        }

        return current;
    }
}
