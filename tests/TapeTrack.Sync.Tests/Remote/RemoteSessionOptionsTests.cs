using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Tests.Engine;
using TapeTrack.Sync.Remote;

namespace TapeTrack.Sync.Tests.Remote;

public class RemoteSessionOptionsTests
{
    private const string Secret = "S3cr3t-Pa55-q7Zk";

    [Theory]
    [InlineData("https://batch:" + Secret + "@127.0.0.1:5000/")]
    [InlineData("http://batch:" + Secret + "@127.0.0.1:5000/")]
    [InlineData("https://" + Secret + "@tapes.example.com/")]
    public void An_address_holding_a_password_is_refused_without_showing_it(string address)
    {
        var options = new RemoteSessionOptions { Address = new Uri(address), UserName = "batch", Password = Secret };

        var refused = Assert.Throws<ArgumentException>(() => new RemoteServerSession(options));

        Assert.Equal("Address", refused.ParamName);
        Assert.Contains("must not hold a user name or password", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, refused.Message, StringComparison.Ordinal);
    }

    // one logger for the pipeline and its session is the natural set-up: the session's events must not pass for the
    // run's (an alert on 302 warnings, an audit of 301 changes)
    [Fact]
    public async Task The_sessions_retries_have_an_event_id_of_their_own_not_one_of_the_runs()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        int port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now: each logon is refused at once
        var logger = new RecordingLogger();
        await using var session = new RemoteServerSession(new RemoteSessionOptions
        {
            Address = new Uri($"https://127.0.0.1:{port}/"),
            UserName = "batch",
            Password = Secret,
            Logger = logger,
            Retry = new RetryOptions { MaxAttempts = 2, InitialDelay = TimeSpan.FromMilliseconds(1) },
        });

        await Assert.ThrowsAsync<RemoteServerException>(async () => await session.LogonAsync());

        var retry = Assert.Single(logger.Entries);
        Assert.Equal(502, retry.Id.Id);
        Assert.Contains("retrying", retry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Entries, e => e.Id.Id is >= 101 and <= 303);
    }
}
