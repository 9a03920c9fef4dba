using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Npgsql;
using TapeTrack.Sync.Remote;

namespace TapeTrack.Sync.Server.Tests;

/// <summary>What the server answers when its store fails: a passing failure 503, anything else a JSON 500 without the exception's text; and a batch over Kestrel's default body limit gets the server's own JSON answer.</summary>
public sealed class StoreFailureTests
{
    [Theory]
    [InlineData("57P01", "the database closed the connection (restart or administrator command, SQLSTATE 57P01)")]
    [InlineData("57P02", "the database is recovering from a crash (SQLSTATE 57P02)")]
    [InlineData("57P03", "the database is starting up or shutting down (SQLSTATE 57P03)")]
    [InlineData("53300", "the database has too many connections (SQLSTATE 53300)")]
    [InlineData("40001", "a serialization failure with another transaction (SQLSTATE 40001)")]
    [InlineData("40P01", "a deadlock with another transaction (SQLSTATE 40P01)")]
    [InlineData("08006", "the connection to the database failed (SQLSTATE 08006)")]
    public void A_PostgreSQL_error_of_a_passing_kind_is_transient_with_plain_words(string state, string reason)
    {
        var error = new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", state);
        Assert.True(error.IsTransient);
        Assert.True(StoreFailures.IsTransient(error, out string said));
        Assert.Equal(reason, said);
        // wrapped, as a store may throw it
        Assert.True(StoreFailures.IsTransient(new InvalidOperationException("batch failed", error), out said));
        Assert.Equal(reason, said);
    }

    [Theory]
    [InlineData("23505")]
    [InlineData("42P01")]
    [InlineData("22021")]
    public void A_PostgreSQL_error_of_the_data_or_the_schema_is_not_transient(string state)
    {
        Assert.False(StoreFailures.IsTransient(new PostgresException("no", "ERROR", "ERROR", state), out string reason));
        Assert.Equal(string.Empty, reason);
    }

    [Fact]
    public void A_connection_that_cannot_be_made_a_timeout_and_a_busy_embedded_store_are_transient_other_failures_are_not()
    {
        Assert.True(StoreFailures.IsTransient(new NpgsqlException("Failed to connect to 127.0.0.1:1", new SocketException((int)SocketError.ConnectionRefused)), out string reason));
        Assert.Equal("the database cannot be reached", reason);
        Assert.True(StoreFailures.IsTransient(new NpgsqlException("The operation has timed out", new TimeoutException()), out reason));
        Assert.Equal("the database did not answer in time", reason);
        Assert.True(StoreFailures.IsTransient(new SqliteException("SQLite Error 5: 'database is locked'.", 5), out reason));
        Assert.Equal("the store file is locked by another writer (SQLite error 5)", reason);
        Assert.True(StoreFailures.IsTransient(new SqliteException("SQLite Error 6: 'database table is locked'.", 6), out reason));
        Assert.Equal("the store file is locked by another writer (SQLite error 6)", reason);

        Assert.False(StoreFailures.IsTransient(new SqliteException("SQLite Error 1: 'no such table: store_user'.", 1), out _));
        Assert.False(StoreFailures.IsTransient(new InvalidOperationException("Volume changed while the batch held its lock."), out _));
        Assert.False(StoreFailures.IsTransient(new NpgsqlException("a protocol error"), out _));
    }

