using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Remote;

/// <summary>
/// A session with a Framework Server (<c>tapetrack-sync serve</c>) over HTTPS: the server certificate is checked
/// against the system's trust store or a pinned SHA-256 thumbprint; scopes come down compressed in one request
/// each; updates go in batches that carry versions and a batch id, so a batch retried after a lost connection is
/// never applied twice. A lost connection is retried with back-off and a fresh logon. Thread-safe.
/// </summary>
public sealed partial class RemoteServerSession : IServerSession, IServerSessionTraffic
{
    /// <summary>The media type of the protocol's bodies: the compact format of docs/protocol.md, compressed with DEFLATE.</summary>
    public const string MediaType = "application/vnd.tapetrack.sync.v1";

    /// <summary>The header that names a batch, so that the server answers a retried batch from what it did the first time.</summary>
    public const string BatchHeader = "X-TapeTrack-Batch";

    private readonly RemoteSessionOptions _options;
    private readonly HttpClient _client;
    private readonly string? _pinned;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _logonGate = new(1, 1);
    private readonly string _run = ChangeOrigin.NewRun();
    private readonly string _userName;
    private readonly string _password;
    // the address as checked at construction: the options object can be changed afterwards, the session cannot
    private readonly Uri _address;
    private string? _token;
    private long _requests;
    private long _sent;
    private long _received;
    private string? _refusedThumbprint;
    private string? _serverThumbprint;
    private int _disposed;

    /// <summary>Creates a session; nothing is sent before <see cref="LogonAsync"/>.</summary>
    /// <param name="options">The server, the user and how to trust and reach the server.</param>
    /// <exception cref="ArgumentException">An option is missing or malformed.</exception>
    public RemoteServerSession(RemoteSessionOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        _userName = options.UserName;
        _password = options.Password;
        _address = options.Address!;
        _pinned = options.TrustThumbprint is null ? null : NormalizeThumbprint(options.TrustThumbprint);
        _timeProvider = options.TimeProvider ?? TimeProvider.System;
        _logger = options.Logger ?? NullLogger.Instance;
        _client = new HttpClient(CreateHandler(), disposeHandler: true)
        {
            BaseAddress = _address,
            Timeout = options.RequestTimeout,
        };
#if NET8_0_OR_GREATER
        _client.DefaultRequestVersion = HttpVersion.Version20;
        _client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
#endif
    }

    /// <inheritdoc />
    public long Requests => Interlocked.Read(ref _requests);

    /// <inheritdoc />
    public long BytesSent => Interlocked.Read(ref _sent);

    /// <inheritdoc />
    public long BytesReceived => Interlocked.Read(ref _received);

    /// <summary>The SHA-256 thumbprint of the certificate the server last presented, once connected.</summary>
    public string? ServerCertificateThumbprint => Volatile.Read(ref _serverThumbprint);

    /// <summary>
    /// A thumbprint as 64 upper-case hex digits, colons, spaces and dashes dropped; <see langword="null"/> when it is not one.
    /// </summary>
    /// <param name="thumbprint">The thumbprint as given.</param>
    public static string? NormalizeThumbprint(string thumbprint)
    {
        if (thumbprint is null)
        {
            return null;
        }

        var text = new StringBuilder(64);
        foreach (char c in thumbprint)
        {
            if (c is ':' or ' ' or '-')
            {
                continue;
            }

            if (!Uri.IsHexDigit(c))
            {
                return null;
            }

            text.Append(char.ToUpperInvariant(c));
        }

        return text.Length == 64 ? text.ToString() : null;
    }

