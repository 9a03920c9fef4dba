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

    /// <summary>The sync was done, but a local output (the <c>--report</c> file) could not be written.</summary>
    public const int OutputNotWritten = 4;

    /// <summary>Interrupted by Ctrl+C (SIGINT, or a cancelled token in process); statistics and report are still written.</summary>
    public const int Interrupted = 130;

    /// <summary>Interrupted by SIGTERM; statistics and report are still written.</summary>
    public const int Terminated = 143;
}
