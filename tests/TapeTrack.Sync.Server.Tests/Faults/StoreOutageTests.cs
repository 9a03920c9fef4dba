using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Npgsql;
using TapeTrack.Sync.PostgreSql;
using TapeTrack.Sync.Remote;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Server.Tests.Faults;

/// <summary>
/// PostgreSQL unavailable for a moment under a running server (its connections terminated as a restart does, 57P01, and
/// new ones refused): every route answers 503 with a JSON error and Retry-After, the client retries with back-off, and
/// the run completes with the store and audit trail of a run with no fault.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StoreOutageTests(PostgresCluster cluster, ReferenceRun reference, Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Unavailable55000 = "the store is unavailable for a moment: the database cannot serve the request now (SQLSTATE 55000)";

    [Fact]
    public async Task A_run_through_serve_postgres_completes_when_PostgreSQL_terminates_the_servers_connections_and_refuses_new_ones_between_two_batches()
    {
        var site = reference.Site;
        var store = await site.CreateStoreAsync(StoreKind.PostgreSql, cluster, "outage");
        string database = new NpgsqlConnectionStringBuilder(store.Arguments[1]).Database!;
        await using var serve = await FaultSite.ServeAsync(store);

        var sync = site.SyncAsync($"batch:-batch@{serve.HostAndPort}", reference.Report, serve.Thumbprint, "--batch-size", ReferenceRun.BatchSizeText);
        await serve.WaitForAsync(s => s.Count("Applied ") >= 10, TimeSpan.FromSeconds(60), "ten batches applied");
        int terminated = await OutageAsync(database, () => serve.WaitForAsync(s => s.Count("answered 503") >= 1, TimeSpan.FromSeconds(30), "a 503"));
        var run = await sync;

        string counts = $"terminated {terminated} backends; 503 answers {serve.Count("answered 503")}; batches applied {serve.Count("Applied ")}";
        output.WriteLine(counts);
        output.WriteLine(string.Join("\n", serve.Output.Split('\n').Where(l => l.Contains("answered 503", StringComparison.Ordinal))));
        Assert.True(run.ExitCode == 0, counts + "\n" + run.All + "\n" + serve.Output);
        Assert.True(terminated >= 1, counts);
        Assert.True(serve.Count("answered 503") >= 1, serve.Output);
        // the connection the server had in its pool was terminated as a restart does: its next batch met 57P01
        Assert.True(serve.Count("SQLSTATE 57P01") >= 1, serve.Output);
        Assert.Equal(0, serve.Count("answered 500"));
        Assert.Equal(0, serve.Count("could not apply"));
        Assert.Equal(ReferenceRun.Volumes, run.Statistic("Volumes updated:"));
        Assert.Equal(0, run.Statistic("Volumes unchanged:"));
        Assert.Equal(0, await serve.StopAsync());

        Assert.Equal(await reference.CleanExportAsync(), await store.ExportAsync());
        var history = await store.HistoryAsync();
        Assert.Equal((await reference.CleanHistoryAsync()).Select(ReferenceRun.Describe), history.Select(ReferenceRun.Describe));
    }

    [Fact]
    public async Task While_PostgreSQL_refuses_connections_every_route_answers_503_with_the_JSON_error_and_Retry_After_and_a_client_logon_completes_once_it_is_back()
    {
        // no pool: every request opens its own connection, so each one meets the refusal
        string connection = await cluster.CreateDatabaseAsync() + ";Pooling=false";
        string database = new NpgsqlConnectionStringBuilder(connection).Database!;
        await using var store = await PostgreSqlTapeStore.OpenAsync(connection);
        await store.ImportAsync(ServerHost.SampleWithTwoCustomers());
        var log = new CapturedLog();
        var options = new FrameworkServerOptions { LoggerFactory = LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Trace)) };
        options.Urls.Add("https://127.0.0.1:0");
        await using var server = new FrameworkServer(store, options);
        await server.StartAsync();
        var address = server.Addresses[0];
        using var client = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && RemoteServerSession.GetThumbprint(certificate) == server.CertificateThumbprint,
        }) { BaseAddress = address };
        RemoteServerSession Session(int attempts) => new(new RemoteSessionOptions
        {
            Address = address,
            UserName = "batch",
            Password = "batch",
            TrustThumbprint = server.CertificateThumbprint,
            Retry = new RetryOptions { MaxAttempts = attempts, InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(400) },
        });

        // logged on before the outage: the token is the server's, the store is not asked for it
        using var logon = await client.PostAsync("v1/logon", new StringContent("{\"user\":\"batch\",\"password\":\"batch\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, logon.StatusCode);
        string token = JsonDocument.Parse(await logon.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
        await using var once = Session(attempts: 1);
        await once.LogonAsync();

        var key = new VolumeKey("US01", "LTO", "000001L6");
        var before = await store.GetVolumeAsync(key);
        var answers = new List<(HttpStatusCode Status, string? RetryAfter, string Body)>();
        IOException? applyFailure = null;
        await using var retrying = Session(attempts: 20);
        Task? retriedLogon = null;
        await OutageAsync(database, async () =>
        {
            foreach (var (method, path) in new[] { ("POST", "v1/logon"), ("GET", "v1/scopes/US01/LTO"), ("GET", "v1/volumes/US01/LTO/000001L6"), ("GET", "v1/history?customer=US01&media=LTO&volume=000001L6") })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method == "POST")
                {
                    request.Content = new StringContent("{\"user\":\"batch\",\"password\":\"batch\"}", Encoding.UTF8, "application/json");
                }
                else
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                using var response = await client.SendAsync(request);
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                answers.Add((response.StatusCode, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync()));
            }

            try
            {
                await once.ApplyAsync(new[] { new VolumeUpdate(key, before!.Version, new[] { new FieldChange(VolumeFields.Description, "during_outage") }) });
            }
            catch (IOException e)
            {
                applyFailure = e;
            }

            // a client that retries: its logon is refused with 503 (at least once more), then goes through once the database is back
            int refusedSoFar = Count(log, "answered 503");
            retriedLogon = retrying.LogonAsync().AsTask();
            for (int i = 0; i < 300 && Count(log, "answered 503") == refusedSoFar; i++)
            {
                await Task.Delay(20);
            }
        });

        string expected = JsonSerializer.Serialize(new { error = Unavailable55000 });
        Assert.Equal(new[] { (HttpStatusCode.ServiceUnavailable, (string?)"1", expected) }, answers.Distinct().ToArray());
        Assert.Equal(4, answers.Count);
        Assert.NotNull(applyFailure);
        Assert.Equal($"the server at {address} answered 503 ({Unavailable55000}; nothing of the batch was applied)", applyFailure!.Message);
        var after = await store.GetVolumeAsync(key);
        Assert.Equal((before!.Version, before.Get(VolumeFields.Description)), (after!.Version, after.Get(VolumeFields.Description)));

        await retriedLogon!;
        var scope = await retrying.DownloadScopeAsync(new ScopeKey("US01", "LTO"));
        var direct = await store.DownloadScopeAsync(new ScopeKey("US01", "LTO"));
        Assert.Equal(direct.Volumes.Count, scope.Volumes.Count);
        Assert.True(scope.Volumes.Count > 0);
        Assert.True(Count(log, "answered 503") >= 6, log.Text);
        Assert.Equal(0, Count(log, "answered 500"));
        Assert.DoesNotContain(cluster.Password, log.Text, StringComparison.Ordinal);
    }

    private static int Count(CapturedLog log, string text) => log.Lines.Count(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>
    /// Makes the database refuse new connections and terminates those it has (what an administrator's restart does to
    /// them: 57P01), runs <paramref name="during"/>, then lets connections in again. Returns how many were terminated.
    /// </summary>
    private async Task<int> OutageAsync(string database, Func<Task> during)
    {
        await using var admin = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await admin.OpenAsync();
        await ExecuteAsync(admin, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
        try
        {
            await using var terminate = new NpgsqlCommand("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @d AND pid <> pg_backend_pid()", admin);
            terminate.Parameters.AddWithValue("d", database);
            int terminated = Convert.ToInt32(await terminate.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            await during();
            return terminated;
        }
        finally
        {
            await ExecuteAsync(admin, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
