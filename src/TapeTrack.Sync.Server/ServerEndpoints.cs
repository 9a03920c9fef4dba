using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using TapeTrack.Sync.Remote;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Server;

/// <summary>
/// The endpoints of docs/protocol.md. A customer the session's user is not granted answers, on every endpoint,
/// exactly as a customer the store does not have: the same status, the same body, the same message.
/// </summary>
internal sealed partial class ServerEndpoints
{
    private const long MaxLogonBytes = 16 * 1024;
    /// <summary>The largest batch body (compressed); Kestrel's own limit is set to it, so that this one answers.</summary>
    internal const long MaxBatchBytes = 32L * 1024 * 1024;
    private const string RetryAfterSeconds = "1";

    // a batch body over MaxBatchBytes is still read (and dropped) up to this size before the 413 is sent: an HTTP/1.1
    // client that is still sending when the answer comes and the connection closes sees a broken pipe, not the answer
    private const long MaxDrainedBatchBytes = 2 * MaxBatchBytes;
    private const long MaxBatchDecompressedBytes = 256L * 1024 * 1024;

    private readonly ITapeStore _store;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SessionTokens _tokens;
    private readonly LogonThrottle _throttle;
    private readonly BatchCache _batches;
    private readonly CancellationToken _stopping;

    public ServerEndpoints(ITapeStore store, FrameworkServerOptions options, ILogger logger, CancellationToken stopping)
    {
        _store = store;
        _logger = logger;
        _timeProvider = options.TimeProvider ?? TimeProvider.System;
        _tokens = new SessionTokens(_timeProvider, options.SessionLifetime);
        _throttle = new LogonThrottle(_timeProvider, options.FailedLogonDelay, options.MaxFailedLogonDelay);
        _batches = new BatchCache(_timeProvider);
        _stopping = stopping;
    }

