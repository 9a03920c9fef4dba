using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Server;

/// <summary>
/// The Framework Server: serves a store (any <see cref="ITapeStore"/>) to remote sessions
/// (<see cref="Remote.RemoteServerSession"/>) over HTTPS on Kestrel, with the protocol of docs/protocol.md. Always TLS;
/// logons with the store's users; customer grants checked on every request; a graceful stop finishes the requests in
/// flight. It does not take signals itself: the host (<c>tapetrack-sync serve</c>) calls <see cref="StopAsync"/>.
/// </summary>
public sealed class FrameworkServer : IAsyncDisposable
{
    private readonly ITapeStore _store;
    private readonly FrameworkServerOptions _options;
    private readonly X509Certificate2 _certificate;
    private readonly bool _ownsCertificate;
    private readonly List<(string Host, int Port, string Url)> _endpoints = new();
    private WebApplication? _app;
    private IReadOnlyList<Uri> _addresses = Array.Empty<Uri>();
    private int _disposed;

    /// <summary>Creates a server over a store; nothing listens before <see cref="StartAsync"/>.</summary>
    /// <param name="store">The store to serve; not disposed by the server.</param>
    /// <param name="options">Addresses, certificate, logon rules.</param>
    /// <exception cref="ArgumentException">An address is not <c>https://HOST:PORT</c>, or an option is out of range.</exception>
    public FrameworkServer(ITapeStore store, FrameworkServerOptions options)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        var urls = options.Urls.Count == 0 ? new[] { FrameworkServerOptions.DefaultUrl } : options.Urls.ToArray();
        foreach (var url in urls)
        {
            _endpoints.Add(ParseUrl(url));
        }

        if (options.Certificate is { } certificate)
        {
            _certificate = certificate;
        }
        else
        {
            _certificate = ServerCertificates.CreateSelfSigned(_endpoints.Select(e => e.Host), options.TimeProvider);
            _ownsCertificate = true;
        }

        CertificateThumbprint = ServerCertificates.Thumbprint(_certificate);
    }

    /// <summary>The SHA-256 thumbprint of the server's certificate: what clients pin with <c>--trust-thumbprint</c>.</summary>
    public string CertificateThumbprint { get; }

    /// <summary>Whether the certificate was made by the server (no <see cref="FrameworkServerOptions.Certificate"/> given).</summary>
    public bool IsSelfSigned => _ownsCertificate;

    /// <summary>The addresses the server listens on once started, with the ports taken (port 0 resolved).</summary>
    public IReadOnlyList<Uri> Addresses => _addresses;

    /// <summary>Starts listening.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="System.IO.IOException">An address is in use or cannot be bound.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The server is already started.");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(FrameworkServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        var loggerFactory = _options.LoggerFactory ?? NullLoggerFactory.Instance;
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, HostedByCaller>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = _options.ShutdownTimeout);
        var connectionLogger = loggerFactory.CreateLogger<FrameworkServer>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // the endpoints' own limits answer (a batch over 32 MiB: a JSON 413), not Kestrel's default 30,000,000 bytes with an empty body
            kestrel.Limits.MaxRequestBodySize = ServerEndpoints.MaxBatchBytes;
            foreach (var (host, port, _) in _endpoints)
            {
                Action<ListenOptions> https = listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    // a plain HTTP request gets a 400 saying to use https://, not a dropped connection
                    listen.Use(PlainHttpAnswer.Middleware(connectionLogger));
                    listen.UseHttps(_certificate);
                };
                if (host is "*" or "+" or "0.0.0.0")
                {
                    kestrel.ListenAnyIP(port, https);
                }
                else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
                {
                    kestrel.ListenLocalhost(port, https);
                }
                else if (IPAddress.TryParse(host, out var address))
                {
                    kestrel.Listen(address, port, https);
                }
                else
                {
                    // a host name: every interface; the certificate carries the name
                    kestrel.ListenAnyIP(port, https);
                }
            }
        });

        var app = builder.Build();
        var endpoints = new ServerEndpoints(_store, _options, loggerFactory.CreateLogger<FrameworkServer>(), app.Lifetime.ApplicationStopping);
        app.Use(endpoints.GuardAsync);
        endpoints.Map(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _app = app;
        var bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? Array.Empty<string>();
        _addresses = bound.Select(a => new Uri(a.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal))).ToArray();
    }

    /// <summary>Stops listening, lets the requests in flight finish (up to <see cref="FrameworkServerOptions.ShutdownTimeout"/>), then stops.</summary>
    /// <param name="cancellationToken">Ends the wait for requests in flight early.</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_app is { } app)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_app is { } app)
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownsCertificate)
        {
            _certificate.Dispose();
        }
    }

    /// <summary>Reads <c>https://HOST:PORT</c>; anything else is refused by name.</summary>
    internal static (string Host, int Port, string Url) ParseUrl(string url)
    {
        string text = (url ?? string.Empty).Trim().TrimEnd('/');
        const string scheme = "https://";
        if (!text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{url}' is not an https:// address: the server always uses TLS", nameof(url));
        }

        string authority = text.Substring(scheme.Length);
        string host;
        string portText;
        if (authority.StartsWith('['))
        {
            int close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ArgumentException($"'{url}' has an unclosed IPv6 address", nameof(url));
            }

            host = authority.Substring(1, close - 1);
            portText = authority.Substring(close + 1).TrimStart(':');
        }
        else
        {
            int colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority.Substring(0, colon);
            portText = colon < 0 ? string.Empty : authority.Substring(colon + 1);
        }

        int port = 5000;
        if (portText.Length > 0 && (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            throw new ArgumentException($"'{url}' has no valid port (0 to 65535)", nameof(url));
        }

        if (host.Length == 0 || host.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{url}' is not https://HOST:PORT", nameof(url));
        }

        return (host, port, text);
    }

    // the caller (tapetrack-sync serve, a test, a service host) decides when to stop: no signal handlers here
    private sealed class HostedByCaller : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
