using System;

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
