using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;
using Xunit.Abstractions;

namespace TapeTrack.Sync.Server.Tests;

/// <summary>
/// The wire budget, counted on the TCP connection below TLS: at most 50 bytes per volume downloaded and
/// 140 bytes per volume updated, on a generated 10,000-volume scope shaped like a real library's.
/// </summary>
public class WireSizeTests
{
    private const int Volumes = 10_000;
    private readonly ITestOutputHelper _output;

    public WireSizeTests(ITestOutputHelper output) => _output = output;

    internal static StoreDocument GeneratedScope(int count)
    {
        var random = new Random(20261125);
        var document = new StoreDocument();
        var customer = new StoreCustomer("US01", "Acme");
        var media = new StoreMedia("LTO", "LTO cartridges");
        foreach (var id in new[] { "LIBR", "OFFS", "RACK", "SCRT" })
        {
            media.Repositories.Add(new Repository(id, id + " repository", id == "OFFS" ? RepositoryType.Vault : RepositoryType.Library));
        }

        string[] descriptions = { "weekly_full", "daily_incr", "monthly_full", "yearly_full", "db_logs" };
        string[] repositories = { "LIBR", "LIBR", "LIBR", "OFFS", "OFFS", "RACK", "SCRT" };
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        for (int i = 0; i < count; i++)
        {
            string current = repositories[random.Next(repositories.Length)];
            var fields = new Dictionary<string, string>
            {
                [VolumeFields.Description] = descriptions[random.Next(descriptions.Length)],
                [VolumeFields.MoveDate] = start.AddDays(random.Next(400)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                [VolumeFields.WriteTime] = start.AddSeconds(random.Next(30_000_000)).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
                [VolumeFields.Scratch] = random.Next(5) == 0 ? "true" : "false",
                [VolumeFields.Encrypted] = "true",
                [VolumeFields.Slot] = random.Next(1, 800).ToString(CultureInfo.InvariantCulture),
                [VolumeFields.System] = "NBU0" + random.Next(1, 4).ToString(CultureInfo.InvariantCulture),
            };
            string? target = random.Next(10) == 0 ? "OFFS" : null;
            media.Volumes.Add(new Volume(i.ToString("D6", CultureInfo.InvariantCulture) + "L8", current, target, 1, fields));
        }

        customer.Media.Add(media);
        document.Customers.Add(customer);
        document.Users.Add(new StoreUser("batch", "batch"));
        return document;
    }

    [Fact]
    public async Task A_10000_volume_scope_comes_down_in_at_most_50_bytes_a_volume_and_updates_cost_at_most_140_bytes_a_volume()
    {
        await using var host = await ServerHost.StartAsync(GeneratedScope(Volumes));
        await using var session = host.Connect();
        await session.LogonAsync();
        long before = session.BytesSent + session.BytesReceived;

        var scope = await session.DownloadScopeAsync(new ScopeKey("US01", "LTO"));

        long download = session.BytesSent + session.BytesReceived - before;
        Assert.Equal(Volumes, scope.Volumes.Count);
        double perVolume = download / (double)Volumes;
        _output.WriteLine($"download: {download} bytes on the wire, {perVolume:0.0} bytes a volume");
        Assert.True(perVolume <= 50, $"{perVolume:0.0} bytes a volume downloaded");

        // 1,000 volumes updated in batches of 100, as the engine sends them: a move and a new move date each
        before = session.BytesSent + session.BytesReceived;
        long requests = session.Requests;
        int updated = 0;
        for (int batch = 0; batch < 10; batch++)
        {
            var updates = new List<VolumeUpdate>();
            for (int i = 0; i < 100; i++)
            {
                var volume = scope.Volumes[(batch * 100) + i];
                updates.Add(new VolumeUpdate(new VolumeKey("US01", "LTO", volume.Id), volume.Version, new[]
                {
                    new FieldChange(VolumeFields.Repository, volume.Current == "OFFS" ? "LIBR" : "OFFS"),
                    new FieldChange(VolumeFields.MoveDate, "2026-12-0" + (1 + (i % 9)).ToString(CultureInfo.InvariantCulture)),
                }));
            }

            var results = await session.ApplyAsync(updates);
            Assert.All(results, r => Assert.Equal(UpdateStatus.Applied, r.Status));
            updated += results.Count;
        }

        long apply = session.BytesSent + session.BytesReceived - before;
        double perUpdate = apply / (double)updated;
        _output.WriteLine($"updates: {apply} bytes on the wire, {perUpdate:0.0} bytes a volume updated");
        Assert.True(perUpdate <= 140, $"{perUpdate:0.0} bytes a volume updated");
        Assert.Equal(10, session.Requests - requests);
    }
}
