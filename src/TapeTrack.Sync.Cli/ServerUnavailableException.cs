using System;

namespace TapeTrack.Sync.Cli;

/// <summary>The server or store named by the logon string cannot be used: exit code 3 with the message.</summary>
internal sealed class ServerUnavailableException : Exception
{
    public ServerUnavailableException(string message)
        : base(message)
    {
    }
}
