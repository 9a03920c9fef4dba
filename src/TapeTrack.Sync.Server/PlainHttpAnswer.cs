using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace TapeTrack.Sync.Server;

/// <summary>
/// Kestrel connection middleware placed before TLS: a connection whose first byte is a capital letter is a plain HTTP
/// request (<c>GET</c>, <c>POST</c>...; a TLS connection starts with a handshake record, byte 0x16). It is answered
/// <c>400</c> with one plain sentence naming the https:// address, instead of the connection being dropped without a
/// word, which is all an operator who typed http:// saw before. Every other connection goes on to TLS unread.
/// </summary>
internal static partial class PlainHttpAnswer
{
    // as long as Kestrel gives a TLS handshake: a connection that sends nothing is closed as it would have been
    private static readonly TimeSpan FirstBytesTimeout = TimeSpan.FromSeconds(10);

    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware(ILogger logger) => next => async connection =>
    {
        var input = connection.Transport.Input;
        ReadResult read;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed))
        {
            timeout.CancelAfter(FirstBytesTimeout);
            try
            {
                read = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var buffer = read.Buffer;
        if (buffer.IsEmpty || buffer.FirstSpan[0] is < (byte)'A' or > (byte)'Z')
        {
            // TLS (or nothing): hand every byte on, unexamined
            input.AdvanceTo(buffer.Start);
            await next(connection).ConfigureAwait(false);
            return;
        }

        string host = HostOf(buffer) ?? connection.LocalEndPoint?.ToString() ?? "this server";
        input.AdvanceTo(buffer.End);
        Log.PlainHttp(logger, connection.RemoteEndPoint?.ToString() ?? "an unknown address");
        string text = $"This port speaks HTTPS only: use https://{host}/\n";
        string answer = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
            + $"Content-Length: {Encoding.UTF8.GetByteCount(text)}\r\n\r\n" + text;
        await connection.Transport.Output.WriteAsync(Encoding.UTF8.GetBytes(answer), connection.ConnectionClosed).ConfigureAwait(false);
        await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
    };

    // The request's Host header, as the operator typed it, kept to the characters a host and port can have.
    internal static string? HostOf(ReadOnlySequence<byte> request)
    {
        var head = request.Slice(0, Math.Min(request.Length, 4096));
        string text = Encoding.ASCII.GetString(head.ToArray());
        int at = text.IndexOf("\r\nHost:", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        int start = at + "\r\nHost:".Length;
        int end = text.IndexOf('\r', start);
        string host = (end < 0 ? text.Substring(start) : text.Substring(start, end - start)).Trim();
        foreach (char c in host)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']'))
            {
                return null;
            }
        }

        return host.Length is > 0 and <= 260 ? host : null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 420, Level = LogLevel.Information, Message = "A plain HTTP request from {Address} on the HTTPS port was answered 400")]
        public static partial void PlainHttp(ILogger logger, string address);
    }
}
