using System;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Remote;

public sealed partial class RemoteServerSession
{
#if NET8_0_OR_GREATER
    // the bytes are counted on the TCP connection, below TLS: what a metered link is billed for
    private HttpMessageHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = _options.UseProxy,
            ConnectTimeout = _options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    return new CountingStream(new NetworkStream(socket, ownsSocket: true), this);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        if (_options.Proxy is not null)
        {
            handler.Proxy = _options.Proxy;
        }

        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => ValidateCertificate(certificate, errors);
        return handler;
    }

    // nothing to add: the connection counts every byte
    private void CountBody(long length, bool sent = false)
    {
    }

    private sealed class CountingStream : Stream
    {
        private readonly Stream _inner;
        private readonly RemoteServerSession _owner;

        public CountingStream(Stream inner, RemoteServerSession owner)
        {
            _inner = inner;
            _owner = owner;
        }

        public override bool CanRead => _inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => _inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => _inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => Received(_inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Received(_inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Received(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            _inner.Write(buffer, offset, count);
            Interlocked.Add(ref _owner._sent, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _inner.Write(buffer);
            Interlocked.Add(ref _owner._sent, buffer.Length);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _owner._sent, buffer.Length);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync() => _inner.DisposeAsync();

        private int Received(int count)
        {
            Interlocked.Add(ref _owner._received, count);
            return count;
        }
    }
#else
    // .NET Framework's handler gives no access to the connection: the bodies are counted, not headers or TLS
    private HttpMessageHandler CreateHandler()
    {
        var handler = new HttpClientHandler
        {
            UseProxy = _options.UseProxy,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => ValidateCertificate(certificate, errors),
        };
        if (_options.Proxy is not null)
        {
            handler.Proxy = _options.Proxy;
        }

        return handler;
    }

    private void CountBody(long length, bool sent = false)
    {
        Interlocked.Add(ref sent ? ref _sent : ref _received, length);
    }
#endif
}