    /// <summary>The SHA-256 thumbprint of a certificate, 64 upper-case hex digits.</summary>
    /// <param name="certificate">The certificate.</param>
    public static string GetThumbprint(X509Certificate certificate)
    {
        if (certificate is null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }

        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(certificate.GetRawCertData());
        var text = new StringBuilder(64);
        foreach (byte b in hash)
        {
            text.Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <inheritdoc />
    /// <exception cref="UnauthorizedAccessException">The user does not exist or the password is wrong.</exception>
    /// <exception cref="RemoteServerException">The certificate is not trusted, or the server cannot be used.</exception>
    public async ValueTask LogonAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (Volatile.Read(ref _token) is not null)
        {
            // already logged on: a second call costs no request
            return;
        }

        await RunAsync<bool>("logon", authorized: false, async ct =>
        {
            await LogonOnceAsync(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<ScopeData> DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        string path = "v1/scopes/" + Escape(scope.Customer) + "/" + Escape(scope.Media);
        return RunAsync("download of " + scope, authorized: true, async ct =>
        {
            using var response = await SendAsync(HttpMethod.Get, path, null, null, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return ScopeData.Missing(scope);
            }

            using var body = await ReadBodyAsync(response, ct).ConfigureAwait(false);
            return Decode(() =>
            {
                var reader = new WireReader(body);
                WireCodec.ReadHeader(reader);
                var repositories = WireCodec.ReadRepositories(reader);

                // the values pooled as they are read, and the pool handed over with the scope (as the stores' readers do)
                var pool = new ValuePool();
                foreach (var repository in repositories)
                {
                    // first, so that the volumes' repositories are the repositories' very ids
                    pool.Intern(repository.Id);
                }

                var columns = new VolumeColumns(false, pool);
                var volumes = new List<Volume>();
                while (WireCodec.ReadBlock(reader, columns, volumes) > 0)
                {
                }

                return new ScopeData(scope, true, repositories, volumes) { Pool = pool };
            });
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Volume?> GetVolumeAsync(VolumeKey key, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        string path = "v1/volumes/" + Escape(key.Customer) + "/" + Escape(key.Media) + "/" + Escape(key.Volume);
        return RunAsync("read of " + key, authorized: true, async ct =>
        {
            using var response = await SendAsync(HttpMethod.Get, path, null, null, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return (Volume?)null;
            }

            using var body = await ReadBodyAsync(response, ct).ConfigureAwait(false);
            return Decode<Volume?>(() =>
            {
                var reader = new WireReader(body);
                WireCodec.ReadHeader(reader);
                return WireCodec.ReadVolume(reader, new VolumeColumns(false), key.Volume);
            });
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<UpdateResult>> ApplyAsync(IReadOnlyList<VolumeUpdate> updates, CancellationToken cancellationToken = default)
    {
        if (updates is null)
        {
            throw new ArgumentNullException(nameof(updates));
        }

        ThrowIfDisposed();
        if (updates.Count == 0)
        {
            return Array.Empty<UpdateResult>();
        }

        // one id for every try of this batch: the server answers a retry from what it did the first time
        string batch = Guid.NewGuid().ToString("N");
        byte[] payload = Compress(writer => WireCodec.WriteUpdates(writer, updates));
        return await RunAsync<IReadOnlyList<UpdateResult>>("batch of " + updates.Count + " updates", authorized: true, async ct =>
        {
            using var response = await SendAsync(HttpMethod.Post, "v1/apply", payload, batch, ct).ConfigureAwait(false);
            using var body = await ReadBodyAsync(response, ct).ConfigureAwait(false);
            return Decode(() => WireCodec.ReadResults(new WireReader(body), updates));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _client.Dispose();
            _logonGate.Dispose();
            Volatile.Write(ref _token, null);
        }

        return default;
    }

    internal static byte[] Compress(Action<WireWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        using (var buffered = new BufferedStream(deflate, 1 << 16))
        {
            var writer = new WireWriter(buffered);
            write(writer);
            writer.Flush();
        }

        return buffer.ToArray();
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static T Decode<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e)
        {
            throw new RemoteServerException("the server's answer cannot be read: " + e.Message, e);
        }
    }

    private async ValueTask<T> RunAsync<T>(string what, bool authorized, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var delay = _options.Retry.InitialDelay;
        bool reauthenticated = false;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                if (authorized && Volatile.Read(ref _token) is null)
                {
                    await LogonOnceAsync(cancellationToken).ConfigureAwait(false);
                }

                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (SessionExpiredException) when (!reauthenticated)
            {
                // the server no longer knows the token (it expired, or the server restarted): log on again, once
                reauthenticated = true;
                attempt--;
            }
            catch (Exception e) when (attempt < _options.Retry.MaxAttempts && IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                // a new connection gets a fresh logon
                Volatile.Write(ref _token, null);
                var wait = WaitBeforeRetry(delay, (e as ServerBusyException)?.RetryAfter, _options.Retry.MaxDelay);
                Log.Retrying(_logger, what, attempt, wait, e.Message);
                await RetryDelay.WaitAsync(_timeProvider, wait, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.Retry.MaxDelay.Ticks));
            }
            catch (SessionExpiredException)
            {
                throw new RemoteServerException($"the server refused the session of user '{_userName}' twice in a row");
            }
            catch (HttpRequestException e)
            {
                throw new RemoteServerException($"cannot reach the server at {_address}: {Plain(e)}", e);
            }
        }
    }

    // The back-off's own wait, or longer when the server (or a proxy before it) asked for longer in Retry-After, but
    // never longer than the longest wait the caller allows: a proxy in maintenance that says "come back in 20 s" is
    // not tried again every second, spending the tries before it is back, and no answer can stall a run for hours.
    internal static TimeSpan WaitBeforeRetry(TimeSpan backOff, TimeSpan? retryAfter, TimeSpan maxDelay) =>
        retryAfter is { } asked && asked > backOff ? (asked < maxDelay ? asked : maxDelay) : backOff;

    // Retry-After as a number of seconds or as a date; null when absent or already past.
    internal static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } when delta > TimeSpan.Zero => delta,
        { Date: { } date } when date > now => date - now,
        _ => null,
    };

    private bool IsTransient(Exception e) => e is not RemoteServerException and not UnauthorizedAccessException && _options.Retry.IsTransient(e);

    private static System.Security.Authentication.AuthenticationException? HandshakeFailure(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Security.Authentication.AuthenticationException handshake)
            {
                return handshake;
            }
        }

        return null;
    }

    private static string Plain(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return ReferenceEquals(inner, e) ? e.Message : e.Message + " (" + inner.Message + ")";
    }

    private async Task LogonOnceAsync(CancellationToken cancellationToken)
    {
        await _logonGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            byte[] json;
            using (var buffer = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writer.WriteString("user", _userName);
                    writer.WriteString("password", _password);

                    // the same at every logon of this session: a run that logs on again is one run in the audit trail
                    writer.WriteString("run", _run);
                    writer.WriteEndObject();
                }

                json = buffer.ToArray();
            }

            using var response = await SendAsync(HttpMethod.Post, "v1/logon", json, null, cancellationToken, contentType: "application/json").ConfigureAwait(false);
            Array.Clear(json, 0, json.Length);
            byte[] body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            CountBody(body.Length);
            string? token = null;
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("token", out var value)
                    && value.ValueKind == JsonValueKind.String)
                {
                    token = value.GetString();
                }
            }
            catch (JsonException)
            {
                token = null;
            }

            if (string.IsNullOrEmpty(token))
            {
                throw new RemoteServerException("the server's answer to the logon cannot be read");
            }

            Volatile.Write(ref _token, token);
            Log.LoggedOn(_logger, _userName, _address);
        }
        finally
        {
            _logonGate.Release();
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, byte[]? body, string? batch, CancellationToken cancellationToken, string contentType = MediaType)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
        if (path != "v1/logon")
        {
            string token = Volatile.Read(ref _token) ?? throw new SessionExpiredException();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (batch is not null)
        {
            request.Headers.Add(BatchHeader, batch);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            CountBody(body.Length, sent: true);
        }

        Interlocked.Increment(ref _requests);
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (Volatile.Read(ref _refusedThumbprint) is { } refused)
        {
            throw new RemoteServerException(
                $"the certificate of the server at {_address} is not trusted (its SHA-256 thumbprint is {refused}): "
                + (_pinned is null ? "install it in the system's trust store or pin its thumbprint (--trust-thumbprint)" : "it is not the pinned one (--trust-thumbprint)"),
                e);
        }
        catch (HttpRequestException e) when (HandshakeFailure(e) is { } handshake)
        {
            // The other end answered, but not in TLS (a plain HTTP port, another service) or in none this client
            // accepts: no retry changes that, so it is not a lost connection.
            throw new RemoteServerException(
                $"the server at {_address} did not complete a TLS handshake ({handshake.Message}): is that the address and port of tapetrack-sync serve, which speaks only HTTPS?",
                e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the server at {_address} did not answer within {_options.RequestTimeout.TotalSeconds:0} s", e);
        }

        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound)
        {
            return response;
        }

        using (response)
        {
            string message = await ReadErrorAsync(response).ConfigureAwait(false);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Unauthorized when path == "v1/logon":
                    throw new UnauthorizedAccessException($"Logon refused for user '{_userName}': unknown user or wrong password.");
                case HttpStatusCode.Unauthorized:
                    Volatile.Write(ref _token, null);
                    throw new SessionExpiredException();
                case HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout:
                    throw new ServerBusyException(
                        $"the server at {_address} answered {(int)response.StatusCode} ({message})",
                        RetryAfter(response.Headers.RetryAfter, _timeProvider.GetUtcNow()));
                default:
                    throw new RemoteServerException($"the server at {_address} refused the {path.Split('/')[1]} request ({(int)response.StatusCode}): {message}");
            }
        }
    }

