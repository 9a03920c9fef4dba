using System;
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
}
