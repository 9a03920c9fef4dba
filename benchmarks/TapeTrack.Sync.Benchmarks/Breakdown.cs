using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Benchmarks;

/// <summary>
/// <c>--breakdown</c>: where a sync's time goes on the issue's report, by adding one step at a time over the same file
/// (processor time, best of three): read; read and import in place; and look up; and check unchanged; the pipeline.
/// </summary>
public static class Breakdown
{
    /// <summary>The import alone, without reading or a server (<c>--breakdown "import alone" rounds</c>): the report's first
    /// 64 records cloned and imported over and over, the best of the rounds.</summary>
    public static async Task ImportAloneAsync(int rounds)
    {
        var importer = new RecordImporter(Workload.Definition());
        var (best, n) = BestOf(rounds, await KeptAsync(headingToo: true).ConfigureAwait(false), record => importer.ImportInPlace(record) == ImportStatus.Body);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import alone (64 records kept), best of {rounds}: {best:F1} ns/record ({n})"));
    }

    /// <summary>An unchanged record's decision alone, without reading (<c>--breakdown "lane alone" rounds</c>): the report's
    /// first 64 body records kept and decided over and over against their scope, the best of the rounds: by the lane
    /// composed for the definition, the interpreted lane, the usual way (import in place, look up, unchanged check), and
    /// a reference written by hand for this one definition (the same checks and comparisons, straight-line code), which
    /// shows what the composed lane's generality still costs.</summary>
    public static async Task LaneAloneAsync(int rounds, bool byPattern = false)
    {
        var definition = Workload.Definition(byPattern);
        var kept = await KeptAsync(headingToo: false).ConfigureAwait(false);
        var session = new InMemoryServerSession(Workload.Sorted(1, 1_000).Store());
        var key = new ScopeKey(Workload.CustomerId(0), Workload.Media);
        var scope = new ScopeOverlay(new CachedScope(await session.DownloadScopeAsync(key).ConfigureAwait(false)));
        var check = new UnchangedCheck(definition, Workload.Options());
        var laneImporter = new RecordImporter(definition);
        var lane = UnchangedLane.Create(laneImporter, check) ?? throw new InvalidOperationException("the report's definition has no lane");
        var interpretedImporter = new RecordImporter(definition);
        var interpreted = UnchangedLane.Create(interpretedImporter, check, composed: false)!;
        var usual = new RecordImporter(definition);
        var ways = new (string Name, Func<SourceRecord, bool> Unchanged)[]
        {
            ("lane alone", record => lane.IsUnchanged(record, laneImporter, scope, key, out _)),
            ("interpreted lane alone", record => interpreted.IsUnchanged(record, interpretedImporter, scope, key, out _)),
            ("usual way alone", record => usual.ImportInPlace(record) == ImportStatus.Body
                && scope.TryGetVolume(usual.ValueOf(SyncField.Volume), out var volume)
                && check.IsUnchanged(usual, scope.Scope, volume!)),
            ("hand-written reference", record => HandWritten(record, scope, key)),
        };
        foreach (var (name, unchanged) in ways)
        {
            var (best, n) = BestOf(rounds, kept, unchanged);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} (64 records kept), best of {rounds}: {best:F1} ns/record ({n} unchanged)"));
        }
    }

    // The reference: the report's definition decided by code written for it alone (HandWrittenFloor's, which makes the
    // checks the lane makes), the customer compared with the scope's first. Not the product: it knows the definition.
    private static bool HandWritten(SourceRecord record, ScopeOverlay scope, in ScopeKey key) =>
        HandWrittenFloor.CustomerOf(record).SequenceEqual(key.Customer.AsSpan()) && HandWrittenFloor.FromRecord(record, scope);

    /// <summary>The warm pipeline with the lane composed for the definition and with the interpreted one, in turn in one
    /// process (<c>--breakdown "lanes in turn" rounds</c>): each round of each, then the best and the median of each. A
    /// process here runs at one of two speeds for stretches at a time (docs/performance.md), which comparing separate
    /// processes cannot tell from a change; rounds in turn can.</summary>
    public static async Task LanesInTurnAsync(int rounds)
    {
        var workload = Workload.Sorted();
        var definition = Workload.Definition();
        var session = new InMemoryServerSession(workload.Store());
        var warm = new ScopeCache(session);
        var times = new Dictionary<bool, List<double>> { [true] = new(), [false] = new() };
        for (int i = 0; i < rounds + 1; i++)
        {
            foreach (bool composed in new[] { true, false })
            {
                var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                var result = await Contenders.SyncAsync(workload, definition, session, Workload.Options(), _ => warm, composed).ConfigureAwait(false);
                process.Refresh();
                double ns = (process.TotalProcessorTime - cpu).TotalMilliseconds * 1e6 / workload.Records;
                Contenders.Check(result, workload, 0);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {i}{(i == 0 ? " (warm-up)" : string.Empty)}: {(composed ? "composed" : "interpreted"),-11} {ns,5:F0} ns/record processor"));
                if (i > 0)
                {
                    times[composed].Add(ns);
                }
            }
        }

        foreach (var (composed, list) in times)
        {
            list.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(composed ? "composed" : "interpreted"),-11} best {list[0]:F0}, median {list[list.Count / 2]:F0} ns/record over {list.Count} rounds"));
        }
    }

    // the report's first 64 records (its heading too, or body records only), each cloned
    private static async Task<List<SourceRecord>> KeptAsync(bool headingToo)
    {
        var kept = new List<SourceRecord>();
        await using var source = DelimitedRecordSource.Open(Workload.Sorted().Path, ',');
        await foreach (var record in source.ReadAsync().ConfigureAwait(false))
        {
            if (headingToo || record.LineNumber > 1)
            {
                kept.Add(record.Clone());
            }

            if (kept.Count == 64)
            {
                break;
            }
        }

        return kept;
    }

    // the kept records through step 4,000 times a round: the best round's time per record, and how many records the
    // step answered true for over all the rounds
    private static (double Best, long True) BestOf(int rounds, List<SourceRecord> kept, Func<SourceRecord, bool> step)
    {
        double best = double.MaxValue;
        long n = 0;
        for (int i = 0; i < rounds; i++)
        {
            long started = Stopwatch.GetTimestamp();
            for (int round = 0; round < 4_000; round++)
            {
                foreach (var record in kept)
                {
                    n += step(record) ? 1 : 0;
                }
            }

            best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalMilliseconds * 1e6 / (4_000 * kept.Count));
        }

        return (best, n);
    }

    public static async Task RunAsync(string? only = null, int rounds = 3, int customers = 10, int volumes = 100_000)
    {
        if (only == "import alone")
        {
            await ImportAloneAsync(rounds).ConfigureAwait(false);
            return;
        }

        if (only is "lane alone" or "lane alone, by pattern")
        {
            // by pattern: the report's translations written as patterns, which before the sixth session had no lane
            await LaneAloneAsync(rounds, byPattern: only != "lane alone").ConfigureAwait(false);
            return;
        }

        if (only == "lanes in turn")
        {
            await LanesInTurnAsync(rounds).ConfigureAwait(false);
            return;
        }

        var workload = Workload.Sorted(customers, volumes);
        var definition = Workload.Definition();
        var session = new InMemoryServerSession(workload.Store());
        var scopes = new Dictionary<string, CachedScope>(StringComparer.Ordinal);
        for (int c = 0; c < workload.Customers; c++)
        {
            var key = new ScopeKey(Workload.CustomerId(c), Workload.Media);
            scopes[key.Customer] = new CachedScope(await session.DownloadScopeAsync(key).ConfigureAwait(false));
        }

        var warm = new ScopeCache(session);
        var check = new UnchangedCheck(definition, Workload.Options());
        var steps = new (string Name, Func<Task<long>> Run)[]
        {
            ("read, one await a record", async () =>
            {
                long n = 0;
                await using var source = DelimitedRecordSource.Open(workload.Path, ',');
                await foreach (var record in source.ReadAsync().ConfigureAwait(false))
                {
                    n += record.ElementCount;
                }

                return n;
            }),
            ("read, batched (as the pipeline)", () => ForEachAsync(workload, () => record => record.ElementCount)),
            ("+ import in place", () => ForEachAsync(workload, () =>
            {
                var importer = new RecordImporter(definition);
                return record => importer.ImportInPlace(record) == ImportStatus.Body ? 1 : 0;
            })),
            ("+ look up (guess, then table)", () => ForEachBodyAsync(workload, definition, scopes, c => c.Scope!.TryGetVolume(c.Importer.ValueOf(SyncField.Volume), ref c.Next, out _) ? 1 : 0)),
            ("+ look up, table only", () => ForEachBodyAsync(workload, definition, scopes, c => c.Scope!.TryGetVolume(c.Importer.ValueOf(SyncField.Volume), out _) ? 1 : 0)),
            ("+ check unchanged", () => ForEachBodyAsync(workload, definition, scopes, c =>
                c.Scope!.TryGetVolume(c.Importer.ValueOf(SyncField.Volume), ref c.Next, out var volume) && check.IsUnchanged(c.Importer, c.Scope, volume) ? 1 : 0)),
            ($"scope downloads ({customers} x {volumes:N0} volumes, cached)", async () =>
            {
                long n = 0;
                for (int c = 0; c < workload.Customers; c++)
                {
                    var data = await session.DownloadScopeAsync(new ScopeKey(Workload.CustomerId(c), Workload.Media)).ConfigureAwait(false);
                    n += new CachedScope(data).Count;
                }

                return n;
            }),
            ("pipeline (warm cache)", async () => (await Contenders.SyncAsync(workload, definition, session, Workload.Options(), _ => warm).ConfigureAwait(false)).Statistics.VolumesUnchanged),
            ("pipeline (cold cache)", async () => (await Contenders.SyncAsync(workload, definition, session, Workload.Options()).ConfigureAwait(false)).Statistics.VolumesUnchanged),
        };

        foreach (var (name, run) in steps)
        {
            if (only is not null && name.IndexOf(only, StringComparison.OrdinalIgnoreCase) < 0)
            {
                continue;
            }

            var best = TimeSpan.MaxValue;
            var bestWall = TimeSpan.MaxValue;
            long result = 0;
            for (int i = 0; i < rounds; i++)
            {
                var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                var wall = Stopwatch.StartNew();
                result = await run().ConfigureAwait(false);
                wall.Stop();
                process.Refresh();
                var spent = process.TotalProcessorTime - cpu;
                best = spent < best ? spent : best;
                bestWall = wall.Elapsed < bestWall ? wall.Elapsed : bestWall;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-32} {best.TotalMilliseconds * 1e6 / workload.Records,7:F0} ns/record processor, {bestWall.TotalMilliseconds * 1e6 / workload.Records,7:F0} wall  ({result})"));
        }
    }

    // every record of the report through the reader the pipeline uses; the step's own work is made fresh for each round
    private static async Task<long> ForEachAsync(Workload workload, Func<Func<SourceRecord, int>> step)
    {
        long n = 0;
        var work = step();
        await using var source = DelimitedRecordSource.Open(workload.Path, ',');
        var records = new RecordBatchReader(source, default);
        while (await records.NextBatchAsync().ConfigureAwait(false))
        {
            while (records.TryNext(out var record))
            {
                n += work(record);
            }
        }

        return n;
    }

    // every body record imported, in its scope's cached copy (entered when the customer changes): step is what is added
    private static Task<long> ForEachBodyAsync(Workload workload, SyncDefinition definition, Dictionary<string, CachedScope> scopes, Func<Cursor, int> step) =>
        ForEachAsync(workload, () =>
        {
            var cursor = new Cursor(new RecordImporter(definition));
            return record =>
            {
                if (cursor.Importer.ImportInPlace(record) != ImportStatus.Body)
                {
                    return 0;
                }

                var customer = cursor.Importer.ValueOf(SyncField.Customer);
                if (cursor.Scope is null || !customer.SequenceEqual(cursor.Scope.Key.Customer.AsSpan()))
                {
                    cursor.Scope = scopes[customer.ToString()];
                    cursor.Next = 0;
                }

                return step(cursor);
            };
        });

    // where a body step is: the importer holding the record's values, the scope, the guess of the next volume
    private sealed class Cursor(RecordImporter importer)
    {
        public RecordImporter Importer { get; } = importer;

        public CachedScope? Scope { get; set; }

        public int Next;
    }
}
