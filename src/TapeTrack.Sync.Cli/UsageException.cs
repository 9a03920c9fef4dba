using System;

namespace TapeTrack.Sync.Cli;

/// <summary>A command line (or batch configuration) the tool cannot run: exit code 2 with the message, no stack trace.</summary>
internal class UsageException : Exception
{
    public UsageException(string message, bool aboutOptions = true)
        : base(message)
    {
        AboutOptions = aboutOptions;
    }

    /// <summary>Whether the problem is the command line itself, so that pointing at <c>--help</c> helps.</summary>
    public bool AboutOptions { get; }
}

/// <summary>An option the tool does not take (unknown, or an undocumented TMSS10Sync letter); the parser names them all at once.</summary>
internal sealed class UnknownOptionException : UsageException
{
    public UnknownOptionException(string message)
        : base(message)
    {
    }
}
