using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace TapeTrack.Sync.Cli.Tests;

/// <summary>A working folder with the csv-source fixture's store imported into <c>store.db</c>, and a runner reading the csv report on standard input.</summary>
public sealed class CsvSite : IDisposable
{
    private CsvSite()
    {
        Folder = new TempFolder();
        Runner = new CliRunner(Folder.Path)
        {
            TimeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero)),
            StandardInputFile = Report,
        };
    }

    public static string Definition => TestPaths.Fixture("csv-source", "csv_source.ttidef");

    public static string Report => TestPaths.Fixture("csv-source", "CSV_source.csv");

    public static string StoreFile => TestPaths.Fixture("csv-source", "store.json");

    public TempFolder Folder { get; }

    public CliRunner Runner { get; }

    public string Store => Folder["store.db"];

    public static async Task<CsvSite> CreateAsync()
    {
        var site = new CsvSite();
        var import = await site.Runner.RunAsync("store", "import", StoreFile, "--store", "store.db");
        Assert.Equal(0, import.ExitCode);
        return site;
    }

    public Task<CliResult> SyncAsync(params string[] extra)
    {
        var args = new string[extra.Length + 4];
        args[0] = "-S";
        args[1] = "store:store.db";
        args[2] = "-d";
        args[3] = Definition;
        extra.CopyTo(args, 4);
        return Runner.RunAsync(args);
    }

    public async Task<string> ExportAsync()
    {
        var export = await Runner.RunAsync("store", "export", "--store", "store.db");
        Assert.Equal(0, export.ExitCode);
        return export.Stdout;
    }

    /// <summary>The number after a statistics label such as <c>Records read:</c>.</summary>
    public static long Statistic(string statistics, string label)
    {
        foreach (string line in statistics.Split('\n'))
        {
            if (line.StartsWith(label, StringComparison.Ordinal))
            {
                return long.Parse(line.Substring(label.Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidDataException($"no '{label}' in:\n{statistics}");
    }

    public void Dispose() => Folder.Dispose();
}
