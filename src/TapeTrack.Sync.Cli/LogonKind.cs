namespace TapeTrack.Sync.Cli;

/// <summary>What a logon string names.</summary>
internal enum LogonKind
{
    /// <summary>The embedded SQLite store: <c>store:PATH</c>.</summary>
    Store,

    /// <summary>An in-memory server loaded from a store file, changes not kept: <c>memory:PATH</c> (our addition).</summary>
    Memory,

    /// <summary>A Framework Server over the network: <c>user:password@host[:port]</c>.</summary>
    Remote,
}
