using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Xunit;

namespace TapeTrack.Sync.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests: <c>initdb</c> into a temporary folder, <c>pg_ctl start</c> on
/// 127.0.0.1 and a free port (as user <c>postgres</c> when the tests run as root, since initdb refuses root),
/// stopped and deleted afterwards. A machine without PostgreSQL fails these tests, never skips them: install it
/// with <c>.ci/install-postgres.sh</c> (<c>apt-get install -y postgresql</c>).
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string SuperUser = "postgres";
    private string? _folder;
    private string? _binaries;
    private int _databases;

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>The superuser's password, random per cluster.</summary>
    public string Password { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>The folder of the PostgreSQL programs (initdb, pg_ctl, pg_dump).</summary>
    public string Binaries => _binaries ?? throw new InvalidOperationException("The cluster is not started.");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Username = SuperUser,
        Password = Password,
        Database = database,
    }.ConnectionString;

    /// <summary>Creates an empty database of its own for one test and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        string name = $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..30];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task InitializeAsync()
    {
        _binaries = FindBinaries();
        // postgres must reach the folder: under root, /tmp rather than a TMPDIR that may sit in /root
        _folder = Path.Combine(IsRoot ? "/tmp" : Path.GetTempPath(), "tapetrack-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        string data = Path.Combine(_folder, "data");
        string passwordFile = Path.Combine(_folder, "pwfile");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        if (IsRoot)
        {
            // initdb refuses root: the cluster belongs to postgres, which must reach the folder
            await RunAsync("chown", $"-R postgres: {_folder}", asPostgres: false);
        }

        await RunAsync(Path.Combine(_binaries, "initdb"),
            $"-D {data} -U {SuperUser} --pwfile={passwordFile} --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync", asPostgres: true);
        for (int attempt = 0; ; attempt++)
        {
            Port = FreePort();
            // a throwaway cluster: durability off for speed
            string options = $"-c listen_addresses={Host} -p {Port} -k {_folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            try
            {
                await RunAsync(Path.Combine(_binaries, "pg_ctl"), $"-D {data} -l {Path.Combine(_folder, "log")} -o \"{options}\" -w -t 30 start", asPostgres: true);
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // the port was taken between FreePort and start: try another
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_folder is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync(Path.Combine(Binaries, "pg_ctl"), $"-D {Path.Combine(_folder, "data")} -m immediate -w stop", asPostgres: true);
        }
        finally
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // the OS temp cleaner takes it
            }
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string FindBinaries()
    {
        string? configured = Environment.GetEnvironmentVariable("TAPETRACK_PG_BIN");
        if (!string.IsNullOrEmpty(configured) && File.Exists(Path.Combine(configured, "initdb")))
        {
            return configured;
        }

        const string root = "/usr/lib/postgresql";
        if (Directory.Exists(root))
        {
            string? best = null;
            int bestVersion = 0;
            foreach (var folder in Directory.GetDirectories(root))
            {
                if (int.TryParse(Path.GetFileName(folder), out int version) && version > bestVersion
                    && File.Exists(Path.Combine(folder, "bin", "initdb")))
                {
                    best = Path.Combine(folder, "bin");
                    bestVersion = version;
                }
            }

            if (best is not null)
            {
                return best;
            }
        }

        throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb, no TAPETRACK_PG_BIN): run .ci/install-postgres.sh (apt-get install -y postgresql). The PostgreSQL tests fail rather than skip without it.");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task RunAsync(string program, string arguments, bool asPostgres)
    {
        var start = asPostgres && IsRoot
            ? new ProcessStartInfo("su", new[] { "postgres", "-s", "/bin/sh", "-c", program + " " + arguments })
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start " + program);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {await error} {await output}");
        }
    }
}