    private async Task<string> ReadErrorAsync(HttpResponseMessage response)
    {
        byte[] body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        CountBody(body.Length);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String)
            {
                return error.GetString() ?? string.Empty;
            }
        }
        catch (JsonException)
        {
            // not our server's error body
        }

        return response.ReasonPhrase ?? "no reason given";
    }

    private async Task<Stream> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
#if NET8_0_OR_GREATER
        await response.Content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
#else
        cancellationToken.ThrowIfCancellationRequested();
        await response.Content.CopyToAsync(buffer).ConfigureAwait(false);
#endif
        CountBody(buffer.Length);
        buffer.Position = 0;
        return new BufferedStream(new DeflateStream(buffer, CompressionMode.Decompress), 1 << 16);
    }

    private bool ValidateCertificate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        string thumbprint = GetThumbprint(certificate);
        Volatile.Write(ref _serverThumbprint, thumbprint);
        bool trusted = _pinned is null ? errors == SslPolicyErrors.None : string.Equals(thumbprint, _pinned, StringComparison.Ordinal);
        Volatile.Write(ref _refusedThumbprint, trusted ? null : thumbprint);
        return trusted;
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(RemoteServerSession));
        }
    }

    // A 502, 503 or 504: retried like a lost connection, after at least the wait the answer asked for.
    private sealed class ServerBusyException(string message, TimeSpan? retryAfter) : IOException(message)
    {
        public TimeSpan? RetryAfter { get; } = retryAfter;
    }

    private sealed class SessionExpiredException : Exception
    {
        public SessionExpiredException()
            : base("the server no longer knows the session")
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Logged on to {Address} as {User}")]
        public static partial void LoggedOn(ILogger logger, string user, Uri address);

        [LoggerMessage(EventId = 502, Level = LogLevel.Warning, Message = "The {What} failed (attempt {Attempt}): {Reason}; retrying in {Delay} with a fresh logon")]
        public static partial void Retrying(ILogger logger, string what, int attempt, TimeSpan delay, string reason);
    }
}
