using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Server.Tests;

/// <summary>A plain HTTP request on the server's HTTPS port gets a 400 naming the https:// address; TLS still works on the same port.</summary>
public sealed class PlainHttpTests
{
    [Fact]
    public async Task A_plain_HTTP_request_on_the_HTTPS_port_is_answered_400_naming_the_https_address_and_TLS_still_works()
    {
        await using var host = await ServerHost.StartAsync();
        using var plain = new HttpClient { BaseAddress = new Uri($"http://{host.HostAndPort}/") };

        using var response = await plain.GetAsync("health");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"This port speaks HTTPS only: use https://{host.HostAndPort}/\n", await response.Content.ReadAsStringAsync());
        Assert.Contains(host.Log.Lines, l => l.Contains("A plain HTTP request from 127.0.0.1:", StringComparison.Ordinal) && l.Contains("answered 400", StringComparison.Ordinal));

        // the same port still speaks TLS: a session logs on and downloads
        await using var session = host.Connect();
        var scope = await session.DownloadScopeAsync(new ScopeKey("US01", "LTO"));
        Assert.NotEmpty(scope.Volumes);
    }

    [Fact]
    public async Task A_request_without_a_Host_header_is_told_the_address_it_reached_and_only_a_plain_host_is_echoed()
    {
        await using var host = await ServerHost.StartAsync();
        var address = IPEndPoint.Parse(host.HostAndPort);

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(address);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /health HTTP/1.0\r\n\r\n"));
            string answer = await new System.IO.StreamReader(stream).ReadToEndAsync();
            Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer, StringComparison.Ordinal);
            Assert.EndsWith($"\r\n\r\nThis port speaks HTTPS only: use https://{host.HostAndPort}/\n", answer, StringComparison.Ordinal);
        }

        Assert.Equal("tapes.example.com:5000", PlainHttpAnswer.HostOf(new System.Buffers.ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nhost: tapes.example.com:5000\r\n\r\n"))));
        Assert.Null(PlainHttpAnswer.HostOf(new System.Buffers.ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: <script>\r\n\r\n"))));
    }
}
