using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Remote;

public sealed partial class RemoteServerSession
{
    /// <summary>
    /// Reads the audit trail of the server's store, newest first, as the logged-on user may see it: only the changes
    /// of the customers it is granted (every customer for a user with no grants list). A volume of a customer outside
    /// the grants answers exactly as a volume the store does not have: no entries. Logs on first if needed.
    /// </summary>
    /// <param name="query">Which entries: a volume, a start time, some customers (within the grants), a limit.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries, streamed as the server sends them.</returns>
    /// <exception cref="UnauthorizedAccessException">The user does not exist or the password is wrong.</exception>
    /// <exception cref="RemoteServerException">The server refused the request, cannot be reached, or has no history (an older server).</exception>
    public async IAsyncEnumerable<AuditEntry> ReadHistoryAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        ThrowIfDisposed();
        string path = "v1/history" + HistoryCodec.ToQueryString(query);

        // the request is retried (logon, lost connection) until the server answers; the entries then stream without retry
        var response = await RunAsync("read of the history", authorized: true, async ct =>
        {
            var answer = await SendAsync(HttpMethod.Get, path, null, null, ct).ConfigureAwait(false);
            if (answer.StatusCode == HttpStatusCode.NotFound)
            {
                answer.Dispose();
                throw new RemoteServerException($"the server at {_address} has no history to give (a server older than this session)");
            }

            return answer;
        }, cancellationToken).ConfigureAwait(false);

        using (response)
        {
            Stream body;
            try
            {
#if NET8_0_OR_GREATER
                body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
                body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
            }
            catch (HttpRequestException e)
            {
                throw new RemoteServerException($"the history from the server at {_address} broke off: {Plain(e)}", e);
            }

            using var reader = new StreamReader(new DeflateStream(body, CompressionMode.Decompress), new UTF8Encoding(false));
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string? line;
                try
                {
                    line = await reader.ReadLineAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or HttpRequestException or InvalidDataException)
                {
                    throw new RemoteServerException($"the history from the server at {_address} broke off: {Plain(e)}", e);
                }

                if (line is null)
                {
                    break;
                }

                if (line.Length == 0)
                {
                    continue;
                }

                yield return Decode(() => HistoryCodec.ReadEntry(line));
            }
        }
    }
}
