using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TapeTrack.Sync.Server.Tests;

/// <summary>The tool against a real server on loopback over TLS: the csv-source fixture synced remotely.</summary>
public class RemoteToolTests
{
    private static string[] Sync(ServerHost host, string logon, params string[] extra) =>
        new[] { "-S", logon, "-d", Tool.CsvDefinition, "--now", "2026-11-25T06:00:00", "--time-zone", "UTC", "--trust-thumbprint", host.Thumbprint }.Concat(extra).ToArray();

    [Fact]
    public async Task The_csv_source_synced_remotely_makes_the_same_changes_as_the_embedded_run_and_a_second_run_changes_nothing()
    {
        await using var host = await ServerHost.StartAsync(SampleStore.Load());
        using var local = new TempFolder();
        Assert.Equal(0, (await Tool.RunAsync(local.Path, null, "store", "import", SampleStore.Path, "--store", "local.db")).ExitCode);

        var embedded = await Tool.RunAsync(local.Path, Tool.CsvReport, "-S", "store:local.db", "-d", Tool.CsvDefinition, "--now", "2026-11-25T06:00:00", "--time-zone", "UTC", "--report", "local.json");
        var remote = await Tool.RunAsync(local.Path, Tool.CsvReport, Sync(host, $"batch:-batch@{host.HostAndPort}", "--report", "remote.json"));

        Assert.Equal(0, embedded.ExitCode);
        Assert.True(remote.ExitCode == 0, remote.All);
        foreach (var label in new[] { "Records read:", "Volumes matched:", "Volumes not found:", "Volumes updated:", "Moves requested:", "Volumes unchanged:" })
        {
            Assert.Equal(embedded.Statistic(label), remote.Statistic(label));
        }

        Assert.Equal(3, remote.Statistic("Volumes updated:"));
        Assert.Equal(Changes(local["local.json"]), Changes(local["remote.json"]));

        // 1 logon + 1 scope download + 1 batch, and the bytes it took
        Assert.Equal(3, remote.Statistic("Server requests:"));
        Assert.True(remote.Statistic("Bytes sent:") > 0);
        Assert.True(remote.Statistic("Bytes received:") > 0);
        using (var report = JsonDocument.Parse(File.ReadAllText(local["remote.json"])))
        {
            var statistics = report.RootElement.GetProperty("statistics");
            Assert.Equal(3, statistics.GetProperty("serverRequests").GetInt64());
            Assert.Equal(remote.Statistic("Bytes sent:"), statistics.GetProperty("bytesSent").GetInt64());
            Assert.Equal(remote.Statistic("Bytes received:"), statistics.GetProperty("bytesReceived").GetInt64());
        }

        // the server's store now holds what the embedded run's store holds
        var remoteExport = await host.Store.ExportAsync();
        Sessions.StoreDocument embeddedExport;
        await using (var embeddedStore = await Sqlite.SqliteTapeStore.OpenAsync(local["local.db"]))
        {
            embeddedExport = await embeddedStore.ExportAsync();
        }

        Assert.Equal(Describe(embeddedExport), Describe(remoteExport));

        var second = await Tool.RunAsync(local.Path, Tool.CsvReport, Sync(host, $"batch:-batch@{host.HostAndPort}"));
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(0, second.Statistic("Volumes updated:"));
        Assert.Equal(7, second.Statistic("Volumes unchanged:"));
        Assert.DoesNotContain("batch:", host.Log.Text);
    }

