using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Npgsql;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.PostgreSql;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Remote;
using TapeTrack.Sync.Sessions;

using TapeTrack.Sync.Testing;

namespace TapeTrack.Sync.LoadBenchmark;

/// <summary>
/// The load benchmark of issue 11 (a measurement, not a timed test): N tools, each syncing its own customer of V
/// volumes with 10% changes, through two <c>tapetrack-sync serve</c> processes on one PostgreSQL database, plus two
/// tools fighting over one more customer (one sets descriptions, the other slots, of the same volumes, each through
/// another server). Reports records per second overall, server requests and bytes, and checks afterwards, from the
/// database and its audit trail, that no update was lost. Exit code 0 only when nothing was lost.
/// </summary>
public static class Program
{
    private const string Media = "LTO";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);

    public static async Task<int> Main(string[] args)
    {
        int tools = Option(args, "--tools", 16);
        int volumes = Option(args, "--volumes", 10_000);
        int changeEvery = Option(args, "--change-every", 10);
        int servers = Option(args, "--servers", 2);
        string? connection = Text(args, "--connection");
        if (Text(args, "--write-estate") is { } estateFile)
        {
            // a store file of one customer per 10,000 volumes (for measuring store import/export --postgres)
            WriteEstate(estateFile, Option(args, "--estate-volumes", 200_000));
            return 0;
        }

        await using var cluster = connection is null ? await ThrowawayCluster.StartAsync() : null;
        connection ??= await cluster!.CreateDatabaseAsync("load");
        var builder = new NpgsqlConnectionStringBuilder(connection);
        string? password = builder.Password;
        builder.Password = null;
        string withoutPassword = builder.ConnectionString;

        string load0 = File.ReadAllText("/proc/loadavg").Trim();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average before: {load0}");
        Console.WriteLine($"workload: {tools} tools x {volumes:N0} volumes, every {changeEvery}th volume changed, plus 2 tools on one contested customer of {volumes:N0}; {servers} serve processes on one PostgreSQL database");

        long setupStart = Stopwatch.GetTimestamp();
        await using (var store = await PostgreSqlTapeStore.OpenAsync(connection))
        {
            await store.ImportAsync(Estate(tools, volumes, changeEvery));
        }

        Console.WriteLine($"setup: estate imported in {Stopwatch.GetElapsedTime(setupStart).TotalSeconds:F1} s");

        string toolDll = Path.Combine(AppContext.BaseDirectory, "tapetrack-sync.dll");
        var serveProcesses = new List<ServeProcess>();
        try
        {
            for (int s = 0; s < servers; s++)
            {
                // the password in PGPASSWORD, not on the server's command line
                var environment = password is null ? null : new Dictionary<string, string> { ["PGPASSWORD"] = password };
                serveProcesses.Add(await ServeProcess.StartAsync(toolDll, environment, "serve", "--postgres", withoutPassword, "--urls", "https://127.0.0.1:0"));
            }

            Console.WriteLine("servers: " + string.Join(", ", serveProcesses.Select(s => s.Address.ToString())));

            var runs = new List<Run>();
            for (int t = 0; t < tools; t++)
            {
                runs.Add(new Run(OwnCustomer(t), User(t), serveProcesses[t % servers], Definition(OwnCustomer(t), SyncField.Description), Report(volumes, v => Pool(v), null)));
            }

            runs.Add(new Run(Contested, "fighter-a", serveProcesses[0], Definition(Contested, SyncField.Description), Report(volumes, v => v % changeEvery == 0 ? "fight_a_" + v : Pool(v), null)));
            runs.Add(new Run(Contested, "fighter-b", serveProcesses[1 % servers], Definition(Contested, SyncField.Slot), Report(volumes, null, v => v % changeEvery == 0 ? "B" + v : Slot(v))));

            long start = Stopwatch.GetTimestamp();
            var results = await Task.WhenAll(runs.Select(r => r.ExecuteAsync()));
            var elapsed = Stopwatch.GetElapsedTime(start);
            string load1 = File.ReadAllText("/proc/loadavg").Trim();

            long records = results.Sum(r => r.RecordsRead);
            long updated = results.Sum(r => r.VolumesUpdated);
            long requests = runs.Sum(r => r.Requests);
            long sent = runs.Sum(r => r.BytesSent);
            long received = runs.Sum(r => r.BytesReceived);
            Console.WriteLine();
            Console.WriteLine($"| measure | value |");
            Console.WriteLine($"|---|---|");
            Console.WriteLine($"| tools at once | {runs.Count} ({tools} own customers + 2 on one) |");
            Console.WriteLine($"| records read | {records:N0} |");
            Console.WriteLine($"| volumes updated | {updated:N0} |");
            Console.WriteLine($"| wall time, all tools | {elapsed.TotalSeconds:F1} s |");
            Console.WriteLine($"| **records per second overall** | **{records / elapsed.TotalSeconds:N0}** |");
            Console.WriteLine($"| updates per second overall | {updated / elapsed.TotalSeconds:N0} |");
            Console.WriteLine($"| server requests | {requests:N0} ({string.Join(", ", serveProcesses.Select((s, i) => $"server {i + 1}: {runs.Where(r => r.Server == s).Sum(r => r.Requests):N0}"))}) |");
            Console.WriteLine($"| bytes sent / received (TCP, below TLS) | {sent:N0} / {received:N0} |");
            Console.WriteLine($"| bytes per record | {(sent + received) / (double)records:F1} |");
            Console.WriteLine($"| slowest tool | {runs.Max(r => r.Elapsed.TotalSeconds):F1} s |");
            Console.WriteLine($"| load average before / after | {load0} / {load1} |");
            Console.WriteLine();

            int lost = await VerifyAsync(connection, tools, volumes, changeEvery);
            Console.WriteLine(lost == 0 ? "check: no update lost (every tool's change is in the store and in the audit trail once)" : $"check: {lost} problems");
            foreach (var serve in serveProcesses)
            {
                int code = await serve.StopAsync();
                if (code != 0)
                {
                    Console.WriteLine($"serve exited {code}:\n{serve.Output}");
                    lost++;
                }
            }

            return lost == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var serve in serveProcesses)
            {
                await serve.DisposeAsync();
            }
        }
    }

    private const string Contested = "FGHT";

    private static string OwnCustomer(int t) => "C" + t.ToString("D3", CultureInfo.InvariantCulture);

    private static string User(int t) => "tool" + t.ToString("D3", CultureInfo.InvariantCulture);

    private static string VolumeId(int v) => v.ToString("D6", CultureInfo.InvariantCulture) + "L6";

    private static string Pool(int v) => (v % 4) switch { 0 => "weekly_full", 1 => "monthly_full", 2 => "daily_incr", _ => "yearly_archive" };

    private static string Slot(int v) => (v % 500).ToString(CultureInfo.InvariantCulture);

    private static StoreDocument Estate(int tools, int volumes, int changeEvery)
    {
        var document = new StoreDocument();
        var customers = Enumerable.Range(0, tools).Select(OwnCustomer).Append(Contested);
        foreach (string id in customers)
        {
            var customer = new StoreCustomer(id, "Client " + id);
            var media = new StoreMedia(Media, "LTO cartridges");
            media.Repositories.Add(new Repository("LIBR", "Library", RepositoryType.Library));
            media.Repositories.Add(new Repository("OFFS", "Vault", RepositoryType.Vault) { Offsite = true, Next = "LIBR" });
            for (int v = 0; v < volumes; v++)
            {
                // every changeEvery-th volume has an older description than the report: the sync changes it
                bool stale = id != Contested && v % changeEvery == 0;
                var fields = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [VolumeFields.Description] = stale ? "old_pool" : Pool(v),
                    [VolumeFields.Slot] = Slot(v),
                };
                media.Volumes.Add(new Volume(VolumeId(v), v % 3 == 0 ? "OFFS" : "LIBR", null, 1, fields));
            }

            customer.Media.Add(media);
            document.Customers.Add(customer);
        }

        for (int t = 0; t < tools; t++)
        {
            document.Users.Add(new StoreUser(User(t), User(t) + "-pw") { Customers = new[] { OwnCustomer(t) } });
        }

        document.Users.Add(new StoreUser("fighter-a", "fighter-a-pw") { Customers = new[] { Contested } });
        document.Users.Add(new StoreUser("fighter-b", "fighter-b-pw") { Customers = new[] { Contested } });
        return document;
    }

    private static SyncDefinition Definition(string customer, SyncField field) => new SyncDefinitionBuilder()
        .SetCsvDelimiter(',')
        .SetLiteral(SyncField.Customer, customer)
        .SetLiteral(SyncField.Media, Media)
        .Extract(SyncField.Volume, 1, 10)
        .Extract(field, field == SyncField.Description ? 2 : 3, 40)
        .Build();

    // volume,description,slot: one line per volume of the customer
    private static byte[] Report(int volumes, Func<int, string>? description, Func<int, string>? slot)
    {
        var text = new StringBuilder(volumes * 32);
        for (int v = 0; v < volumes; v++)
        {
            text.Append(VolumeId(v)).Append(',').Append(description?.Invoke(v) ?? Pool(v)).Append(',').Append(slot?.Invoke(v) ?? Slot(v)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Counts what went missing: a change not in the store, a volume whose version is not its audit trail's last, an audit entry missing or twice.</summary>
    private static async Task<int> VerifyAsync(string connection, int tools, int volumes, int changeEvery)
    {
        int problems = 0;
        void Problem(string what)
        {
            if (problems++ < 20)
            {
                Console.WriteLine("LOST: " + what);
            }
        }

        await using var store = await PostgreSqlTapeStore.OpenAsync(connection);
        var audit = new Dictionary<string, List<AuditEntry>>(StringComparer.Ordinal);
        await foreach (var entry in store.ReadHistoryAsync(new AuditQuery()))
        {
            string key = entry.Volume.ToString();
            if (!audit.TryGetValue(key, out var list))
            {
                audit[key] = list = new List<AuditEntry>();
            }

            list.Add(entry);
        }

        for (int t = 0; t <= tools; t++)
        {
            string customer = t < tools ? OwnCustomer(t) : Contested;
            var scope = await store.DownloadScopeAsync(new ScopeKey(customer, Media));
            foreach (var volume in scope.Volumes)
            {
                int v = int.Parse(volume.Id.AsSpan(0, 6), CultureInfo.InvariantCulture);
                bool changed = v % changeEvery == 0;
                audit.TryGetValue(new VolumeKey(customer, Media, volume.Id).ToString(), out var entries);
                entries ??= new List<AuditEntry>();
                if (t < tools)
                {
                    if (volume.Get(VolumeFields.Description) != Pool(v))
                    {
                        Problem($"{customer}.{volume.Id} description {volume.Get(VolumeFields.Description)}");
                    }

                    if (entries.Count != (changed ? 1 : 0) || (changed && entries[0].User != User(t)))
                    {
                        Problem($"{customer}.{volume.Id} has {entries.Count} audit entries");
                    }
                }
                else
                {
                    string description = changed ? "fight_a_" + v : Pool(v);
                    string slot = changed ? "B" + v : Slot(v);
                    if (volume.Get(VolumeFields.Description) != description || volume.Get(VolumeFields.Slot) != slot)
                    {
                        Problem($"{customer}.{volume.Id} is {volume.Get(VolumeFields.Description)}/{volume.Get(VolumeFields.Slot)}, not {description}/{slot}");
                    }

                    int a = entries.Count(e => e.User == "fighter-a" && e.Field == VolumeFields.Description);
                    int b = entries.Count(e => e.User == "fighter-b" && e.Field == VolumeFields.Slot);
                    if ((a, b) != (changed ? (1, 1) : (0, 0)) || entries.Count != a + b)
                    {
                        Problem($"{customer}.{volume.Id} audit: {a} by fighter-a, {b} by fighter-b, {entries.Count} in all");
                    }
                }

                long expected = entries.Count == 0 ? 1 : entries.Max(e => e.Version);
                if (volume.Version != expected)
                {
                    Problem($"{customer}.{volume.Id} version {volume.Version}, audit's last {expected}");
                }
            }

            if (scope.Volumes.Count != volumes)
            {
                Problem($"{customer} has {scope.Volumes.Count} volumes");
            }
        }

        return problems;
    }

    private static void WriteEstate(string path, int volumes)
    {
        using var file = File.Create(path);
        using var writer = new StoreFileWriter(file);
        for (int c = 0; c * 10_000 < volumes; c++)
        {
            writer.WriteCustomer(new StoreCustomer(OwnCustomer(c), "Client " + c.ToString(CultureInfo.InvariantCulture)));
            var media = new StoreMedia(Media, "LTO cartridges");
            media.Repositories.Add(new Repository("LIBR", "Library", RepositoryType.Library));
            media.Repositories.Add(new Repository("OFFS", "Vault", RepositoryType.Vault) { Offsite = true, Next = "LIBR" });
            writer.WriteMedia(media);
            for (int v = 0; v < 10_000 && (c * 10_000) + v < volumes; v++)
            {
                var fields = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [VolumeFields.Description] = Pool(v),
                    [VolumeFields.Slot] = Slot(v),
                    [VolumeFields.MoveDate] = "2026-12-01",
                };
                writer.WriteVolume(new Volume(VolumeId(v), v % 3 == 0 ? "OFFS" : "LIBR", null, 1 + v, fields));
            }
        }

        writer.WriteUser(new StoreUser("batch", null));
        writer.Complete();
    }

    private static int Option(string[] args, string name, int fallback) =>
        Text(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string? Text(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>One tool: the library's sync pipeline over a remote session, on its report, through one server.</summary>
    private sealed class Run(string customer, string user, ServeProcess server, SyncDefinition definition, byte[] report)
    {
        public ServeProcess Server => server;

        public long Requests { get; private set; }

        public long BytesSent { get; private set; }

        public long BytesReceived { get; private set; }

        public TimeSpan Elapsed { get; private set; }

        public async Task<SyncStatistics> ExecuteAsync()
        {
            await Task.Yield();
            long start = Stopwatch.GetTimestamp();
            await using var session = new RemoteServerSession(new RemoteSessionOptions
            {
                Address = server.Address,
                UserName = user,
                Password = user + "-pw",
                TrustThumbprint = server.Thumbprint,
            });
            var pipeline = new SyncPipeline(definition, session, new SyncOptions { Now = Now, TimeZone = TimeZoneInfo.Utc });
            var result = await pipeline.RunAsync(new DelimitedRecordSource(new MemoryStream(report), ','));
            Elapsed = Stopwatch.GetElapsedTime(start);
            (Requests, BytesSent, BytesReceived) = (session.Requests, session.BytesSent, session.BytesReceived);
            if (result.Errors.Count > 0)
            {
                throw new InvalidOperationException($"{user} on {customer}: {result.Errors[0]}");
            }

            return result.Statistics;
        }
    }
}
