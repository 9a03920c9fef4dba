using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.NetStandardConsumer;

/// <summary>Calls that a netstandard2.0 consumer compiles to the init accessors of the public API.</summary>
public static class InitAccessors
{
    public static AuditQuery Query(VolumeKey volume, int limit) => new() { Volume = volume, Limit = limit };

    public static Repository OffsiteVault(string id, string next) => new(id, "vault", RepositoryType.Vault) { Offsite = true, Next = next };

    public static SyncChange WithTarget(SyncChange change, string to) => change with { To = to };

    public static RecordError WithLine(RecordError error, long line) => error with { Line = line };
}
