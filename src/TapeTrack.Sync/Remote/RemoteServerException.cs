using System;

namespace TapeTrack.Sync.Remote;

/// <summary>
/// The Framework Server cannot be used: its certificate is not trusted, it refused a request, or it answered
/// what this version cannot read. Not retried. The message never holds a password or a session token.
/// </summary>
public sealed class RemoteServerException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, in plain words.</param>
    public RemoteServerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, in plain words.</param>
    /// <param name="innerException">The failure behind it.</param>
    public RemoteServerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RemoteServerException()
    {
    }
}
