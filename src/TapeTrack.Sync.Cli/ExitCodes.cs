namespace TapeTrack.Sync.Cli;

/// <summary>The exit codes of <c>tapetrack-sync</c> (docs/command-line.md).</summary>
public static class ExitCodes
{
    /// <summary>Done; warnings are allowed.</summary>
    public const int Success = 0;

    /// <summary>Done, with record errors (or stopped by <c>--max-errors</c>).</summary>
    public const int RecordErrors = 1;

    /// <summary>A usage or definition error: nothing was read or sent.</summary>
    public const int Usage = 2;

    /// <summary>A server, store or connection failure.</summary>
    public const int ServerFailure = 3;

    /// <summary>Interrupted (Ctrl+C or SIGTERM), as shells report a SIGINT; what was applied stays applied.</summary>
    public const int Interrupted = 130;
}
