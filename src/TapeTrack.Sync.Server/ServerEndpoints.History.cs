using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using TapeTrack.Sync.Remote;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Server;

internal sealed partial class ServerEndpoints
{
    // GET /v1/history: the audit trail as the session's user may see it, streamed newest first
    private async Task HistoryAsync(HttpContext context)
    {
        if (await AuthenticateAsync(context).ConfigureAwait(false) is not { } session)
        {
            return;
        }

        if (!TryReadHistoryQuery(context.Request.Query, session, out var query, out string? error))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, error!).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = HistoryCodec.MediaType;
        context.Response.Headers.CacheControl = "no-store";

        var pending = new MemoryStream();
        using var deflate = new DeflateStream(pending, CompressionLevel.Optimal, leaveOpen: true);
        int count = 0;
        using (var writer = new Utf8JsonWriter(deflate))
        {
            if (query is not null)
            {
                await foreach (var entry in _store.ReadHistoryAsync(query, context.RequestAborted).ConfigureAwait(false))
                {
                    HistoryCodec.WriteEntry(writer, entry);
                    writer.Flush();
                    writer.Reset();
                    deflate.WriteByte((byte)'\n');
                    count++;
                    if (pending.Length >= 32 * 1024)
                    {
                        await deflate.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                        await SendPendingAsync(context, pending).ConfigureAwait(false);
                    }
                }
            }
        }

        deflate.Dispose();
        await SendPendingAsync(context, pending).ConfigureAwait(false);
        Log.HistorySent(_logger, session.User, count);
    }

    /// <summary>
    /// The audit query of a history request, within the session's grants; <paramref name="query"/> is
    /// <see langword="null"/> (no entries) when what was asked lies wholly outside them, which answers as a volume
    /// or customer the store does not have.
    /// </summary>
    private static bool TryReadHistoryQuery(IQueryCollection parameters, ServerSession session, out AuditQuery? query, out string? error)
    {
        query = null;
        error = null;
        StringValues customer = parameters["customer"], media = parameters["media"], volume = parameters["volume"];
        VolumeKey? key = null;
        if (customer.Count + media.Count + volume.Count > 0)
        {
            if (customer.Count != 1 || media.Count != 1 || volume.Count != 1
                || string.IsNullOrEmpty(customer[0]) || string.IsNullOrEmpty(media[0]) || string.IsNullOrEmpty(volume[0]))
            {
                error = "a volume is named by customer, media and volume, each once";
                return false;
            }

            key = new VolumeKey(customer[0]!, media[0]!, volume[0]!);
        }

        DateTimeOffset? since = null;
        if (parameters.TryGetValue("since", out var sinceText))
        {
            if (sinceText.Count != 1 || !DateTimeOffset.TryParse(sinceText[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                error = "since is an ISO 8601 date and time, such as 2026-11-25T00:00:00Z";
                return false;
            }

            since = parsed;
        }

        int? limit = null;
        if (parameters.TryGetValue("limit", out var limitText))
        {
            if (limitText.Count != 1 || !int.TryParse(limitText[0], NumberStyles.None, CultureInfo.InvariantCulture, out int parsed))
            {
                error = "limit is a whole number";
                return false;
            }

            limit = parsed;
        }

        // the customers asked for, narrowed to the grants; null: every customer the user may see
        IReadOnlyCollection<string>? customers = session.Grants;
        if (parameters.TryGetValue("customers", out var asked))
        {
            var allowed = new HashSet<string>(StringComparer.Ordinal);
            foreach (string? one in asked)
            {
                if (!string.IsNullOrEmpty(one) && session.MaySee(one!))
                {
                    allowed.Add(one!);
                }
            }

            customers = allowed;
        }

        if (key is { } named && !session.MaySee(named.Customer))
        {
            return true;
        }

        query = new AuditQuery { Volume = key, Since = since, Limit = limit, Customers = customers };
        return true;
    }
}
