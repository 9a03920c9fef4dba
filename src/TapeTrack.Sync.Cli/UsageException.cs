using System;

namespace TapeTrack.Sync.Cli;

/// <summary>A command line (or batch configuration) the tool cannot run: exit code 2 with the message, no stack trace.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}