    [Fact]
    public async Task The_password_forms_and_the_md5_form_reach_the_same_user()
    {
        await using var host = await ServerHost.StartAsync();
        using var folder = new TempFolder();
        folder.Write("pw.txt", "acme-pw\nnot this line\n");
        var variables = new Dictionary<string, string> { ["ACME_PW"] = "acme-pw" };

        // MD5("acme-pw") in upper-case hex, sent as is
        string md5 = System.Convert.ToHexString(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes("acme-pw")));
        foreach (var password in new[] { "-acme-pw", "$ACME_PW", "<pw.txt", md5, "acme-pw" })
        {
            var result = await Tool.RunAsync(folder.Path, Tool.CsvReport, variables, CancellationToken.None, Sync(host, $"acme:{password}@{host.HostAndPort}", "--dry-run"));
            Assert.True(result.ExitCode == 0, password + ": " + result.All);
            Assert.Equal(3, result.Statistic("Volumes updated:"));
        }
    }

    [Fact]
    public async Task A_wrong_password_ends_with_exit_3_and_a_plain_message_that_never_shows_it()
    {
        await using var host = await ServerHost.StartAsync();
        using var folder = new TempFolder();

        var result = await Tool.RunAsync(folder.Path, Tool.CsvReport, Sync(host, $"batch:-Wr0ngSecret@{host.HostAndPort}"));

        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"tapetrack-sync: logon failed: Logon refused for user 'batch': unknown user or wrong password.", result.Stderr.Trim());
        Assert.DoesNotContain("Wr0ngSecret", result.All);
        Assert.DoesNotContain("Wr0ngSecret", host.Log.Text);
        Assert.Contains(host.Log.Lines, l => l.Contains("Logon refused for user batch", System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_untrusted_certificate_ends_with_exit_3_and_a_plain_message()
    {
        await using var host = await ServerHost.StartAsync();
        using var folder = new TempFolder();
        string[] args = { "-S", $"batch:-batch@{host.HostAndPort}", "-d", Tool.CsvDefinition };

        var result = await Tool.RunAsync(folder.Path, Tool.CsvReport, args);

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith($"tapetrack-sync: logon failed: the certificate of the server at https://{host.HostAndPort}/ is not trusted (its SHA-256 thumbprint is {host.Thumbprint})", result.Stderr.Trim());
        Assert.DoesNotContain("   at ", result.All);
        Assert.DoesNotContain(host.Log.Lines, l => l.Contains("logged on", System.StringComparison.OrdinalIgnoreCase));

        // another pinned thumbprint is refused the same way
        var pinnedOther = await Tool.RunAsync(folder.Path, Tool.CsvReport, args.Concat(new[] { "--trust-thumbprint", new string('A', 64) }).ToArray());
        Assert.Equal(3, pinnedOther.ExitCode);
        Assert.Contains("it is not the pinned one", pinnedOther.Stderr);
    }

    [Fact]
    public async Task A_server_address_whose_port_speaks_plain_HTTP_fails_at_once_without_retries_and_says_so()
    {
        // a real plain-HTTP server on loopback, as an operator's http:// port or another web service would be
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var plain = builder.Build();
        int requests = 0;
        plain.Run(context =>
        {
            Interlocked.Increment(ref requests);
            return context.Response.WriteAsync("hello");
        });
        await plain.StartAsync();
        string hostAndPort = new System.Uri(plain.Urls.Single()).Authority;
        using var folder = new TempFolder();

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await Tool.RunAsync(folder.Path, Tool.CsvReport, "-S", $"batch:-batch@{hostAndPort}", "-d", Tool.CsvDefinition);
        watch.Stop();

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith($"tapetrack-sync: logon failed: the server at https://{hostAndPort}/ did not complete a TLS handshake (", result.Stderr.Trim());
        Assert.Contains("is that the address and port of tapetrack-sync serve, which speaks only HTTPS?", result.Stderr);
        Assert.DoesNotContain("retry", result.All, System.StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.All);
        Assert.Equal(0, requests);
        // no back-off: the tool's retries of a lost connection wait 1 + 2 + 4 + 8 s
        Assert.True(watch.Elapsed < System.TimeSpan.FromSeconds(5), watch.Elapsed.ToString());
    }

    private static string[] Changes(string reportPath)
    {
        using var report = JsonDocument.Parse(File.ReadAllText(reportPath));
        return report.RootElement.GetProperty("changes").EnumerateArray()
            .Select(c => $"{c.GetProperty("volume").GetString()} {c.GetProperty("field").GetString()} {c.GetProperty("from").GetString()}->{c.GetProperty("to").GetString()}")
            .ToArray();
    }

    internal static string Describe(Sessions.StoreDocument document) => string.Join("\n",
        document.Customers.SelectMany(c => c.Media.SelectMany(m => m.Volumes.Select(v => c.Id + "." + m.Id + " " + WireCodecTests.Describe(v).Replace(" v" + v.Version, string.Empty, System.StringComparison.Ordinal))))
            .OrderBy(s => s, System.StringComparer.Ordinal));
}
