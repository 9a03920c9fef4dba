using System;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Running;

namespace TapeTrack.Sync.Benchmarks;

public static class Program
{
    public static async System.Threading.Tasks.Task Main(string[] args)
    {
        if (Array.IndexOf(args, "--write-workload") >= 0)
        {
            // --write-workload DIR: the report of 1,000,000 records, its server model as a store file and its
            // definition as a .ttidef, to time the tool's first runs (docs/performance.md "A nightly run is a first run")
            int at = Array.IndexOf(args, "--write-workload");
            string folder = at + 1 < args.Length ? args[at + 1] : ".";
            await Workload.WriteForTheToolAsync(folder).ConfigureAwait(false);
            return;
        }

        if (Array.IndexOf(args, "--quick") >= 0)
        {
            // "--quick ratios": only the four contenders of the report (sync/sep and sync/naive), not the store or memory
            await Quick.RunAsync(ratiosOnly: Array.IndexOf(args, "ratios") >= 0).ConfigureAwait(false);
            return;
        }

        if (Array.IndexOf(args, "--rungs") >= 0)
        {
            // --rungs Rung [Rung...] [rounds]: those rungs of the hand-written floor in turn in one process
            int at = Array.IndexOf(args, "--rungs");
            var rungs = new System.Collections.Generic.List<HandWrittenFloor.Rung>();
            int rounds = 15;
            for (int a = at + 1; a < args.Length; a++)
            {
                if (int.TryParse(args[a], out int n))
                {
                    rounds = n;
                }
                else if (Enum.TryParse<HandWrittenFloor.Rung>(args[a], ignoreCase: true, out var rung))
                {
                    rungs.Add(rung);
                }
            }

            Quick.Rungs(rungs, rounds);
            return;
        }

        if (Array.IndexOf(args, "--floor") >= 0)
        {
            // the four contenders and, in the same rounds, the hand-written floor and each rung up to the product
            await Quick.RunAsync(ratiosOnly: true, floor: true).ConfigureAwait(false);
            return;
        }

        if (Array.IndexOf(args, "--breakdown") >= 0)
        {
            // --breakdown [step name part] [rounds]
            int at = Array.IndexOf(args, "--breakdown");
            string? only = args.Length > at + 1 && !args[at + 1].StartsWith("--", StringComparison.Ordinal) ? args[at + 1] : null;
            int rounds = args.Length > at + 2 && int.TryParse(args[at + 2], out int r) ? r : 3;
            // and then [customers] [volumes per customer]: a smaller report, to count instructions under a simulator
            int customers = args.Length > at + 3 && int.TryParse(args[at + 3], out int c) ? c : 10;
            int volumes = args.Length > at + 4 && int.TryParse(args[at + 4], out int v) ? v : 100_000;
            await Breakdown.RunAsync(only, rounds, customers, volumes).ConfigureAwait(false);
            return;
        }

        if (Array.IndexOf(args, "--servers") >= 0)
        {
            // PostgreSQL (a throwaway cluster) and the remote session (a server in this process, TLS on loopback);
            // optionally only one of them and the number of measured downloads: --servers postgres 25
            int at = Array.IndexOf(args, "--servers");
            string? only = args.Length > at + 1 && !args[at + 1].StartsWith("--", StringComparison.Ordinal) ? args[at + 1] : null;
            int rounds = args.Length > at + 2 && int.TryParse(args[at + 2], out int r) ? r : 5;
            await Quick.ServersAsync(only, rounds).ConfigureAwait(false);
            return;
        }

        if (Array.IndexOf(args, "--store") >= 0)
        {
            // the embedded store's scope download alone (100,000 volumes, the kept store file), a few rounds; with
            // --keep each round's volumes kept, as a sync's cache keeps its scopes
            int at = Array.IndexOf(args, "--store");
            int rounds = at + 1 < args.Length && int.TryParse(args[at + 1], out int n) ? n : 7;
            await Quick.StoreDownloadAsync(rounds, keep: Array.IndexOf(args, "--keep") >= 0).ConfigureAwait(false);
            return;
        }

        if (Array.IndexOf(args, "--apply") >= 0)
        {
            // the embedded store's batched apply alone (2,000 volumes in batches of 100 a round, the kept store file)
            int at = Array.IndexOf(args, "--apply");
            int rounds = at + 1 < args.Length && int.TryParse(args[at + 1], out int n) ? n : 7;
            await Quick.StoreApplyAsync(rounds).ConfigureAwait(false);
            return;
        }

        if (Array.IndexOf(args, "--profile") >= 0)
        {
            // the cold-cache sync alone, a few times over: something to attach a profiler (dotnet-trace) to; or
            // "--profile shuffled": the shuffled report (nine records in ten change scope), 500 times over
            if (Array.IndexOf(args, "shuffled") >= 0)
            {
                // the same 10,000 records sorted by scope, in turn with the shuffled ones: what a run costs besides
                // its records (a pipeline, a cold cache of ten scopes, the source's buffers) is in both
                var shuffled = new ShuffledBenchmarks { CacheCapacity = 64 };
                shuffled.Setup();
                var sorted = Workload.Sorted(10, 1_000);
                var sortedDefinition = Workload.Definition();
                var sortedSession = new TapeTrack.Sync.Sessions.InMemoryServerSession(sorted.Store());
                var shuffledTime = TimeSpan.Zero;
                var sortedTime = TimeSpan.Zero;
                for (int i = 0; i < 500; i++)
                {
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    await shuffled.Shuffled().ConfigureAwait(false);
                    shuffledTime += watch.Elapsed;
                    watch.Restart();
                    Contenders.Check(await Contenders.SyncAsync(sorted, sortedDefinition, sortedSession, Workload.Options()).ConfigureAwait(false), sorted, 0);
                    sortedTime += watch.Elapsed;
                }

                Console.WriteLine($"shuffled: {shuffledTime.TotalMilliseconds / 500:F2} ms a run of 10,000 records; the same records sorted: {sortedTime.TotalMilliseconds / 500:F2} ms");
                return;
            }

            // optionally another report's shape, customers x volumes each ("--profile warm 40 10x2000": a report whose
            // cached scopes fit in the processor's caches, to weigh what the memory costs a record)
            var shape = args.FirstOrDefault(a => a.Contains('x', StringComparison.Ordinal) && char.IsDigit(a[0]))?.Split('x');
            var workload = shape is null ? Workload.Sorted() : Workload.Sorted(int.Parse(shape[0], CultureInfo.InvariantCulture), int.Parse(shape[1], CultureInfo.InvariantCulture));
            var definition = Workload.Definition();
            var session = new TapeTrack.Sync.Sessions.InMemoryServerSession(workload.Store());
            bool warm = Array.IndexOf(args, "warm") >= 0;
            var cache = new TapeTrack.Sync.Engine.ScopeCache(session);
            int runs = args.Select(a => int.TryParse(a, CultureInfo.InvariantCulture, out int n) ? n : 0).FirstOrDefault(n => n > 0, 4);
            for (int i = 0; i < runs; i++)
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                var result = await Contenders.SyncAsync(workload, definition, session, Workload.Options(), warm ? _ => cache : null).ConfigureAwait(false);
                Contenders.Check(result, workload, 0);
                Console.WriteLine(FormattableString.Invariant($"sync {i}: {started.Elapsed.TotalMilliseconds:F0} ms, {started.Elapsed.TotalMilliseconds * 1e6 / workload.Records:F1} ns a record"));
            }

            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