    /// <summary>
    /// Answers what a route failed with, for every route: a passing failure of the store <c>503</c> with
    /// <c>Retry-After</c> (clients retry it with back-off), anything else a JSON <c>500</c> without the exception's text
    /// (which goes to the server's log), instead of Kestrel's bare 500. A failure after the answer started (a streamed
    /// scope or history) can only cut the connection, which clients also retry.
    /// </summary>
    public async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client went away: nobody to answer
        }
        catch (Exception e)
        {
            string request = context.Request.Method + " " + context.Request.Path;
            if (context.Response.HasStarted)
            {
                Log.AnswerCut(_logger, request, e);
                context.Abort();
                return;
            }

            context.Response.Clear();
            if (e is BadHttpRequestException bad)
            {
                // Kestrel's own refusal of a request (a body over its limit, a malformed request)
                await ErrorAsync(context, bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "the request is too large" : "the request is malformed").ConfigureAwait(false);
            }
            else if (StoreFailures.IsTransient(e, out string reason))
            {
                Log.StoreUnavailable(_logger, request, reason, e);
                await UnavailableAsync(context, reason, string.Empty).ConfigureAwait(false);
            }
            else
            {
                Log.RequestFailed(_logger, request, e);
                await ErrorAsync(context, StatusCodes.Status500InternalServerError, "the server failed to answer the request; its log says why").ConfigureAwait(false);
            }
        }
    }

    /// <summary>A <c>503</c>: the store is unavailable for a moment, try again after <see cref="RetryAfterSeconds"/>.</summary>
    private static Task UnavailableAsync(HttpContext context, string reason, string suffix)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "the store is unavailable for a moment: " + reason + suffix);
    }

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (HttpContext context) => WriteJsonAsync(context, StatusCodes.Status200OK, "status", "ok"));
        app.MapPost("/v1/logon", LogonAsync);
        app.MapGet("/v1/scopes/{customer}/{media}", DownloadAsync);
        app.MapGet("/v1/volumes/{customer}/{media}/{volume}", GetVolumeAsync);
        app.MapPost("/v1/apply", ApplyAsync);
        app.MapGet("/v1/history", HistoryAsync);
    }

    private static Task WriteJsonAsync(HttpContext context, int status, string name, string value)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(name, value);
            writer.WriteEndObject();
        }

        return context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).AsTask();
    }

    private static Task ErrorAsync(HttpContext context, int status, string message) => WriteJsonAsync(context, status, "error", message);

    // what a missing scope or volume answers, and what one outside the user's grants answers too
    private static Task NotFoundAsync(HttpContext context) => ErrorAsync(context, StatusCodes.Status404NotFound, "not found");

    // a run id the client names: what the audit trail and the logs can show as it is
    private static bool IsRunId(string run)
    {
        if (run.Length is 0 or > ChangeOrigin.MaxRunLength)
        {
            return false;
        }

        foreach (char c in run)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private async Task LogonAsync(HttpContext context)
    {
        string? user = null;
        string? password = null;
        string? run = null;
        try
        {
            var body = await ReadAllAsync(context.Request.Body, MaxLogonBytes, context.RequestAborted).ConfigureAwait(false);
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.NameEquals("user") && property.Value.ValueKind == JsonValueKind.String)
                    {
                        user = property.Value.GetString();
                    }
                    else if (property.NameEquals("password") && property.Value.ValueKind == JsonValueKind.String)
                    {
                        password = property.Value.GetString();
                    }
                    else if (property.NameEquals("run") && property.Value.ValueKind == JsonValueKind.String)
                    {
                        run = property.Value.GetString();
                    }
                }
            }

            Array.Clear(body);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or TooLargeException or BadHttpRequestException)
        {
            user = null;
        }

        if (string.IsNullOrEmpty(user) || password is null)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "a logon is a JSON object with a user and a password").ConfigureAwait(false);
            return;
        }

        if (run is not null && !IsRunId(run))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, $"a logon's run is 1 to {ChangeOrigin.MaxRunLength} of A-Z, a-z, 0-9, '.', '_' and '-'").ConfigureAwait(false);
            return;
        }

        string address = Address(context);
        var wait = _throttle.Admit(user, address);
        if (wait > TimeSpan.Zero)
        {
            // the wait's timer exists before the log line says so (a test on virtual time advances the clock on that line)
            var delay = Task.Delay(wait, _timeProvider, context.RequestAborted);
            Log.LogonSlowed(_logger, user, address, wait);
            await delay.ConfigureAwait(false);
        }

        bool verified = await _store.VerifyUserAsync(user, password, context.RequestAborted).ConfigureAwait(false);
        password = null;
        if (!verified)
        {
            _throttle.Failed(user, address);
            Log.LogonRefused(_logger, user, address);
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, "logon refused: unknown user or wrong password").ConfigureAwait(false);
            return;
        }

        _throttle.Succeeded(user, address);
        var grants = await _store.GetCustomerGrantsAsync(user, context.RequestAborted).ConfigureAwait(false);
        string token = _tokens.Issue(user, grants, run);
        Log.LoggedOn(_logger, user, address, grants is null ? "every customer" : grants.Count + " customer(s)");
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("token", token);
            writer.WriteNumber("expiresIn", (long)_tokens.Lifetime.TotalSeconds);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<ServerSession?> AuthenticateAsync(HttpContext context)
    {
        string? header = context.Request.Headers.Authorization;
        const string bearer = "Bearer ";
        if (header is not null && header.StartsWith(bearer, StringComparison.Ordinal) && _tokens.Find(header.Substring(bearer.Length).Trim()) is { } session)
        {
            return session;
        }

        await ErrorAsync(context, StatusCodes.Status401Unauthorized, "log on first: the session is unknown or has expired").ConfigureAwait(false);
        return null;
    }

    private async Task DownloadAsync(HttpContext context, string customer, string media)
    {
        if (await AuthenticateAsync(context).ConfigureAwait(false) is not { } session)
        {
            return;
        }

        var key = new ScopeKey(customer, media);
        if (!session.MaySee(customer))
        {
            await NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        var scope = await _store.DownloadScopeAsync(key, context.RequestAborted).ConfigureAwait(false);
        if (!scope.Exists)
        {
            await NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = RemoteServerSession.MediaType;
        context.Response.Headers.CacheControl = "no-store";

        // streamed: each block of volumes is compressed and sent as it is written
        var pending = new MemoryStream();
        using var deflate = new DeflateStream(pending, CompressionLevel.SmallestSize, leaveOpen: true);
        var writer = new WireWriter(deflate);
        WireCodec.WriteHeader(writer);
        WireCodec.WriteRepositories(writer, scope.Repositories);
        var columns = new VolumeColumns(true);
        var volumes = scope.Volumes;
        for (int start = 0; start < volumes.Count; start += WireCodec.BlockSize)
        {
            WireCodec.WriteBlock(writer, columns, volumes, start, Math.Min(WireCodec.BlockSize, volumes.Count - start));
            writer.Flush();
            if (pending.Length >= 32 * 1024)
            {
                await deflate.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                await SendPendingAsync(context, pending).ConfigureAwait(false);
            }
        }

        writer.WriteVarint(0);
        writer.Flush();
        deflate.Dispose();
        await SendPendingAsync(context, pending).ConfigureAwait(false);
        Log.ScopeSent(_logger, session.User, key.ToString(), volumes.Count);
    }

    private static async Task SendPendingAsync(HttpContext context, MemoryStream pending)
    {
        if (pending.Length > 0)
        {
            await context.Response.Body.WriteAsync(pending.GetBuffer().AsMemory(0, (int)pending.Length), context.RequestAborted).ConfigureAwait(false);
            pending.SetLength(0);
        }
    }

    private async Task GetVolumeAsync(HttpContext context, string customer, string media, string volume)
    {
        if (await AuthenticateAsync(context).ConfigureAwait(false) is not { } session)
        {
            return;
        }

        if (!session.MaySee(customer) || await _store.GetVolumeAsync(new VolumeKey(customer, media, volume), context.RequestAborted).ConfigureAwait(false) is not { } found)
        {
            await NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        var payload = RemoteServerSession.Compress(writer =>
        {
            WireCodec.WriteHeader(writer);
            WireCodec.WriteVolume(writer, new VolumeColumns(true), found);
        });
        await WritePayloadAsync(context, payload).ConfigureAwait(false);
    }

    private static Task WritePayloadAsync(HttpContext context, byte[] payload)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = RemoteServerSession.MediaType;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentLength = payload.Length;
        return context.Response.Body.WriteAsync(payload, context.RequestAborted).AsTask();
    }

    private async Task ApplyAsync(HttpContext context)
    {
        if (await AuthenticateAsync(context).ConfigureAwait(false) is not { } session)
        {
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxDrainedBatchBytes;
        }

        if (context.Request.ContentLength > MaxDrainedBatchBytes)
        {
            await BatchTooLargeAsync(context).ConfigureAwait(false);
            return;
        }

        List<VolumeUpdate> updates;
        try
        {
            var body = await ReadAllAsync(context.Request.Body, MaxBatchBytes, context.RequestAborted, drain: true).ConfigureAwait(false);
            using var inflate = new DeflateStream(new MemoryStream(body), CompressionMode.Decompress);
            using var limited = new BufferedStream(new LimitedStream(inflate, MaxBatchDecompressedBytes), 1 << 16);
            updates = WireCodec.ReadUpdates(new WireReader(limited));
        }
        catch (Exception e) when (e is TooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            await BatchTooLargeAsync(context).ConfigureAwait(false);
            return;
        }
        catch (InvalidDataException e)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "the batch cannot be read: " + e.Message).ConfigureAwait(false);
            return;
        }

        string? batch = context.Request.Headers[RemoteServerSession.BatchHeader];
        byte[] answer;
        try
        {
            if (string.IsNullOrEmpty(batch) || batch.Length > 64)
            {
                answer = await RunBatchAsync(session, updates).ConfigureAwait(false);
            }
            else
            {
                answer = await _batches.GetOrRun(session.User, batch, () => RunBatchAsync(session, updates), out bool replayed).ConfigureAwait(false);
                if (replayed)
                {
                    Log.BatchReplayed(_logger, session.User, updates.Count);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException && StoreFailures.IsTransient(e, out string reason))
        {
            // the batch's transaction did not commit; its cache entry is faulted, so the retry (same batch id) runs it again
            Log.BatchUnavailable(_logger, session.User, updates.Count, reason, e);
            await UnavailableAsync(context, reason, "; nothing of the batch was applied").ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.BatchFailed(_logger, session.User, updates.Count, e);
            await ErrorAsync(context, StatusCodes.Status500InternalServerError, "the server could not apply the batch; nothing of it was applied").ConfigureAwait(false);
            return;
        }

        await WritePayloadAsync(context, answer).ConfigureAwait(false);
    }

    private async Task<byte[]> RunBatchAsync(ServerSession session, List<VolumeUpdate> updates)
    {
        // updates outside the grants answer as the store answers for a customer it does not have
        var results = new UpdateResult[updates.Count];
        var allowed = new List<VolumeUpdate>(updates.Count);
        var positions = new List<int>(updates.Count);
        for (int i = 0; i < updates.Count; i++)
        {
            var key = updates[i].Key;
            if (session.MaySee(key.Customer))
            {
                allowed.Add(updates[i]);
                positions.Add(i);
            }
            else
            {
                results[i] = new UpdateResult(key, UpdateStatus.NotFound, null, $"the server has no media {key.Scope}");
            }
        }

        if (allowed.Count > 0)
        {
            // not the request's token: once taken, a batch is finished even when its client went away, so that a retry finds its answer
            // recorded in the audit trail as the logged-on user's changes, not the server process's
            var applied = await _store.ApplyAsync(allowed, new ChangeOrigin(session.User, session.Run), CancellationToken.None).ConfigureAwait(false);
            for (int i = 0; i < applied.Count; i++)
            {
                results[positions[i]] = applied[i];
            }
        }

        int count = 0;
        foreach (var result in results)
        {
            if (result.Status == UpdateStatus.Applied)
            {
                count++;
            }
        }

        Log.BatchApplied(_logger, session.User, count, updates.Count);
        return RemoteServerSession.Compress(writer => WireCodec.WriteResults(writer, results));
    }

    private static Task BatchTooLargeAsync(HttpContext context) => ErrorAsync(context, StatusCodes.Status413PayloadTooLarge,
        $"the batch is over {MaxBatchBytes:N0} bytes (32 MiB) compressed: send smaller batches (--batch-size)");

    /// <summary>Reads a request body of at most <paramref name="max"/> bytes; with <paramref name="drain"/>, a longer one is read to its end (up to Kestrel's limit) before it is refused.</summary>
    private static async Task<byte[]> ReadAllAsync(Stream body, long max, CancellationToken cancellationToken, bool drain = false)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                if (drain)
                {
                    while (await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false) > 0)
                    {
                    }
                }

                throw new TooLargeException($"the request is over {max} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private sealed class TooLargeException : Exception
    {
        public TooLargeException(string message)
            : base(message)
        {
        }
    }

    private sealed class LimitedStream : ReadOnlyStream
    {
        private readonly Stream _inner;
        private long _left;

        public LimitedStream(Stream inner, long max)
        {
            _inner = inner;
            _left = max;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = _inner.Read(buffer, offset, count);
            _left -= read;
            if (_left < 0)
            {
                throw new InvalidDataException("the batch is too large once decompressed");
            }

            return read;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "User {User} logged on from {Address}; sees {Grants}")]
        public static partial void LoggedOn(ILogger logger, string user, string address, string grants);

        [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "Logon refused for user {User} from {Address}")]
        public static partial void LogonRefused(ILogger logger, string user, string address);

        [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "Logon of user {User} from {Address} waits {Wait} after failed logons")]
        public static partial void LogonSlowed(ILogger logger, string user, string address, TimeSpan wait);

        [LoggerMessage(EventId = 404, Level = LogLevel.Debug, Message = "Sent scope {Scope} ({Volumes} volumes) to {User}")]
        public static partial void ScopeSent(ILogger logger, string user, string scope, int volumes);

        [LoggerMessage(EventId = 405, Level = LogLevel.Information, Message = "Applied {Applied} of {Count} updates for {User}")]
        public static partial void BatchApplied(ILogger logger, string user, int applied, int count);

        [LoggerMessage(EventId = 406, Level = LogLevel.Information, Message = "Answered a retried batch of {Count} updates for {User} from its first answer")]
        public static partial void BatchReplayed(ILogger logger, string user, int count);

        [LoggerMessage(EventId = 407, Level = LogLevel.Error, Message = "A batch of {Count} updates for {User} failed")]
        public static partial void BatchFailed(ILogger logger, string user, int count, Exception exception);

        [LoggerMessage(EventId = 409, Level = LogLevel.Warning, Message = "The store is unavailable for a moment ({Reason}): answered 503 to {Request}")]
        public static partial void StoreUnavailable(ILogger logger, string request, string reason, Exception exception);

        [LoggerMessage(EventId = 410, Level = LogLevel.Warning, Message = "The store is unavailable for a moment ({Reason}): answered 503 to a batch of {Count} updates for {User}; nothing of it was applied")]
        public static partial void BatchUnavailable(ILogger logger, string user, int count, string reason, Exception exception);

        [LoggerMessage(EventId = 411, Level = LogLevel.Error, Message = "{Request} failed: answered 500")]
        public static partial void RequestFailed(ILogger logger, string request, Exception exception);

        [LoggerMessage(EventId = 412, Level = LogLevel.Error, Message = "{Request} failed after its answer started: the connection is cut")]
        public static partial void AnswerCut(ILogger logger, string request, Exception exception);

        [LoggerMessage(EventId = 408, Level = LogLevel.Debug, Message = "Sent {Count} history entries to {User}")]
        public static partial void HistorySent(ILogger logger, string user, int count);
    }
}
