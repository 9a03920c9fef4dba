using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using TapeTrack.Sync.PostgreSql;
using TapeTrack.Sync.Remote;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Server.Tests;

/// <summary>
/// Servers side by side: two real <c>tapetrack-sync serve</c> processes on one PostgreSQL database, clients spread
/// across them. Versions, no lost update, grants and the audit trail hold across the two.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutTests(PostgresCluster cluster)
{
    private const int Volumes = 1_500;

    private static string ToolDll => Path.Combine(AppContext.BaseDirectory, "tapetrack-sync.dll");

    private static string VolumeId(int i) => i.ToString("D6", CultureInfo.InvariantCulture) + "L6";

    private static StoreDocument Estate()
    {
        var document = new StoreDocument();
        foreach (var (id, count) in new[] { ("US01", Volumes), ("US02", 3) })
        {
            var customer = new StoreCustomer(id, id + " client");
            var media = new StoreMedia("LTO", "LTO cartridges");
            media.Repositories.Add(new Repository("LIBR", "Library", RepositoryType.Library));
            for (int i = 0; i < count; i++)
            {
                media.Volumes.Add(new Volume(VolumeId(i), "LIBR", null, 1, new Dictionary<string, string> { [VolumeFields.Description] = "weekly_full" }));
            }

            customer.Media.Add(media);
            document.Customers.Add(customer);
        }

        document.Users.Add(new StoreUser("alpha", "alpha-pw") { Customers = new[] { "US01" } });
        document.Users.Add(new StoreUser("beta", "beta-pw") { Customers = new[] { "US01" } });
        document.Users.Add(new StoreUser("other", "other-pw") { Customers = new[] { "US02" } });
        return document;
    }

    private static RemoteServerSession Connect(ServeProcess server, string user, string password) => new(new RemoteSessionOptions
    {
        Address = server.Address,
        UserName = user,
        Password = password,
        TrustThumbprint = server.Thumbprint,
    });

    [Fact]
    public async Task Two_serve_processes_on_one_database_lose_no_update_and_keep_versions_grants_and_the_audit()
    {
        using var folder = new TempFolder();
        string connection = await cluster.CreateDatabaseAsync();
        await using (var setup = await PostgreSqlTapeStore.OpenAsync(connection))
        {
            await setup.ImportAsync(Estate());
        }

        // two tools, each its own definition: alpha sets descriptions, beta sets slots, of the same volumes
        folder.Write("alpha.ttidef", "setCSVDelimiter(\",\");\nSetLiteral(CUSTOMER, \"US01\");\nSetLiteral(MEDIA, \"LTO\");\nExtract(VOLUME, 1, 10, 0);\nExtract(DESCRIPTION, 2, 40, 0);\n");
        folder.Write("beta.ttidef", "setCSVDelimiter(\",\");\nSetLiteral(CUSTOMER, \"US01\");\nSetLiteral(MEDIA, \"LTO\");\nExtract(VOLUME, 1, 10, 0);\nExtract(SLOT, 2, 10, 0);\n");
        var alphaReport = new StringBuilder();
        var betaReport = new StringBuilder();
        for (int i = 0; i < Volumes; i++)
        {
            alphaReport.Append(VolumeId(i)).Append(",alpha_").Append(i).Append('\n');
            betaReport.Append(VolumeId(i)).Append(",S").Append(i).Append('\n');
        }

        folder.Write("alpha.csv", alphaReport.ToString());
        folder.Write("beta.csv", betaReport.ToString());

        await using var a = await ServeProcess.StartAsync(ToolDll, "serve", "--postgres", connection, "--urls", "https://127.0.0.1:0");
        await using var b = await ServeProcess.StartAsync(ToolDll, "serve", "--postgres", connection, "--urls", "https://127.0.0.1:0");
        Assert.NotEqual(a.Address, b.Address);

        // a version check made through one server holds against a change made through the other
        await using (var throughA = Connect(a, "alpha", "alpha-pw"))
        await using (var throughB = Connect(b, "beta", "beta-pw"))
        {
            var key = new VolumeKey("US02", "LTO", VolumeId(0));
            var us01 = new VolumeKey("US01", "LTO", VolumeId(0));
            Assert.Null(await throughB.GetVolumeAsync(key));
            var read = (await throughA.GetVolumeAsync(us01))!;
            var first = await throughB.ApplyAsync(new[] { new VolumeUpdate(us01, read.Version, new[] { new FieldChange(VolumeFields.System, "first") }) });
            var stale = await throughA.ApplyAsync(new[] { new VolumeUpdate(us01, read.Version, new[] { new FieldChange(VolumeFields.System, "stale") }) });
            Assert.Equal(UpdateStatus.Applied, Assert.Single(first).Status);
            Assert.Equal(UpdateStatus.Conflict, Assert.Single(stale).Status);
            Assert.Equal("first", (await throughA.GetVolumeAsync(us01))!.Get(VolumeFields.System));
            Assert.True(Assert.Single(first).Volume!.Version > read.Version);
        }

        string[] Sync(ServeProcess server, string user, string name) => new[]
        {
            "-S", $"{user}:-{user}-pw@{server.HostAndPort}", "-d", folder[name + ".ttidef"], "--trust-thumbprint", server.Thumbprint,
            "--batch-size", "25", "--now", "2026-11-25T06:00:00", "--time-zone", "UTC",
        };

        // at once: alpha through server A, beta through server B, on the same volumes
        var alpha = Tool.RunAsync(folder.Path, folder["alpha.csv"], Sync(a, "alpha", "alpha"));
        var beta = Tool.RunAsync(folder.Path, folder["beta.csv"], Sync(b, "beta", "beta"));
        var results = await Task.WhenAll(alpha, beta);
        Assert.True(results[0].ExitCode == 0, results[0].All);
        Assert.True(results[1].ExitCode == 0, results[1].All);
        Assert.Equal(Volumes, results[0].Statistic("Volumes updated:"));
        Assert.Equal(Volumes, results[1].Statistic("Volumes updated:"));

        // no lost update: every volume carries both tools' changes, and its version is the last one the audit names
        var audit = new List<AuditEntry>();
        await using (var store = await PostgreSqlTapeStore.OpenAsync(connection))
        {
            await foreach (var entry in store.ReadHistoryAsync(new AuditQuery { Customers = new[] { "US01" } }))
            {
                audit.Add(entry);
            }

            var scope = await store.DownloadScopeAsync(new ScopeKey("US01", "LTO"));
            Assert.Equal(Volumes, scope.Volumes.Count);
            var byVolume = audit.ToLookup(e => e.Volume.Volume);
            foreach (var volume in scope.Volumes)
            {
                int i = int.Parse(volume.Id.AsSpan(0, 6), CultureInfo.InvariantCulture);
                Assert.Equal("alpha_" + i, volume.Get(VolumeFields.Description));
                Assert.Equal("S" + i, volume.Get(VolumeFields.Slot));
                var entries = byVolume[volume.Id].ToList();
                Assert.Equal(volume.Version, entries.Max(e => e.Version));
                Assert.Equal(entries.Count, entries.Select(e => e.Version).Distinct().Count());
                Assert.Single(entries, e => e.User == "alpha" && e.Field == VolumeFields.Description);
                Assert.Single(entries, e => e.User == "beta" && e.Field == VolumeFields.Slot);
            }
        }

        Assert.Equal((2 * Volumes) + 1, audit.Count);
        Assert.Equal(audit.Count, audit.Select(e => e.Sequence).Distinct().Count());

        // the audit and the grants hold across the servers: what beta did through B, alpha reads through A
        await using (var historyA = Connect(a, "alpha", "alpha-pw"))
        await using (var otherB = Connect(b, "other", "other-pw"))
        {
            var seen = new List<AuditEntry>();
            await foreach (var entry in historyA.ReadHistoryAsync(new AuditQuery()))
            {
                seen.Add(entry);
            }

            Assert.Equal(audit.Select(e => e.Sequence), seen.Select(e => e.Sequence));
            Assert.Equal(Volumes + 1, seen.Count(e => e.User == "beta"));
            var none = new List<AuditEntry>();
            await foreach (var entry in otherB.ReadHistoryAsync(new AuditQuery()))
            {
                none.Add(entry);
            }

            Assert.Empty(none);
            Assert.False((await otherB.DownloadScopeAsync(new ScopeKey("US01", "LTO"))).Exists);
        }

        using (var http = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }))
        {
            Assert.Equal("{\"status\":\"ok\"}", await http.GetStringAsync(new Uri(a.Address, "health")));
            Assert.Equal("{\"status\":\"ok\"}", await http.GetStringAsync(new Uri(b.Address, "health")));
        }

        Assert.Equal(0, await a.StopAsync());
        Assert.Equal(0, await b.StopAsync());
        Assert.DoesNotContain(cluster.Password, a.Output + b.Output, StringComparison.Ordinal);
    }
}