    [Fact]
    public async Task A_batch_that_failed_runs_again_when_retried_with_the_same_id_and_one_that_succeeded_is_answered_from_its_first_answer()
    {
        var cache = new BatchCache(TimeProvider.System);
        int runs = 0;
        var failed = cache.GetOrRun("batch", "b1", () =>
        {
            runs++;
            return Task.FromException<byte[]>(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"));
        }, out bool replayed);
        Assert.False(replayed);
        var error = await Assert.ThrowsAsync<PostgresException>(() => failed);
        Assert.Equal("57P01", error.SqlState);

        var again = await cache.GetOrRun("batch", "b1", () =>
        {
            runs++;
            return Task.FromResult(new byte[] { 7 });
        }, out replayed);
        Assert.False(replayed);
        Assert.Equal(new byte[] { 7 }, again);

        var third = await cache.GetOrRun("batch", "b1", () =>
        {
            runs++;
            return Task.FromResult(new byte[] { 9 });
        }, out replayed);
        Assert.True(replayed);
        Assert.Equal(new byte[] { 7 }, third);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task An_unexpected_store_failure_answers_a_JSON_500_without_the_exceptions_text_on_every_route_and_the_server_logs_it()
    {
        await using var host = await ServerHost.StartAsync();
        using var client = Client(host);
        string token = await LogonAsync(client);
        await using var session = host.Connect();
        await session.LogonAsync();

        // the store's tables go away under it: SQLite error 1 (no such table), not a passing failure
        await using (var other = new SqliteConnection($"Data Source={host.Folder["server.db"]};Pooling=False"))
        {
            await other.OpenAsync();
            await using var drop = other.CreateCommand();
            drop.CommandText = "PRAGMA foreign_keys = OFF; DROP TABLE IF EXISTS user_grant; DROP TABLE store_user; DROP TABLE audit; DROP TABLE IF EXISTS volume_field; DROP TABLE volume;";
            await drop.ExecuteNonQueryAsync();
        }

        const string expected = "{\"error\":\"the server failed to answer the request; its log says why\"}";
        foreach (var path in new[] { "v1/logon", "v1/scopes/US01/LTO", "v1/volumes/US01/LTO/000001L6", "v1/history" })
        {
            using var request = new HttpRequestMessage(path == "v1/logon" ? HttpMethod.Post : HttpMethod.Get, path);
            if (path == "v1/logon")
            {
                request.Content = new StringContent("{\"user\":\"batch\",\"password\":\"batch\"}", Encoding.UTF8, "application/json");
            }
            else
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await client.SendAsync(request);
            Assert.Equal((HttpStatusCode.InternalServerError, "application/json", expected),
                (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync()));
            Assert.Null(response.Headers.RetryAfter);
        }

        Assert.Equal(4, host.Log.Lines.Count(l => l.Contains("failed: answered 500", StringComparison.Ordinal) && l.Contains("no such table", StringComparison.Ordinal)));

        // the apply keeps its own message; the client does not retry a 500
        var refused = await Assert.ThrowsAsync<RemoteServerException>(async () =>
            await session.ApplyAsync(new[] { new Sessions.VolumeUpdate(new Sessions.VolumeKey("US01", "LTO", "000001L6"), 1, new[] { new Sessions.FieldChange(Sessions.VolumeFields.Description, "x") }) }));
        Assert.Equal($"the server at {host.Address} refused the apply request (500): the server could not apply the batch; nothing of it was applied", refused.Message);
    }

    [Fact]
    public async Task A_batch_between_Kestrels_default_limit_and_32_MiB_is_read_by_the_server_and_one_over_32_MiB_gets_its_JSON_413()
    {
        await using var host = await ServerHost.StartAsync();
        using var client = Client(host);
        string token = await LogonAsync(client);

        // 31,000,000 bytes: over Kestrel's default 30,000,000, under the server's 32 MiB; not a batch, so the server's own 400
        using var read = await ApplyAsync(client, token, new byte[31_000_000]);
        string body = await read.Content.ReadAsStringAsync();
        Assert.Equal((HttpStatusCode.BadRequest, "application/json"), (read.StatusCode, read.Content.Headers.ContentType?.MediaType));
        Assert.StartsWith("{\"error\":\"the batch cannot be read: ", body, StringComparison.Ordinal);

        // one byte over 32 MiB, over HTTP/1.1 (the server reads the body to its end before answering, so the client sees the answer)
        using var over = await ApplyAsync(client, token, new byte[(32 * 1024 * 1024) + 1]);
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "application/json", "{\"error\":\"the batch is over 33,554,432 bytes (32 MiB) compressed: send smaller batches (--batch-size)\"}"),
            (over.StatusCode, over.Content.Headers.ContentType?.MediaType, await over.Content.ReadAsStringAsync()));

        // the same without a length given in advance (chunked), and over HTTP/2 as the remote session sends: the server counts as it reads
        using var chunked = await ApplyAsync(client, token, new byte[(32 * 1024 * 1024) + 1], chunked: true);
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "{\"error\":\"the batch is over 33,554,432 bytes (32 MiB) compressed: send smaller batches (--batch-size)\"}"),
            (chunked.StatusCode, await chunked.Content.ReadAsStringAsync()));
        using var http2 = await ApplyAsync(client, token, new byte[(32 * 1024 * 1024) + 1], version: HttpVersion.Version20);
        Assert.Equal((new Version(2, 0), HttpStatusCode.RequestEntityTooLarge, "{\"error\":\"the batch is over 33,554,432 bytes (32 MiB) compressed: send smaller batches (--batch-size)\"}"),
            (http2.Version, http2.StatusCode, await http2.Content.ReadAsStringAsync()));
    }

    private static HttpClient Client(ServerHost host) => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && RemoteServerSession.GetThumbprint(certificate) == host.Thumbprint,
    }) { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(2) };

    private static async Task<string> LogonAsync(HttpClient client)
    {
        using var logon = await client.PostAsync("v1/logon", new StringContent("{\"user\":\"batch\",\"password\":\"batch\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, logon.StatusCode);
        return JsonDocument.Parse(await logon.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
    }

    private static Task<HttpResponseMessage> ApplyAsync(HttpClient client, string token, byte[] body, bool chunked = false, Version? version = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/apply")
        {
            Version = version ?? HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(RemoteServerSession.MediaType);
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add(RemoteServerSession.BatchHeader, Guid.NewGuid().ToString("N"));
        return client.SendAsync(request);
    }
}
