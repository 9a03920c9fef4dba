using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using TapeTrack.Sync.LoadBenchmark;
using TapeTrack.Sync.PostgreSql;
using TapeTrack.Sync.Remote;
using TapeTrack.Sync.Server;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Sqlite;

namespace TapeTrack.Sync.Benchmarks;

/// <summary>
/// The scope download and the batched apply (batches of 100, as the sync sends them) through the other servers, as
/// <see cref="StoreBenchmarks"/> measures the embedded store: <c>postgres</c>, a PostgreSQL store in a throwaway
/// cluster on loopback (the tests' way: initdb, durability off; PostgreSQL must be installed, as
/// <c>.ci/install-postgres.sh</c> does); <c>remote</c>, a remote session over TLS on loopback to a Framework Server in
/// this process over an embedded store. The apply is reported per volume (<c>OperationsPerInvoke</c>).
/// </summary>
[MemoryDiagnoser]
public class ServerBenchmarks
{
    private const string User = "bench";

    private readonly List<IAsyncDisposable> _owned = new();
    private IServerSession _session = null!;
    private ScopeKey _scope;
    private DescriptionUpdates _updates = null!;

    [Params("postgres", "remote")]
    public string Server { get; set; } = "postgres";

    [Params(100_000)]
    public int Volumes { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var document = Workload.Sorted(1, Volumes).Store();
        string password = Guid.NewGuid().ToString("N");
        document.Users.Add(new StoreUser(User, password));
        ITapeStore store;
        if (Server == "postgres")
        {
            var cluster = await ThrowawayCluster.StartAsync().ConfigureAwait(false);
            _owned.Add(cluster);
            store = await PostgreSqlTapeStore.OpenAsync(await cluster.CreateDatabaseAsync("bench").ConfigureAwait(false)).ConfigureAwait(false);
            _owned.Insert(0, store);
            await store.ImportAsync(document).ConfigureAwait(false);
            _session = new StoreServerSession(store, User, password);
        }
        else
        {
            string folder = Path.Combine(Path.GetTempPath(), "tapetrack-sync-benchmarks", "remote-" + Environment.ProcessId);
            Directory.CreateDirectory(folder);
            store = await SqliteTapeStore.OpenAsync(Path.Combine(folder, "server.db")).ConfigureAwait(false);
            _owned.Add(new Folder(folder));
            _owned.Insert(0, store);
            await store.ImportAsync(document).ConfigureAwait(false);
            var options = new FrameworkServerOptions();
            options.Urls.Add("https://127.0.0.1:0");
            var server = new FrameworkServer(store, options);
            await server.StartAsync().ConfigureAwait(false);
            _owned.Insert(0, server);
            var remote = new RemoteServerSession(new RemoteSessionOptions
            {
                Address = server.Addresses[0],
                UserName = User,
                Password = password,
                TrustThumbprint = server.CertificateThumbprint,
            });
            _owned.Insert(0, remote);
            _session = remote;
        }

        await _session.LogonAsync().ConfigureAwait(false);
        _scope = new ScopeKey(Workload.CustomerId(0), Workload.Media);
        _updates = new DescriptionUpdates(await _session.DownloadScopeAsync(_scope).ConfigureAwait(false));
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }

        _owned.Clear();
    }

    [Benchmark(Description = "server: scope download (all volumes)")]
    public async Task<int> Download()
    {
        var data = await _session.DownloadScopeAsync(_scope).ConfigureAwait(false);
        return data.Volumes.Count;
    }

    [Benchmark(OperationsPerInvoke = DescriptionUpdates.Count, Description = "server: batched apply, per volume")]
    public Task<int> Apply() => _updates.ApplyAsync(batch => _session.ApplyAsync(batch));

    // the remote server's store folder, deleted with the benchmark
    private sealed class Folder : IAsyncDisposable
    {
        private readonly string _path;

        public Folder(string path) => _path = path;

        public ValueTask DisposeAsync()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_path, recursive: true);
            return default;
        }
    }
}
