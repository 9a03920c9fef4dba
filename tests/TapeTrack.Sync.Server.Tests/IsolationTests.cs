using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using TapeTrack.Sync.Remote;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Server.Tests;

/// <summary>A user granted US01 learns nothing of US02: every endpoint answers for US02 exactly as for a customer that does not exist.</summary>
public sealed class IsolationTests : IAsyncLifetime
{
    private ServerHost? _host;
    private HttpClient? _http;
    private string? _token;

    private ServerHost Host => _host!;

    public async Task InitializeAsync()
    {
        _host = await ServerHost.StartAsync();
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => RemoteServerSession.GetThumbprint(certificate!) == Host.Thumbprint;
        _http = new HttpClient(handler) { BaseAddress = Host.Address };
        var logon = await _http.PostAsync("v1/logon", new StringContent("{\"user\":\"acme\",\"password\":\"acme-pw\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, logon.StatusCode);
        using var json = JsonDocument.Parse(await logon.Content.ReadAsStringAsync());
        _token = json.RootElement.GetProperty("token").GetString();
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        await Host.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using var response = await _http!.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Scope_download_of_another_customer_answers_as_a_missing_one()
    {
        var granted = await GetAsync("v1/scopes/US02/LTO");
        var missing = await GetAsync("v1/scopes/US99/LTO");

        Assert.Equal(HttpStatusCode.NotFound, granted.Status);
        Assert.Equal(missing, granted);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("v1/scopes/US01/LTO")).Status);
    }

    [Fact]
    public async Task Volume_read_of_another_customer_answers_as_a_missing_one()
    {
        var other = await GetAsync("v1/volumes/US02/LTO/900001L6");
        var missing = await GetAsync("v1/volumes/US99/LTO/900001L6");

        Assert.Equal(HttpStatusCode.NotFound, other.Status);
        Assert.Equal(missing, other);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("v1/volumes/US01/LTO/000001L6")).Status);
    }

    [Fact]
    public async Task Changes_confirmations_and_adds_to_another_customer_answer_as_for_a_missing_one_and_change_nothing()
    {
        await using var session = Host.Connect("acme", "acme-pw");
        await session.LogonAsync();
        var before = RemoteToolTests.Describe(await Host.Store.ExportAsync());

        var results = await session.ApplyAsync(new[]
        {
            new VolumeUpdate(new VolumeKey("US02", "LTO", "900001L6"), 1, new[] { new FieldChange(VolumeFields.Description, "stolen") }),
            new VolumeUpdate(new VolumeKey("US02", "LTO", "000001L6"), 1, new[] { new FieldChange(VolumeFields.Current, "OFFS") }),
            new VolumeUpdate(new VolumeKey("US02", "LTO", "900001L6"), null, new[] { new FieldChange(VolumeFields.Current, "LIBR") }),
            new VolumeUpdate(new VolumeKey("US99", "LTO", "900001L6"), 1, new[] { new FieldChange(VolumeFields.Description, "stolen") }),
            new VolumeUpdate(new VolumeKey("US99", "LTO", "900001L6"), null, new[] { new FieldChange(VolumeFields.Current, "LIBR") }),
        });

        Assert.All(results, r => Assert.Equal(UpdateStatus.NotFound, r.Status));
        Assert.All(results, r => Assert.Null(r.Volume));
        Assert.Equal(results[3].Message!.Replace("US99", "US02", StringComparison.Ordinal), results[0].Message);
        Assert.Equal(results[3].Message!.Replace("US99", "US02", StringComparison.Ordinal), results[1].Message);
        Assert.Equal(results[4].Message!.Replace("US99", "US02", StringComparison.Ordinal), results[2].Message);
        Assert.Equal(before, RemoteToolTests.Describe(await Host.Store.ExportAsync()));
        Assert.Null(await session.GetVolumeAsync(new VolumeKey("US02", "LTO", "900001L6")));
        Assert.False((await session.DownloadScopeAsync(new ScopeKey("US02", "LTO"))).Exists);
    }

    [Fact]
    public async Task Through_the_tool_a_report_of_another_customers_volumes_finds_none_and_adds_none()
    {
        using var folder = new TempFolder();
        folder.Write("us02.csv", "900001L6,US02,LTO,OFFS\n000001L6,US02,LTO,OFFS\n");
        folder.Write("us02.ttidef", "setCSVDelimiter(\",\");\nExtract(VOLUME, 1, 10, 0);\nExtract(CUSTOMER, 2, 4, 0);\nExtract(MEDIA, 3, 4, 0);\nExtract(REPOSITORY, 4, 4, 0);\n");
        var before = RemoteToolTests.Describe(await Host.Store.ExportAsync());

        var result = await Tool.RunAsync(folder.Path, folder["us02.csv"], "-S", $"acme:-acme-pw@{Host.HostAndPort}", "-d", "us02.ttidef", "-a", "--trust-thumbprint", Host.Thumbprint);

        Assert.Equal(0, result.Statistic("Volumes updated:"));
        Assert.Equal(0, result.Statistic("Volumes added:"));
        Assert.DoesNotContain("secret_full", result.All);
        Assert.Equal(before, RemoteToolTests.Describe(await Host.Store.ExportAsync()));
    }

    [Fact]
    public async Task Health_answers_without_logon_and_the_other_endpoints_refuse_without_a_token()
    {
        using var health = await _http!.GetAsync("health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var scope = await _http.GetAsync("v1/scopes/US01/LTO");
        Assert.Equal(HttpStatusCode.Unauthorized, scope.StatusCode);
        Assert.DoesNotContain(_token!, Host.Log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("acme-pw", Host.Log.Text, StringComparison.Ordinal);
    }
}
