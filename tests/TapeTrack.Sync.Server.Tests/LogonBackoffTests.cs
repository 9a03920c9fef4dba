using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using TapeTrack.Sync.Remote;

namespace TapeTrack.Sync.Server.Tests;

/// <summary>
/// The logon back-off through HTTP, on a real server on loopback whose clock is virtual: a logon after failed ones is
/// answered only once the back-off has passed on that clock, never before; a correct logon then works.
/// </summary>
public class LogonBackoffTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Logons_after_failed_ones_wait_the_back_off_of_the_server_clock_and_a_correct_logon_then_works()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = await ServerHost.StartAsync(configure: o =>
        {
            o.TimeProvider = time;
            o.FailedLogonDelay = TimeSpan.FromSeconds(1);
            o.MaxFailedLogonDelay = TimeSpan.FromSeconds(30);
        });
        using var client = Client(host);

        // the first failure is answered at once: no time passes on the server's clock
        Assert.Equal(HttpStatusCode.Unauthorized, (await LogonAsync(client, "batch", "wrong-1")).StatusCode);

        // the next logon waits 1 s of the server's clock: not answered before, answered once it has passed
        var second = LogonAsync(client, "batch", "wrong-2");
        await WaitForLogAsync(host, "Logon of user batch from 127.0.0.1 waits 00:00:01", 1);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.NotSame(second, await Task.WhenAny(second, Task.Delay(Settle)));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await second).StatusCode);

        // two failures: a logon of another user from the same address waits 2 s, and is refused
        var other = LogonAsync(client, "acme", "not-acme");
        await WaitForLogAsync(host, "Logon of user acme from 127.0.0.1 waits 00:00:02", 1);
        time.Advance(TimeSpan.FromMilliseconds(1_999));
        Assert.NotSame(other, await Task.WhenAny(other, Task.Delay(Settle)));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await other).StatusCode);

        // three failures from the address: the correct password waits 4 s too, then logs on and its token works
        var correct = LogonAsync(client, "batch", "batch");
        await WaitForLogAsync(host, "Logon of user batch from 127.0.0.1 waits 00:00:04", 1);
        time.Advance(TimeSpan.FromMilliseconds(3_999));
        Assert.NotSame(correct, await Task.WhenAny(correct, Task.Delay(Settle)));
        time.Advance(TimeSpan.FromMilliseconds(1));
        using (var response = await correct)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            using var scope = new HttpRequestMessage(HttpMethod.Get, "v1/scopes/US01/LTO");
            scope.Headers.Authorization = new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("token").GetString());
            using var download = await client.SendAsync(scope);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        }

        // the success cleared the back-off: the next failure is answered at once again
        Assert.Equal(HttpStatusCode.Unauthorized, (await LogonAsync(client, "batch", "wrong-3")).StatusCode);
        Assert.Equal(3, Count(host, "waits"));
        Assert.DoesNotContain("wrong-", host.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tool_after_the_back_off_has_passed_logs_on_and_syncs()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = await ServerHost.StartAsync(configure: o =>
        {
            o.TimeProvider = time;
            o.FailedLogonDelay = TimeSpan.FromSeconds(1);
            o.MaxFailedLogonDelay = TimeSpan.FromSeconds(30);
        });
        using var folder = new TempFolder();
        string[] Sync(string password) => new[] { "-S", $"acme:{password}@{host.HostAndPort}", "-d", Tool.CsvDefinition, "--now", "2026-11-25T06:00:00", "--time-zone", "UTC", "--trust-thumbprint", host.Thumbprint, "--dry-run" };

        var refused = await Tool.RunAsync(folder.Path, Tool.CsvReport, Sync("-guess"));
        Assert.Equal(3, refused.ExitCode);

        // while the back-off lasts, the tool's logon waits on the server
        var run = Tool.RunAsync(folder.Path, Tool.CsvReport, Sync("-acme-pw"));
        await WaitForLogAsync(host, "Logon of user acme from 127.0.0.1 waits 00:00:01", 1);
        Assert.NotSame(run, await Task.WhenAny(run, Task.Delay(Settle)));
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await run;
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal(3, result.Statistic("Volumes updated:"));
    }

    private static HttpClient Client(ServerHost host)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && RemoteServerSession.GetThumbprint(certificate) == host.Thumbprint,
        };
        return new HttpClient(handler) { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(2) };
    }

    private static Task<HttpResponseMessage> LogonAsync(HttpClient client, string user, string password) =>
        client.PostAsync("v1/logon", new StringContent(JsonSerializer.Serialize(new { user, password }), Encoding.UTF8, "application/json"));

    private static int Count(ServerHost host, string text)
    {
        int count = 0;
        foreach (var line in host.Log.Lines)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    // the server says it makes the logon wait before it waits: then the request is known to be waiting
    private static async Task WaitForLogAsync(ServerHost host, string text, int count)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (Count(host, text) < count)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(deadline) < TimeSpan.FromMinutes(1), $"the server never logged '{text}':\n{host.Log.Text}");
            await Task.Delay(20);
        }
    }
}
