using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using TapeTrack.Sync.PostgreSql;
using TapeTrack.Sync.Remote;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Sqlite;

namespace TapeTrack.Sync.Server.Tests;

/// <summary>
/// <c>GET /v1/history</c>, <see cref="RemoteServerSession.ReadHistoryAsync"/> and <c>store history -S</c>: a remote user
/// reads the audit trail of the customers it is granted only; a volume of another customer answers as one that does not
/// exist. Run on the embedded store and on PostgreSQL behind the server.
/// </summary>
public abstract class RemoteHistoryTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private ITapeStore? _store;
    private FrameworkServer? _server;

    private FrameworkServer Server => _server!;

    private string HostAndPort => Server.Addresses[0].Host + ":" + Server.Addresses[0].Port;

    protected abstract Task<ITapeStore> OpenStoreAsync(TempFolder folder);

    public async Task InitializeAsync()
    {
        _store = await OpenStoreAsync(_folder);
        await _store.ImportAsync(ServerHost.SampleWithTwoCustomers());
        var options = new FrameworkServerOptions { FailedLogonDelay = TimeSpan.Zero, MaxFailedLogonDelay = TimeSpan.Zero };
        options.Urls.Add("https://127.0.0.1:0");
        _server = new FrameworkServer(_store, options);
        await _server.StartAsync();

        // the site's administrator changes a volume of each customer; acme then changes one of its own
        await using (var batch = Connect("batch", "batch"))
        {
            var results = await batch.ApplyAsync(new[]
            {
                SampleStore.Set("000001L6", 1, (VolumeFields.Description, "admin_us01")),
                new VolumeUpdate(new VolumeKey("US02", "LTO", "900001L6"), 1, new[] { new FieldChange(VolumeFields.Description, "admin_us02") }),
                new VolumeUpdate(new VolumeKey("US02", "LTO", "000001L6"), 1, new[] { new FieldChange(VolumeFields.Description, "admin_us02_same_barcode") }),
            });
            Assert.All(results, r => Assert.Equal(UpdateStatus.Applied, r.Status));
        }

        await using var acme = Connect("acme", "acme-pw");
        var own = await acme.ApplyAsync(new[] { SampleStore.Set("000002L6", 1, (VolumeFields.Description, "acme_us01")) });
        Assert.Equal(UpdateStatus.Applied, Assert.Single(own).Status);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private RemoteServerSession Connect(string user, string password) => new(new RemoteSessionOptions
    {
        Address = Server.Addresses[0],
        UserName = user,
        Password = password,
        TrustThumbprint = Server.CertificateThumbprint,
    });

    private static async Task<List<AuditEntry>> ReadAsync(RemoteServerSession session, AuditQuery query)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in session.ReadHistoryAsync(query))
        {
            entries.Add(entry);
        }

        return entries;
    }

    [Fact]
    public async Task A_user_granted_US01_reads_only_US01_history_with_every_user_and_newest_first()
    {
        await using var acme = Connect("acme", "acme-pw");
        var entries = await ReadAsync(acme, new AuditQuery());

        Assert.Equal(new[] { "US01.LTO.000002L6", "US01.LTO.000001L6" }, entries.Select(e => e.Volume.ToString()));
        Assert.Equal(new[] { "acme_us01", "admin_us01" }, entries.Select(e => e.NewValue));
        Assert.Equal(new[] { "weekly_full", "weekly_full" }, entries.Select(e => e.OldValue));
        Assert.Equal(new[] { "acme", "batch" }, entries.Select(e => e.User));
        Assert.True(entries[0].Version > entries[1].Version);
        Assert.True(entries[0].Sequence > entries[1].Sequence);
    }

    [Fact]
    public async Task The_administrator_reads_every_customer_and_the_same_entries_as_the_store()
    {
        await using var batch = Connect("batch", "batch");
        var remote = await ReadAsync(batch, new AuditQuery());
        var local = new List<AuditEntry>();
        await foreach (var entry in _store!.ReadHistoryAsync(new AuditQuery()))
        {
            local.Add(entry);
        }

        Assert.Equal(4, remote.Count);
        Assert.Equal(
            local.Select(e => (e.Sequence, e.Time, e.User, e.Run, e.Volume, e.Field, e.OldValue, e.NewValue, e.Version)),
            remote.Select(e => (e.Sequence, e.Time, e.User, e.Run, e.Volume, e.Field, e.OldValue, e.NewValue, e.Version)));
        Assert.Equal(new[] { "US01", "US01", "US02", "US02" }, remote.Select(e => e.Volume.Customer).OrderBy(c => c, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_volume_of_another_customer_answers_as_one_that_does_not_exist()
    {
        await using var acme = Connect("acme", "acme-pw");
        await using var batch = Connect("batch", "batch");
        var other = new VolumeKey("US02", "LTO", "900001L6");

        Assert.Single(await ReadAsync(batch, new AuditQuery { Volume = other }));
        Assert.Empty(await ReadAsync(acme, new AuditQuery { Volume = other }));
        Assert.Empty(await ReadAsync(acme, new AuditQuery { Volume = new VolumeKey("US99", "LTO", "900001L6") }));
        Assert.Empty(await ReadAsync(acme, new AuditQuery { Customers = new[] { "US02" } }));
        Assert.Null(await acme.GetVolumeAsync(other));

        // the same barcode under the granted customer is its own volume
        var same = Assert.Single(await ReadAsync(acme, new AuditQuery { Volume = new VolumeKey("US01", "LTO", "000001L6") }));
        Assert.Equal("admin_us01", same.NewValue);
    }

    [Fact]
    public async Task Since_and_limit_filter_on_the_server()
    {
        await using var batch = Connect("batch", "batch");
        var all = await ReadAsync(batch, new AuditQuery());

        Assert.Empty(await ReadAsync(batch, new AuditQuery { Since = all[0].Time.AddSeconds(1) }));
        Assert.Equal(all.Take(1).Select(e => e.Sequence), (await ReadAsync(batch, new AuditQuery { Limit = 1 })).Select(e => e.Sequence));
        Assert.Equal(all.Select(e => e.Sequence), (await ReadAsync(batch, new AuditQuery { Since = all[^1].Time })).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Store_history_with_a_remote_logon_prints_the_granted_customers_only()
    {
        string[] Args(string logon, params string[] extra) =>
            new[] { "store", "history", "-S", logon, "--trust-thumbprint", Server.CertificateThumbprint }.Concat(extra).ToArray();

        var acme = await Tool.RunAsync(_folder.Path, null, Args($"acme:-acme-pw@{HostAndPort}"));
        var admin = await Tool.RunAsync(_folder.Path, null, Args($"batch:-batch@{HostAndPort}"));
        var foreign = await Tool.RunAsync(_folder.Path, null, Args($"acme:-acme-pw@{HostAndPort}", "--volume", "US02.LTO.900001L6"));
        var missing = await Tool.RunAsync(_folder.Path, null, Args($"acme:-acme-pw@{HostAndPort}", "--volume", "US01.LTO.999999L6"));
        var wrong = await Tool.RunAsync(_folder.Path, null, Args($"acme:-nope@{HostAndPort}"));
        var fromEnvironment = await Tool.RunAsync(
            _folder.Path,
            null,
            new Dictionary<string, string> { ["TAPETRACK_SERVER"] = $"acme:-acme-pw@{HostAndPort}" },
            CancellationToken.None,
            "store", "history", "--trust-thumbprint", Server.CertificateThumbprint);

        Assert.True(acme.ExitCode == 0, acme.All);
        var lines = acme.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(new[] { "US01.LTO.000002L6", "US01.LTO.000001L6" }, lines.Select(l => l.Split("  ")[3]));
        Assert.Equal(new[] { "acme", "batch" }, lines.Select(l => l.Split("  ")[1]));
        Assert.Equal(4, admin.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal((0, acme.Stdout), (fromEnvironment.ExitCode, fromEnvironment.Stdout));
        Assert.Equal((0, string.Empty, string.Empty), (foreign.ExitCode, foreign.Stdout, foreign.Stderr));
        Assert.Equal((missing.ExitCode, missing.Stdout, missing.Stderr), (foreign.ExitCode, foreign.Stdout, foreign.Stderr));
        Assert.Equal(3, wrong.ExitCode);
        Assert.Contains("Logon refused for user 'acme'", wrong.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("nope", wrong.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_history_refuses_a_remote_logon_beside_a_local_store()
    {
        var both = await Tool.RunAsync(_folder.Path, null, "store", "history", "-S", $"acme:-acme-pw@{HostAndPort}", "--store", "x.db");

        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--store and -S name two stores", both.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>The remote history over the embedded store.</summary>
public sealed class EmbeddedRemoteHistoryTests : RemoteHistoryTests
{
    protected override async Task<ITapeStore> OpenStoreAsync(TempFolder folder) => await SqliteTapeStore.OpenAsync(folder["server.db"]);
}

/// <summary>The remote history over PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRemoteHistoryTests(PostgresCluster cluster) : RemoteHistoryTests
{
    protected override async Task<ITapeStore> OpenStoreAsync(TempFolder folder) => await PostgreSqlTapeStore.OpenAsync(await cluster.CreateDatabaseAsync());
}
