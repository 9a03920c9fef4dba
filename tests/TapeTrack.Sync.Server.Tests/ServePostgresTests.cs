using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Cli;

namespace TapeTrack.Sync.Server.Tests;

/// <summary><c>tapetrack-sync serve --postgres</c>: the tool's server over a PostgreSQL store in a throwaway cluster, synced remotely.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ServePostgresTests(PostgresCluster cluster)
{
    [Fact]
    public async Task A_granted_user_syncs_the_csv_source_through_serve_postgres_and_store_history_shows_the_changes_by_that_user()
    {
        using var folder = new TempFolder();
        string connection = await cluster.CreateDatabaseAsync();
        string storeFile = File.ReadAllText(SampleStore.Path).Replace(
            "\"users\": [ { \"name\": \"batch\", \"password\": \"batch\" } ]",
            "\"users\": [ { \"name\": \"batch\", \"password\": \"batch\" }, { \"name\": \"acme\", \"password\": \"acme-pw\", \"customers\": [ \"US01\" ] }, { \"name\": \"other\", \"password\": \"other-pw\", \"customers\": [ \"US02\" ] } ]",
            StringComparison.Ordinal);
        Assert.Contains("\"acme\"", storeFile, StringComparison.Ordinal);
        folder.Write("store.json", storeFile);

        var import = await Tool.RunAsync(folder.Path, null, "store", "import", "store.json", "--postgres", connection);
        Assert.True(import.ExitCode == 0, import.All);
        Assert.Contains("3 users", import.Stdout, StringComparison.Ordinal);

        var started = new TaskCompletionSource<FrameworkServer>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var serveOut = new StringWriter();
        var serveErr = new StringWriter();
        var env = new CliEnvironment(folder.Path) { ServerStarted = s => started.TrySetResult(s) };
        var serve = CliApp.RunAsync(new[] { "serve", "--postgres", connection, "--urls", "https://127.0.0.1:0" }, new StringReader(string.Empty), serveOut, serveErr, env, stop.Token);
        var first = await Task.WhenAny(started.Task, serve, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(first == started.Task, "serve did not start: " + serveErr);
        var server = await started.Task;
        string hostAndPort = server.Addresses[0].Host + ":" + server.Addresses[0].Port;
        string[] Sync(string logon, params string[] extra) =>
            new[] { "-S", logon, "-d", Tool.CsvDefinition, "--now", "2026-11-25T06:00:00", "--time-zone", "UTC", "--trust-thumbprint", server.CertificateThumbprint }.Concat(extra).ToArray();

        try
        {
            // a user granted another customer only sees none of US01, so changes nothing
            var other = await Tool.RunAsync(folder.Path, Tool.CsvReport, Sync($"other:-other-pw@{hostAndPort}"));
            Assert.Equal(0, other.Statistic("Volumes updated:"));

            var remote = await Tool.RunAsync(folder.Path, Tool.CsvReport, Sync($"acme:-acme-pw@{hostAndPort}", "--report", "remote.json"));
            Assert.True(remote.ExitCode == 0, remote.All);
            Assert.Equal(3, remote.Statistic("Volumes updated:"));

            // the MD5 form of the password reaches the same user; a rerun applies nothing more
            string md5 = Convert.ToHexString(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes("acme-pw")));
            var second = await Tool.RunAsync(folder.Path, Tool.CsvReport, Sync($"acme:{md5}@{hostAndPort}"));
            Assert.True(second.ExitCode == 0, second.All);
            Assert.Equal((0L, 7L), (second.Statistic("Volumes updated:"), second.Statistic("Volumes unchanged:")));

            string[] reported;
            using (var report = JsonDocument.Parse(File.ReadAllText(folder["remote.json"])))
            {
                reported = report.RootElement.GetProperty("changes").EnumerateArray()
                    .Select(c => $"{c.GetProperty("volume").GetString()} {c.GetProperty("field").GetString()}")
                    .OrderBy(s => s, StringComparer.Ordinal).ToArray();
            }

            var history = await Tool.RunAsync(folder.Path, null, "store", "history", "--postgres", connection);
            Assert.True(history.ExitCode == 0, history.All);
            var lines = history.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var columns = lines.Select(l => l.Split("  ")).ToArray();
            Assert.NotEmpty(reported);
            Assert.All(columns, c => Assert.Equal("acme", c[1]));
            Assert.All(columns, c => Assert.StartsWith("US01.LTO.", c[3], StringComparison.Ordinal));
            Assert.Equal(reported, columns.Select(c => $"{c[3]["US01.LTO.".Length..]} {c[4]}").OrderBy(s => s, StringComparer.Ordinal).ToArray());
            Assert.DoesNotContain(cluster.Password, history.All + remote.All + serveOut + serveErr, StringComparison.Ordinal);
            Assert.DoesNotContain("acme-pw", serveOut.ToString() + serveErr, StringComparison.Ordinal);
        }
        finally
        {
            stop.Cancel();
            Assert.Equal(0, await serve);
        }

        Assert.Contains("stopped", serveOut.ToString(), StringComparison.Ordinal);
    }
}
