using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Cli;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Server.Tests.Faults;

/// <summary>Which store the server of a fault test holds its model in.</summary>
public enum StoreKind
{
    /// <summary>The embedded store file (<c>serve --store</c>).</summary>
    Embedded,

    /// <summary>A database of a throwaway PostgreSQL cluster (<c>serve --postgres</c>).</summary>
    PostgreSql,
}

/// <summary>
/// A generated site for the fault tests: one customer (US01) and media (LTO) holding <c>volumes</c> volumes at version 1,
/// a definition reading <c>VOLUME,REPOSITORY,DESCRIPTION,SLOT</c> lines, and reports written from code. Users: <c>batch</c>
/// (every customer) and <c>night</c> (US01 only).
/// </summary>
public sealed class FaultSite : IDisposable
{
    public const string Definition = """
        # the fault tests' report: VOLUME,REPOSITORY,DESCRIPTION,SLOT; an empty value changes nothing
        setCSVDelimiter(",");
        SetLiteral(CUSTOMER, "US01");
        SetLiteral(MEDIA, "LTO");
        Extract(VOLUME, 1, 10, 0);
        Extract(REPOSITORY, 2, 10, 0);
        Extract(DESCRIPTION, 3, 40, 0);
        Extract(SLOT, 4, 10, 0);
        """;

    public FaultSite(int volumes)
    {
        Volumes = volumes;
        Folder.Write("site.ttidef", Definition);
        var json = new StringBuilder();
        json.Append("{ \"customers\": [ { \"id\": \"US01\", \"description\": \"Acme\", \"media\": [ { \"id\": \"LTO\", \"description\": \"LTO cartridges\",\n");
        json.Append("  \"repositories\": [ { \"id\": \"LIBR\", \"description\": \"Library\", \"type\": \"Library\" },\n");
        json.Append("    { \"id\": \"OFFS\", \"description\": \"Vault\", \"type\": \"Vault\", \"offsite\": true, \"next\": \"LIBR\" },\n");
        json.Append("    { \"id\": \"RACK\", \"description\": \"Racking\", \"type\": \"Rack\" } ],\n");
        json.Append("  \"volumes\": [\n");
        for (int i = 0; i < volumes; i++)
        {
            json.Append(i == 0 ? "    " : ",\n    ")
                .Append(CultureInfo.InvariantCulture, $"{{ \"id\": \"{VolumeId(i)}\", \"current\": \"LIBR\", \"description\": \"old\", \"slot\": \"{i % 1000}\", \"version\": 1 }}");
        }

        json.Append(" ] } ] } ],\n  \"users\": [ { \"name\": \"batch\", \"password\": \"batch\" }, { \"name\": \"night\", \"password\": \"night-pw\", \"customers\": [ \"US01\" ] } ] }\n");
        Folder.Write("site.json", json.ToString());
    }

    public TempFolder Folder { get; } = new();

    public int Volumes { get; }

    public string DefinitionPath => Folder["site.ttidef"];

    public string StoreFile => Folder["site.json"];

    public static string VolumeId(int i) => "V" + i.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>Writes a report, one line per volume index that <paramref name="line"/> gives a line for (null: no line).</summary>
    public string WriteReport(string name, Func<int, string?> line)
    {
        var text = new StringBuilder();
        for (int i = 0; i < Volumes; i++)
        {
            if (line(i) is { } l)
            {
                text.Append(l).Append('\n');
            }
        }

        return Folder.Write(name, text.ToString());
    }

    /// <summary>Imports the site's store into a new embedded store file or PostgreSQL database.</summary>
    public async Task<BackingStore> CreateStoreAsync(StoreKind kind, PostgresCluster cluster, string name)
    {
        string[] target = kind == StoreKind.Embedded
            ? new[] { "--store", Folder[name + ".db"] }
            : new[] { "--postgres", await cluster.CreateDatabaseAsync() };
        var import = await Tool.RunAsync(Folder.Path, null, new[] { "store", "import", StoreFile }.Concat(target).ToArray());
        Assert.True(import.ExitCode == 0, import.All);
        return new BackingStore(kind, target, Folder.Path);
    }

    /// <summary>The built tool, as its user runs it.</summary>
    public static string ToolDll => Path.Combine(AppContext.BaseDirectory, "tapetrack-sync.dll");

    /// <summary>Starts <c>tapetrack-sync serve</c> over the store, as a process of its own, on loopback over TLS on a free port.</summary>
    public static Task<ServeProcess> ServeAsync(BackingStore store) =>
        ServeProcess.StartAsync(ToolDll, new[] { "serve" }.Concat(store.Arguments).Concat(new[] { "--urls", "https://127.0.0.1:0" }).ToArray());

    /// <summary>Runs the tool in process on a report (its retries short, as the tests' <see cref="Tool"/> sets them).</summary>
    public Task<ToolResult> SyncAsync(string logon, string report, string? thumbprint, params string[] extra)
    {
        var args = new List<string> { "-S", logon, "-d", DefinitionPath, "--no-progress" };
        if (thumbprint is not null)
        {
            args.Add("--trust-thumbprint");
            args.Add(thumbprint);
        }

        args.AddRange(extra);
        return Tool.RunAsync(Folder.Path, report, args.ToArray());
    }

    public void Dispose() => Folder.Dispose();
}

/// <summary>A store behind a server: what <c>serve</c> is given, and its export and audit trail as the tool reads them.</summary>
public sealed class BackingStore
{
    private readonly string _folder;

    public BackingStore(StoreKind kind, string[] arguments, string folder)
    {
        Kind = kind;
        Arguments = arguments;
        _folder = folder;
    }

    public StoreKind Kind { get; }

    /// <summary><c>--store PATH</c> or <c>--postgres CONNECTION</c>.</summary>
    public string[] Arguments { get; }

    /// <summary><c>tapetrack-sync store export</c> of the store.</summary>
    public async Task<string> ExportAsync()
    {
        var export = await Tool.RunAsync(_folder, null, new[] { "store", "export" }.Concat(Arguments).ToArray());
        Assert.True(export.ExitCode == 0, export.All);
        return export.Stdout;
    }

    /// <summary>The whole audit trail, oldest first.</summary>
    public async Task<List<AuditEntry>> HistoryAsync()
    {
        await using ITapeStore store = Kind == StoreKind.Embedded
            ? await ServerSessions.OpenStoreAsync(Arguments[1], mustExist: true, CancellationToken.None)
            : await StoreCommands.OpenPostgresAsync(Arguments[1], CancellationToken.None);
        var entries = new List<AuditEntry>();
        await foreach (var entry in store.ReadHistoryAsync(new AuditQuery()))
        {
            entries.Add(entry);
        }

        entries.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return entries;
    }
}
