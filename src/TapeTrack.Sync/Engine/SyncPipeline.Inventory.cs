using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

public sealed partial class SyncPipeline
{
    // the inventory check: volumes the server places at a reported location that the report did not list
    private sealed partial class Run
    {
        private readonly Dictionary<ScopeKey, Inventory> _inventory = new();

        private async Task CheckInventoryAsync(CancellationToken cancellationToken)
        {
            var keys = new List<ScopeKey>(_inventory.Keys);
            keys.Sort(static (a, b) =>
            {
                int c = string.CompareOrdinal(a.Customer, b.Customer);
                return c != 0 ? c : string.CompareOrdinal(a.Media, b.Media);
            });
            foreach (var key in keys)
            {
                var inventory = _inventory[key];
                if (inventory.Locations.Count == 0)
                {
                    continue;
                }

                var scope = await GetScopeAsync(key).ConfigureAwait(false);
                var missing = new List<Volume>();
                foreach (var volume in scope.Volumes)
                {
                    if (!volume.IsMoving && inventory.Locations.Contains(volume.Current) && !inventory.Volumes.Contains(volume.Id))
                    {
                        missing.Add(volume);
                    }
                }

                missing.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
                foreach (var volume in missing)
                {
                    var type = scope.Scope.FindRepository(volume.Current)?.Type;
                    var kind = type == RepositoryType.Library ? WarningKind.MissingFromLibrary : WarningKind.MissingFromLocation;
                    CommitWarning(new SyncWarning(kind, key.Volume(volume.Id), volume.Current, null, null));
                }
            }
        }
    }

    private sealed class Inventory
    {
        public HashSet<string> Volumes { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Locations { get; } = new(StringComparer.Ordinal);
    }
}
