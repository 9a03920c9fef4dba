using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Npgsql;

namespace TapeTrack.Sync.LoadBenchmark;

/// <summary>
/// A PostgreSQL cluster for one benchmark run, as the tests make it: <c>initdb</c> into a folder under /tmp (as user
/// <c>postgres</c> when run as root), <c>pg_ctl start</c> on 127.0.0.1 and a free port, durability off; stopped and
/// deleted afterwards. Give <c>--connection</c> to measure on a real server instead.
/// </summary>
internal sealed class ThrowawayCluster : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _binaries;

    private ThrowawayCluster(string folder, string binaries, int port, string password)
    {
        _folder = folder;
        _binaries = binaries;
        Port = port;
        Password = password;
    }

    public int Port { get; }

    public string Password { get; }

    public static async Task<ThrowawayCluster> StartAsync()
    {
        string binaries = FindBinaries();
        string folder = Path.Combine("/tmp", "tapetrack-load-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        await File.WriteAllTextAsync(Path.Combine(folder, "pwfile"), password + "\n");
        bool root = Environment.UserName == "root";
        if (root)
        {
            await RunAsync("chown", $"-R postgres: {folder}", false);
        }

        await RunAsync(Path.Combine(binaries, "initdb"), $"-D {folder}/data -U postgres --pwfile={folder}/pwfile --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync", root);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        string options = $"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        await RunAsync(Path.Combine(binaries, "pg_ctl"), $"-D {folder}/data -l {folder}/log -o \"{options}\" -w -t 60 start", root);
        return new ThrowawayCluster(folder, binaries, port, password);
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Password = Password, Database = "postgres" };
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        builder.Database = name;
        return builder.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync(Path.Combine(_binaries, "pg_ctl"), $"-D {_folder}/data -m immediate -w stop", Environment.UserName == "root");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static string FindBinaries()
    {
        foreach (var folder in Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : Array.Empty<string>())
        {
            if (File.Exists(Path.Combine(folder, "bin", "initdb")))
            {
                return Path.Combine(folder, "bin");
            }
        }

        throw new InvalidOperationException("PostgreSQL is not installed: run .ci/install-postgres.sh, or give --connection");
    }

    private static async Task RunAsync(string program, string arguments, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("su", new[] { "postgres", "-s", "/bin/sh", "-c", program + " " + arguments })
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed: {await error} {await output}");
        }
    }
}
