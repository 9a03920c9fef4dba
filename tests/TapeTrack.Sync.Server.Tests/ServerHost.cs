using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using TapeTrack.Sync.Cli;
using TapeTrack.Sync.Remote;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Sqlite;

namespace TapeTrack.Sync.Server.Tests;

/// <summary>A real Framework Server on loopback over real TLS (a self-signed certificate), over an embedded store in a temporary folder.</summary>
public sealed class ServerHost : IAsyncDisposable
{
    private ServerHost(TempFolder folder, SqliteTapeStore store, FrameworkServer server, CapturedLog log)
    {
        Folder = folder;
        Store = store;
        Server = server;
        Log = log;
    }

    public TempFolder Folder { get; }

    public SqliteTapeStore Store { get; }

    public FrameworkServer Server { get; }

    /// <summary>Every line the server logged.</summary>
    public CapturedLog Log { get; }

    public Uri Address => Server.Addresses[0];

    public string HostAndPort => Address.Host + ":" + Address.Port;

    public string Thumbprint => Server.CertificateThumbprint;

    /// <summary>The csv-source store, a second customer US02 and the users of <see cref="Users"/>.</summary>
    public static StoreDocument SampleWithTwoCustomers()
    {
        var document = SampleStore.Load();
        var us02 = new StoreCustomer("US02", "Other client");
        var media = new StoreMedia("LTO", "LTO cartridges");
        media.Repositories.Add(new Repository("LIBR", "Library", RepositoryType.Library));
        media.Repositories.Add(new Repository("OFFS", "Vault", RepositoryType.Vault) { Offsite = true });
        media.Volumes.Add(new Volume("900001L6", "LIBR", null, 1, new Dictionary<string, string> { [VolumeFields.Description] = "secret_full" }));
        media.Volumes.Add(new Volume("000001L6", "LIBR", null, 1, new Dictionary<string, string> { [VolumeFields.Description] = "other_full" }));
        us02.Media.Add(media);
        document.Customers.Add(us02);
        document.Users.Clear();
        document.Users.Add(new StoreUser("batch", "batch"));
        document.Users.Add(new StoreUser("acme", "acme-pw") { Customers = new[] { "US01" } });
        return document;
    }

    public static async Task<ServerHost> StartAsync(StoreDocument? document = null, Action<FrameworkServerOptions>? configure = null)
    {
        var folder = new TempFolder();
        var store = await SqliteTapeStore.OpenAsync(folder["server.db"]);
        await store.ImportAsync(document ?? SampleWithTwoCustomers());
        var log = new CapturedLog();
        var options = new FrameworkServerOptions
        {
            FailedLogonDelay = TimeSpan.Zero,
            MaxFailedLogonDelay = TimeSpan.Zero,
            LoggerFactory = LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Trace)),
        };
        options.Urls.Add("https://127.0.0.1:0");
        configure?.Invoke(options);
        var server = new FrameworkServer(store, options);
        await server.StartAsync();
        return new ServerHost(folder, store, server, log);
    }

    public RemoteServerSession Connect(string user = "batch", string password = "batch", Action<RemoteSessionOptions>? configure = null)
    {
        var options = new RemoteSessionOptions
        {
            Address = Address,
            UserName = user,
            Password = password,
            TrustThumbprint = Thumbprint,
            Retry = new RetryOptions { MaxAttempts = 5, InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(400) },
        };
        configure?.Invoke(options);
        return new RemoteServerSession(options);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Folder.Dispose();
    }
}

/// <summary>Captures every log line, to check that no password or token is ever logged.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly List<string> _lines = new();

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToArray();
            }
        }
    }

    public string Text => string.Join("\n", Lines);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger : ILogger
    {
        private readonly CapturedLog _owner;
        private readonly string _category;

        public Logger(CapturedLog owner, string category)
        {
            _owner = owner;
            _category = category;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_owner._lines)
            {
                _owner._lines.Add($"{logLevel} {_category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}

public sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;

    public long Statistic(string label)
    {
        foreach (string line in Stdout.Split('\n'))
        {
            if (line.StartsWith(label, StringComparison.Ordinal))
            {
                return long.Parse(line.Substring(label.Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidDataException($"no '{label}' in:\n{Stdout}\n{Stderr}");
    }
}

/// <summary>Runs tapetrack-sync in process in a working folder, with the csv report (or another file) on standard input.</summary>
public static class Tool
{
    public static string CsvDefinition => TestPaths.Fixture("csv-source", "csv_source.ttidef");

    public static string CsvReport => TestPaths.Fixture("csv-source", "CSV_source.csv");

    public static async Task<ToolResult> RunAsync(string folder, string? inputFile, IReadOnlyDictionary<string, string>? variables, CancellationToken cancellationToken, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Stream? input = inputFile is null ? null : File.OpenRead(inputFile);
        try
        {
            var env = new CliEnvironment(folder)
            {
                GetEnvironmentVariable = name => variables is not null && variables.TryGetValue(name, out var value) ? value : null,
                StandardInput = input,
                RemoteRetry = new RetryOptions { MaxAttempts = 6, InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) },
            };
            int code = await CliApp.RunAsync(args, new StringReader(string.Empty), stdout, stderr, env, cancellationToken);
            return new ToolResult(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            input?.Dispose();
        }
    }

    public static Task<ToolResult> RunAsync(string folder, string? inputFile, params string[] args) => RunAsync(folder, inputFile, null, CancellationToken.None, args);
}
