namespace TapeTrack.Sync.Cli;

/// <summary>What a command line runs.</summary>
internal enum CliCommand
{
    /// <summary>The sync (or the format test, with <c>-F</c>).</summary>
    Sync,

    /// <summary><c>store import FILE</c>.</summary>
    StoreImport,

    /// <summary><c>store export</c>.</summary>
    StoreExport,

    /// <summary><c>serve</c>: the Framework Server host.</summary>
    Serve,
    /// <summary><c>store history</c>.</summary>
    StoreHistory,
}
