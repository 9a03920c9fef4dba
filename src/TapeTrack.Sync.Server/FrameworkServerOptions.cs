using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace TapeTrack.Sync.Server;

/// <summary>How a <see cref="FrameworkServer"/> listens, proves who it is, and treats logons.</summary>
public sealed class FrameworkServerOptions
{
    /// <summary>The default address: loopback only, port 5000.</summary>
    public const string DefaultUrl = "https://127.0.0.1:5000";

    /// <summary>
    /// The addresses to listen on, each <c>https://HOST:PORT</c>: an IP address, <c>localhost</c>, or <c>*</c> / <c>0.0.0.0</c> /
    /// a host name for every interface. Port 0 takes a free port. Empty: <see cref="DefaultUrl"/>.
    /// </summary>
    public IList<string> Urls { get; } = new List<string>();

    /// <summary>
    /// The server certificate, with its private key; <see langword="null"/> makes a self-signed one for the host names of
    /// <see cref="Urls"/> (clients then pin its thumbprint, <see cref="FrameworkServer.CertificateThumbprint"/>).
    /// </summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>How long a session token is good for after its logon; a client then logs on again.</summary>
    /// <value>The default is 30 minutes.</value>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The wait before the next logon of a user name or client address after one failed logon; it doubles with each further failure.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan FailedLogonDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait <see cref="FailedLogonDelay"/> grows to.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaxFailedLogonDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stop waits for requests in flight to finish.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock of tokens and logon back-off; <see langword="null"/> for the system clock.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Where the server logs (never a password or token); <see langword="null"/> logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    internal void Validate()
    {
        if (SessionLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SessionLifetime), SessionLifetime, "A session lasts a positive time.");
        }

        if (FailedLogonDelay < TimeSpan.Zero || MaxFailedLogonDelay < FailedLogonDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(FailedLogonDelay), FailedLogonDelay, "The logon delays are zero or more, the first no longer than the longest.");
        }

        if (Certificate is { HasPrivateKey: false })
        {
            throw new ArgumentException("The server certificate has no private key.", nameof(Certificate));
        }
    }
}
