using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Benchmarks;

/// <summary>
/// The report of issue 14: rows with the columns of shared/data/csv-source (volume, barcode, family, type,
/// location, pool, move date), sorted by scope, customer ids in the family column; the definition has a
/// literal (MEDIA), five extracts, three translations, an exclusion of the heading (and an exclusion on value of
/// cleaning cartridges) and a move-date format. Files are generated once under the temporary folder.
/// </summary>
public sealed class Workload
{
    public const string Media = "LTO";
    public const string Heading = "volume,barcode,family,type,location,pool,movedate";
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] Locations = { "Library", "Offsite", "Racking" };
    private static readonly string[] RepositoryIds = { "LIBR", "OFFS", "RACK" };
    private static readonly string[] Pools = { "weekly_full", "monthly_full", "daily_incr", "yearly_archive" };

    private Workload(string path, int customers, int volumesPerCustomer, bool shuffled)
    {
        Path = path;
        Customers = customers;
        VolumesPerCustomer = volumesPerCustomer;
        Shuffled = shuffled;
    }

    /// <summary>The report file.</summary>
    public string Path { get; }

    public int Customers { get; }

    public int VolumesPerCustomer { get; }

    public bool Shuffled { get; }

    /// <summary>Body records (volume rows): customers × volumes per customer.</summary>
    public int Records => Customers * VolumesPerCustomer;

    /// <summary>The issue's report: 10 customers × 100,000 volumes, sorted by scope.</summary>
    public static Workload Sorted(int customers = 10, int volumesPerCustomer = 100_000) => Create(customers, volumesPerCustomer, shuffled: false);

    /// <summary>A report shuffled across its scopes (so almost every record changes scope).</summary>
    public static Workload ShuffledAcrossScopes(int customers = 10, int volumesPerCustomer = 1_000) => Create(customers, volumesPerCustomer, shuffled: true);

    /// <summary>The report's definition in TapeTrack's own language, as a site would write it for this report: what
    /// <see cref="Definition"/> loads, and what <c>--write-workload</c> writes for the tool.</summary>
    public const string DefinitionText = """
        # the benchmark's report: volume,barcode,family,type,location,pool,movedate (the customer in the family column)
        setCSVDelimiter(",");
        AddString(EXCLUSION, 0, "volume*");
        AddExclusionOnValue(VOLUME, "CLN*");
        SetLiteral(MEDIA, "LTO");
        Extract(VOLUME, 1, 10, 0);
        Extract(CUSTOMER, 3, 4, 0);
        Extract(REPOSITORY, 5, 20, 0);
        Extract(DESCRIPTION, 6, 40, 0);
        Extract(MOVEDATE, 7, 10, 0);
        SetMoveDateFormat("%%Y-%%m-%%d");
        AddTranslation(REPOSITORY, "Library", "LIBR");
        AddTranslation(REPOSITORY, "Offsite", "OFFS");
        AddTranslation(REPOSITORY, "Racking", "RACK");

        """;

    /// <summary>
    /// Writes the sorted report of 1,000,000 records (<c>report.csv</c>), its server model as a store file
    /// (<c>store.json</c>, for <c>tapetrack-sync store import</c>) and its definition (<c>report.ttidef</c>, the
    /// <see cref="DefinitionText"/> every benchmark loads) into <paramref name="folder"/>.
    /// </summary>
    public static async System.Threading.Tasks.Task WriteForTheToolAsync(string folder)
    {
        var workload = Sorted();
        System.IO.Directory.CreateDirectory(folder);
        System.IO.File.Copy(workload.Path, System.IO.Path.Combine(folder, "report.csv"), overwrite: true);
        await System.IO.File.WriteAllTextAsync(System.IO.Path.Combine(folder, "report.ttidef"), DefinitionText).ConfigureAwait(false);
        await using (var store = System.IO.File.Create(System.IO.Path.Combine(folder, "store.json")))
        {
            workload.Store().WriteTo(store);
        }

        Console.WriteLine($"wrote report.csv ({workload.Records:N0} records), store.json and report.ttidef into {System.IO.Path.GetFullPath(folder)}");
    }

    /// <summary>The report's definition, loaded from <see cref="DefinitionText"/>; <paramref name="byPattern"/>: its
    /// three translations written as patterns (Lib* → LIBR, Off* → OFFS, Rack* → RACK), which give the same values.</summary>
    public static SyncDefinition Definition(bool byPattern = false) =>
        new TtidefLoader().Parse(byPattern ? ByPattern() : DefinitionText, byPattern ? "report-by-pattern.ttidef" : "report.ttidef");

    // the three translations' names replaced by patterns; each name must be there, or the comparison would silently
    // measure the literal definition twice
    private static string ByPattern()
    {
        string text = DefinitionText;
        foreach (var (name, pattern) in new[] { ("\"Library\"", "\"Lib*\""), ("\"Offsite\"", "\"Off*\""), ("\"Racking\"", "\"Rack*\"") })
        {
            if (!text.Contains(name, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The benchmark's definition has no translation of {name} to write as the pattern {pattern}.");
            }

            text = text.Replace(name, pattern, StringComparison.Ordinal);
        }

        return text;
    }

    public static SyncOptions Options(int cacheCapacity = 64) => new()
    {
        Now = Now,
        TimeZone = TimeZoneInfo.Utc,
        ScopeCacheCapacity = cacheCapacity,
    };

    public static string CustomerId(int c) => "C" + c.ToString("D3", CultureInfo.InvariantCulture);

    public static string VolumeId(int c, int v) => (c % 10).ToString(CultureInfo.InvariantCulture) + v.ToString("D5", CultureInfo.InvariantCulture) + "L6";

    public static Repository[] Repositories() => new[]
    {
        new Repository("LIBR", "Library", RepositoryType.Library),
        new Repository("OFFS", "Offsite Vault", RepositoryType.Vault),
        new Repository("RACK", "Racking", RepositoryType.Rack),
    };

    public static string Location(int v) => Locations[(v / 7) % 3];

    public static string RepositoryId(int v) => RepositoryIds[(v / 7) % 3];

    public static string Pool(int v) => Pools[(v / 3) % 4];

    public static string MoveDate(int v) => new DateTime(2026, 1, 1).AddDays(v % 365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The server's model for the report; every <paramref name="changeEvery"/>-th volume (0: none) has
    /// another description than the report, so the sync changes it.</summary>
    public StoreDocument Store(int changeEvery = 0)
    {
        var document = new StoreDocument();
        var repositories = Repositories();
        var fieldsCache = new Dictionary<(int, int), Dictionary<string, string>>();
        for (int c = 0; c < Customers; c++)
        {
            var customer = new StoreCustomer(CustomerId(c), "Customer " + c.ToString(CultureInfo.InvariantCulture));
            var media = new StoreMedia(Media, "LTO cartridges");
            media.Repositories.AddRange(repositories);
            for (int v = 0; v < VolumesPerCustomer; v++)
            {
                bool changed = changeEvery > 0 && v % changeEvery == 0;
                var fields = new Dictionary<string, string>
                {
                    [VolumeFields.Description] = changed ? "old_pool" : Pool(v),
                    [VolumeFields.MoveDate] = MoveDate(v),
                };
                media.Volumes.Add(new Volume(VolumeId(c, v), RepositoryId(v), null, 1 + ((long)c * VolumesPerCustomer) + v, fields));
            }

            customer.Media.Add(media);
            document.Customers.Add(customer);
        }

        return document;
    }

    private static Workload Create(int customers, int volumesPerCustomer, bool shuffled)
    {
        string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tapetrack-sync-benchmarks");
        Directory.CreateDirectory(folder);
        string name = string.Create(CultureInfo.InvariantCulture, $"report-{customers}x{volumesPerCustomer}{(shuffled ? "-shuffled" : string.Empty)}-v1.csv");
        var workload = new Workload(System.IO.Path.Combine(folder, name), customers, volumesPerCustomer, shuffled);
        if (!File.Exists(workload.Path))
        {
            workload.Write();
        }

        return workload;
    }

    private void Write()
    {
        var rows = new List<(int C, int V)>(Records);
        for (int c = 0; c < Customers; c++)
        {
            for (int v = 0; v < VolumesPerCustomer; v++)
            {
                rows.Add((c, v));
            }
        }

        if (Shuffled)
        {
            var random = new Random(14);
            for (int i = rows.Count - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (rows[i], rows[j]) = (rows[j], rows[i]);
            }
        }

        string temporary = Path + ".tmp";
        using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false), 1 << 16))
        {
            writer.NewLine = "\n";
            writer.WriteLine(Heading);
            for (int i = 0; i < rows.Count; i++)
            {
                var (c, v) = rows[i];
                string id = VolumeId(c, v);
                writer.Write(id);
                writer.Write(',');
                writer.Write(id);
                writer.Write(',');
                writer.Write(CustomerId(c));
                writer.Write(",LTO,");
                writer.Write(Location(v));
                writer.Write(',');
                writer.Write(Pool(v));
                writer.Write(',');
                writer.WriteLine(MoveDate(v));

                // a cleaning cartridge now and then, excluded by value (not a volume row)
                if (!Shuffled && v == VolumesPerCustomer / 2)
                {
                    writer.Write("CLN001L1,CLN001L1,");
                    writer.Write(CustomerId(c));
                    writer.WriteLine(",LTO,Library,cleaning,2026-01-01");
                }
            }
        }

        File.Move(temporary, Path, overwrite: true);
    }
}
