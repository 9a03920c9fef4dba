using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Sessions;

/// <summary>Conveniences over <see cref="ITapeStore"/>.</summary>
public static class TapeStoreExtensions
{
    /// <summary>
    /// Applies a batch of updates as <see cref="ITapeStore.ApplyAsync"/> does, recorded in the audit trail as made by
    /// the operating-system user in a run of their own (<see cref="ChangeOrigin.Local"/>).
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="updates">The updates, at most one per volume.</param>
    /// <param name="cancellationToken">Cancels the batch; once committed it stays applied.</param>
    /// <returns>One result per update, in the same order.</returns>
    public static ValueTask<IReadOnlyList<UpdateResult>> ApplyAsync(this ITapeStore store, IReadOnlyList<VolumeUpdate> updates, CancellationToken cancellationToken = default)
    {
        if (store is null)
        {
            throw new ArgumentNullException(nameof(store));
        }

        return store.ApplyAsync(updates, ChangeOrigin.Local(), cancellationToken);
    }
}
