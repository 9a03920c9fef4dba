using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

// The inventory check: volumes the server places in a location the report covers but the report did not list.
public sealed partial class SyncPipeline
{
    private sealed class Inventory
    {
        public HashSet<string> Volumes { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Locations { get; } = new(StringComparer.Ordinal);

        // what a record tells of its scope: the volume was seen, in the location the report covers
        public static void Note(Dictionary<ScopeKey, Inventory> inventories, ScopeKey scope, ImportedRecord record)
        {
            if (!inventories.TryGetValue(scope, out var inventory))
            {
                inventories[scope] = inventory = new Inventory();
            }

            inventory.Volumes.Add(record.Key.Volume);
            if (record[SyncField.Location] is { } location)
            {
                inventory.Locations.Add(location);
            }
        }
    }

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

                var scope = await GetScopeAsync(key, cancellationToken).ConfigureAwait(false);
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
}
