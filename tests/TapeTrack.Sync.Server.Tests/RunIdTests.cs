using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using TapeTrack.Sync.Remote;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Server.Tests;

/// <summary>
/// A run's changes carry one run id in the audit trail (cli.md: "the run that made it"), even when the run logs on
/// again: its session expired, or the server restarted. The client names its run at every logon.
/// </summary>
public sealed class RunIdTests
{
    [Fact]
    public async Task A_session_that_logs_on_again_is_one_run_in_the_audit_trail_and_another_session_is_another_run()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await ServerHost.StartAsync(configure: o => o.TimeProvider = time);
        await using var run = host.Connect();
        Assert.Equal(UpdateStatus.Applied, Assert.Single(await run.ApplyAsync(new[] { SampleStore.Set("000001L6", 1, (VolumeFields.Description, "first")) })).Status);

        // the session expires: the same run logs on again and goes on
        time.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(UpdateStatus.Applied, Assert.Single(await run.ApplyAsync(new[] { SampleStore.Set("000002L6", 1, (VolumeFields.Description, "second")) })).Status);
        await using (var other = host.Connect())
        {
            Assert.Equal(UpdateStatus.Applied, Assert.Single(await other.ApplyAsync(new[] { SampleStore.Set("000003L6", 1, (VolumeFields.Description, "third")) })).Status);
        }

        var runs = new Dictionary<string, string>();
        await foreach (var entry in host.Store.ReadHistoryAsync(new AuditQuery { Customers = new[] { "US01" } }))
        {
            if (entry.Field == VolumeFields.Description)
            {
                runs[entry.NewValue!] = entry.Run;
            }
        }

        Assert.Equal(new[] { "first", "second", "third" }, runs.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(runs["first"], runs["second"]);
        Assert.NotEqual(runs["first"], runs["third"]);
        Assert.Matches("^[0-9a-f]{32}$", runs["first"]);
        // the run logged on twice, the other session once
        Assert.Equal(3, host.Log.Lines.Count(l => l.Contains("User batch logged on from", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("\"run\":\"nightly 1\"")]
    [InlineData("\"run\":\"\"")]
    [InlineData("\"run\":\"x\\u001b[2J\"")]
    public async Task A_logon_naming_a_run_that_is_not_a_run_id_is_refused_with_400(string run)
    {
        await using var host = await ServerHost.StartAsync();
        using var http = Http(host);

        var logon = await http.PostAsync("v1/logon", new StringContent("{\"user\":\"batch\",\"password\":\"batch\"," + run + "}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, logon.StatusCode);
        using var json = JsonDocument.Parse(await logon.Content.ReadAsStringAsync());
        Assert.Equal("a logon's run is 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-'", json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_logon_that_names_no_run_gets_one_of_its_own_as_before()
    {
        await using var host = await ServerHost.StartAsync();
        using var http = Http(host);

        var logon = await http.PostAsync("v1/logon", new StringContent("{\"user\":\"batch\",\"password\":\"batch\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, logon.StatusCode);
    }

    private static HttpClient Http(ServerHost host)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => RemoteServerSession.GetThumbprint(certificate!) == host.Thumbprint;
        return new HttpClient(handler) { BaseAddress = host.Address };
    }
}
