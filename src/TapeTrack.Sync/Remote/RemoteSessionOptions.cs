using System;
using System.Net;
using Microsoft.Extensions.Logging;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Remote;

/// <summary>How a <see cref="RemoteServerSession"/> reaches a Framework Server (<c>tapetrack-sync serve</c>).</summary>
public sealed class RemoteSessionOptions
{
    /// <summary>
    /// The server's address, <c>https://host:port/</c>. Always HTTPS, and without a user name or password in it
    /// (<see cref="UserName"/> and <see cref="Password"/> carry them): the address is shown in messages and logs.
    /// </summary>
    public Uri? Address { get; set; }

    /// <summary>The user to log on as.</summary>
    public string UserName { get; set; } = string.Empty;

    /// <summary>
    /// The password, or exactly 32 upper-case hex digits taken as the MD5 hash of the password. Sent only inside
    /// TLS, never logged, never put in a message.
    /// </summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>
    /// The SHA-256 thumbprint (64 hex digits; colons and spaces are ignored) of the one server certificate to
    /// trust whatever its chain; <see langword="null"/> trusts what the system's trust store trusts.
    /// </summary>
    public string? TrustThumbprint { get; set; }

    /// <summary>The HTTP proxy; <see langword="null"/> takes the system's (the <c>HTTPS_PROXY</c> and <c>NO_PROXY</c> environment variables on Linux).</summary>
    public IWebProxy? Proxy { get; set; }

    /// <summary>Whether to use a proxy at all.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseProxy { get; set; } = true;

    /// <summary>How long one request may take before it counts as a lost connection (and is retried).</summary>
    /// <value>The default is 100 seconds.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How long opening a connection may take.</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How a lost connection, or an answer 502, 503 or 504, is retried (each retry logs on afresh). An answer's
    /// <c>Retry-After</c> lengthens the wait before the next try to what it asks for, up to
    /// <see cref="RetryOptions.MaxDelay"/>.
    /// </summary>
    /// <value>The default: 5 tries, waits from 1 second doubling up to 30 seconds.</value>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>The clock for back-off waits; <see langword="null"/> for the system clock.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Where retries and logons are logged (never a password or token).</summary>
    public ILogger? Logger { get; set; }

    internal void Validate()
    {
        if (Address is null)
        {
            throw new ArgumentException("The server's address is required.", nameof(Address));
        }

        // a user name and password in the address are not used to log on, and the address is in messages and logs
        if (Address.IsAbsoluteUri && Address.UserInfo.Length > 0)
        {
            throw new ArgumentException("The server's address must not hold a user name or password (https://user:password@host): give them as UserName and Password.", nameof(Address));
        }

        if (!Address.IsAbsoluteUri || !string.Equals(Address.Scheme, "https", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The server's address must be an absolute https:// address, not '{Address}'.", nameof(Address));
        }

        if (string.IsNullOrEmpty(UserName))
        {
            throw new ArgumentException("A user name is required.", nameof(UserName));
        }

        if (Password is null)
        {
            throw new ArgumentException("A password is required.", nameof(Password));
        }

        if (TrustThumbprint is not null && RemoteServerSession.NormalizeThumbprint(TrustThumbprint) is null)
        {
            throw new ArgumentException("A trusted thumbprint is the certificate's SHA-256 hash: 64 hex digits.", nameof(TrustThumbprint));
        }

        if (RequestTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), "Timeouts are positive.");
        }

        (Retry ?? throw new ArgumentNullException(nameof(Retry))).Validate();
    }
}
