using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Benchmarks;

/// <summary>
/// <c>--quick</c>: the issue's figures in one process, in a few minutes. The benchmark classes' own setups and
/// methods are run in interleaved rounds (sync, sync with a warm cache, Sep, naive; then again), after two warm-up
/// rounds, and each contender's median over nine rounds is compared. On a machine shared with other work, the
/// processor time of the process (all threads, less the runtime's background compiler: <see cref="CompilerTime"/>) is
/// steadier than the wall clock, so the ratios use it; the wall-clock figures are printed beside them. Allocations are exact: <see cref="GC.GetTotalAllocatedBytes(bool)"/>.
/// </summary>
public static class Quick
{
    // the report's contenders: two rounds to warm up (the first runs of a process are in code the runtime has not yet
    // optimised: the first sync took 0.72 s against 0.31 s in the later ones), then nine measured. This machine has
    // slow stretches of a few seconds, in which every contender of a round is slower, the sync (whose every record
    // reads a cached volume from memory) by up to half and the naive sync by a tenth or so: with five rounds, a stretch
    // over three of them decided the medians (sync/naive 9.85 in a run whose two other rounds gave 13.0 and 13.6);
    // with nine it takes five
    private const int WarmUpRounds = 2;
    private const int ReportRounds = 9;

    // the store's download (a tenth of a second a round): three to warm up, the median of nine; the apply: three, five
    private const int StoreWarmUpRounds = 3;
    private const int StoreRounds = 9;

    // the download again in a process of its own, as tapetrack-sync runs it (StoreDownloadAsTheToolRunsIt): thirty
    // rounds, the median after the first; a new process's first rounds run in code not yet optimised
    private const int ToolStoreRounds = 30;

    // and with each download's volumes kept, as a sync's cache keeps its scopes: ten rounds, 120 MB at the end
    private const int KeptStoreRounds = 10;

    // the --store mode's lines that the quick mode reads back from its child process
    private const string StoreSummary = "store download:";
    private const string StoreFirst = "process's first:";
    private const int ApplyWarmUpRounds = 3;
    private const int ApplyRounds = 5;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    // How busy the machine is, which the figures depend on (other work on a 2-core machine slows the sync more than
    // Sep): the processor count and, on Linux, the load averages over 1, 5 and 15 minutes.
    private static string Load()
    {
        string averages = System.IO.File.Exists("/proc/loadavg")
            ? string.Join(" ", System.IO.File.ReadAllText("/proc/loadavg").Split(' ', 4)[..3])
            : "unknown";
        return string.Create(C, $"{Environment.ProcessorCount} processors, load average {averages}");
    }

    // Which processor, which the figures depend on more than anything (the same build gave sync/sep 0.28-0.33 on an
    // EPYC with 256-bit vectors and 0.49-0.72 on one of family 26 with 512-bit vectors): on Linux its model name,
    // family and model, and the widest vectors the runtime uses.
    internal static string Processor()
    {
        string model = "unknown processor";
        if (System.IO.File.Exists("/proc/cpuinfo"))
        {
            var lines = System.IO.File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).ToList();
            string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name + "\t", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
            model = string.Create(C, $"{Field("model name")} (family {Field("cpu family")}, model {Field("model")})");
        }

        string vectors = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "512-bit"
            : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "256-bit"
            : "128-bit";
        return $"{model}, {vectors} vectors";
    }

    public static async Task RunAsync(bool ratiosOnly = false, bool floor = false)
    {
        var total = Stopwatch.StartNew();
        string loadAtStart = Load();
        Console.WriteLine("setting up the 1,000,000-row report and its server model...");
        var sorted = new SortedReportBenchmarks();
        sorted.Setup();
        int records = Workload.Sorted().Records;

        var contenders = new (string Name, Func<Task> Run)[]
        {
            ("sync, no changes", () => sorted.Sync()),
            ("sync, warm cache", () => sorted.SyncWarmCache()),
            ("Sep, 5 columns", () => Task.FromResult(sorted.Sep())),
            ("naive sync", () => sorted.Naive()),
        };
        if (floor)
        {
            // the hand-written floor and each rung from it up to the product (HandWrittenFloor)
            foreach (var rung in Enum.GetValues<HandWrittenFloor.Rung>())
            {
                contenders = [.. contenders, (RungName(rung), () => Task.FromResult(sorted.FloorAt(rung)))];
            }
        }

        var samples = contenders.ToDictionary(c => c.Name, _ => new List<Sample>());
        for (int round = 0; round < WarmUpRounds + ReportRounds; round++)
        {
            foreach (var (name, run) in contenders)
            {
                var sample = await MeasureAsync(run).ConfigureAwait(false);
                Console.WriteLine(string.Create(C, $"  round {round}{(round < WarmUpRounds ? " (warm-up)" : string.Empty)}: {name,-18} {sample}"));
                if (round >= WarmUpRounds)
                {
                    samples[name].Add(sample);
                }
            }
        }

        var sync = Median(samples["sync, no changes"]);
        var warm = Median(samples["sync, warm cache"]);
        var sep = Median(samples["Sep, 5 columns"]);
        var naive = Median(samples["naive sync"]);
        if (ratiosOnly)
        {
            Print("sync, no changes", records, sync);
            Print("sync, warm cache", records, warm);
            Print("Sep, 5 columns", records, sep);
            Print("naive sync", records, naive);
            Console.WriteLine($"(machine: {Processor()}; {loadAtStart} at the start, {Load()} at the end)");
            Console.WriteLine(string.Create(C, $"(wall-clock ratios: sync/sep {sep.Wall / sync.Wall:F3}, sync/naive {naive.Wall / sync.Wall:F2})"));
            Console.WriteLine(string.Create(C, $"sync/sep: {sep.Cpu / sync.Cpu:F3}"));
            Console.WriteLine(string.Create(C, $"sync/naive: {naive.Cpu / sync.Cpu:F2}"));
            Console.WriteLine(string.Create(C, $"bytes/record: {warm.Bytes / (double)records:F2}"));
            if (floor)
            {
                // the least any sync of this report must do, written for it alone, and each rung up to the product
                foreach (var rung in Enum.GetValues<HandWrittenFloor.Rung>())
                {
                    Print(RungName(rung), records, Median(samples[RungName(rung)]));
                }

                var least = Median(samples[RungName(HandWrittenFloor.Rung.Floor)]);
                var checks = Median(samples[RungName(HandWrittenFloor.Rung.Checks)]);
                Console.WriteLine(string.Create(C, $"floor/sep: {sep.Cpu / least.Cpu:F3} (wall clock {sep.Wall / least.Wall:F3})"));
                Console.WriteLine(string.Create(C, $"floor/naive: {naive.Cpu / least.Cpu:F2} (wall clock {naive.Wall / least.Wall:F2})"));
                Console.WriteLine(string.Create(C, $"checks/sep: {sep.Cpu / checks.Cpu:F3}, checks/naive: {naive.Cpu / checks.Cpu:F2}"));
                Console.WriteLine(string.Create(C, $"sync/floor: {least.Cpu / sync.Cpu:F3}"));
            }

            return;
        }


        Console.WriteLine(string.Create(C, $"[{total.Elapsed.TotalSeconds:F0} s] ") + "shuffled report (10 customers x 1,000 volumes, nine records in ten change scope)...");
        var shuffled = new List<string>();
        foreach (int capacity in new[] { 64, 1 })
        {
            var benchmark = new ShuffledBenchmarks { CacheCapacity = capacity };
            benchmark.Setup();
            await benchmark.Shuffled().ConfigureAwait(false);
            long downloads = 0;
            var sample = await MeasureAsync(async () => downloads = await benchmark.Shuffled().ConfigureAwait(false)).ConfigureAwait(false);
            shuffled.Add(string.Create(C, $"shuffled, cache of {capacity,2}: {10_000 / sample.Cpu.TotalSeconds / 1e6:F3} M records/s, {downloads} downloads of 10 scopes"));
        }

        Console.WriteLine(string.Create(C, $"[{total.Elapsed.TotalSeconds:F0} s] ") + "embedded store (SQLite), one scope of 100,000 volumes...");
        var store = new StoreBenchmarks { Volumes = 100_000, KeepFile = true };
        await store.Setup().ConfigureAwait(false);
        var downloadSamples = await RoundsAsync(() => store.Download(), StoreWarmUpRounds, StoreRounds).ConfigureAwait(false);

        // the apply (no target of its own): the median of five after three warm-ups (a round is a fraction of a second;
        // the first rounds run in code the runtime has not optimised yet, at half the speed or less)
        var applySamples = await RoundsAsync(() => store.Apply(), ApplyWarmUpRounds, ApplyRounds).ConfigureAwait(false);
        await store.Cleanup().ConfigureAwait(false);
        var download = Median(downloadSamples);
        var apply = Median(applySamples);

        Console.WriteLine(string.Create(C, $"[{total.Elapsed.TotalSeconds:F0} s] ") + "the same download as tapetrack-sync runs it, in a process of its own...");
        string asTheTool = StoreDownloadAsTheToolRunsIt(ToolStoreRounds, keep: false);
        string keptAsTheTool = StoreDownloadAsTheToolRunsIt(KeptStoreRounds, keep: true);

        Console.WriteLine(string.Create(C, $"[{total.Elapsed.TotalSeconds:F0} s] ") + "memory of a cached 1,000,000-volume scope...");
        double cachedBytes = MemoryProbe.CachedBytesPerVolume(1_000_000);

        Console.WriteLine();
        Console.WriteLine(string.Create(C, $"== quick summary: medians of {ReportRounds} interleaved rounds of the report ({StoreRounds} of the store's download), M records/s by processor time (by wall clock) =="));
        Print("sync, no changes", records, sync);
        Print("sync, warm cache", records, warm);
        Print("Sep, 5 columns", records, sep);
        Print("naive sync", records, naive);
        Console.WriteLine(string.Create(C, $"sync, no changes:  {sync.Bytes / (double)records:F1} B/record with the 10 scope downloads"));
        foreach (var line in shuffled)
        {
            Console.WriteLine(line);
        }

        Console.WriteLine(string.Create(C, $"store download:    {100_000 / download.Cpu.TotalSeconds / 1e6:F2} M volumes/s ({100_000 / download.Wall.TotalSeconds / 1e6:F2}), {download.Bytes / 100_000.0:F0} B/volume"));
        Console.WriteLine(string.Create(C, $"store download, as tapetrack-sync runs it (its runtime settings; --store {ToolStoreRounds} in a process of its own): {asTheTool}"));
        Console.WriteLine(string.Create(C, $"store download, each kept as a sync's cache keeps it (the same, --store {KeptStoreRounds} --keep): {keptAsTheTool}"));
        Console.WriteLine(string.Create(C, $"store apply:       {DescriptionUpdates.Count / apply.Cpu.TotalSeconds:F0} volumes/s ({DescriptionUpdates.Count / apply.Wall.TotalSeconds:F0}) in batches of 100, {apply.Bytes / (double)DescriptionUpdates.Count:F0} B/volume (median of {ApplyRounds})"));
        Console.WriteLine(string.Create(C, $"cached volume:     {cachedBytes:F0} B each in a 1,000,000-volume scope"));
        Console.WriteLine($"(machine: {Processor()}; {loadAtStart} at the start, {Load()} at the end)");
        Console.WriteLine(string.Create(C, $"(wall-clock ratios: sync/sep {sep.Wall / sync.Wall:F3}, sync/naive {naive.Wall / sync.Wall:F2}; quick mode took {total.Elapsed.TotalSeconds:F0} s)"));
        Console.WriteLine(string.Create(C, $"sync/sep: {sep.Cpu / sync.Cpu:F3}"));
        Console.WriteLine(string.Create(C, $"sync/naive: {naive.Cpu / sync.Cpu:F2}"));
        Console.WriteLine(string.Create(C, $"bytes/record: {warm.Bytes / (double)records:F2}"));
    }

    // The store's download in a process that runs as tapetrack-sync does, with the tool's three runtime settings (its
    // runtimeconfig; docs/performance.md "A nightly run is a first run"): no background collections, no dynamic
    // profile, no delay before counting calls. A process takes them when it starts, so this is a child process of this
    // benchmark (--store) with the environment variables that set them. Its summary line (the median after the first
    // round, as in this process's own figure), then the wall-clock rate of the child's first download, the one a
    // nightly run's scope gets.
    private static string StoreDownloadAsTheToolRunsIt(int rounds, bool keep)
    {
        string? host = Environment.ProcessPath;
        if (host is null)
        {
            return "not measured (the benchmark's own executable is unknown)";
        }

        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (string.Equals(System.IO.Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(Quick).Assembly.Location);
        }

        start.ArgumentList.Add("--store");
        start.ArgumentList.Add(rounds.ToString(C));
        if (keep)
        {
            start.ArgumentList.Add("--keep");
        }

        start.Environment["DOTNET_gcConcurrent"] = "0";
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.Environment["DOTNET_TC_CallCountingDelayMs"] = "0";
        using var child = Process.Start(start)!;
        var errors = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var lines = output.Split('\n').Select(l => l.Trim()).ToList();
        string? line = lines.FirstOrDefault(l => l.StartsWith(StoreSummary, StringComparison.Ordinal));
        string? first = lines.FirstOrDefault(l => l.StartsWith(StoreFirst, StringComparison.Ordinal));
        return child.ExitCode == 0 && line is not null && first is not null
            ? line[StoreSummary.Length..].Trim() + "; the process's first download " + first[StoreFirst.Length..].Trim()
            : string.Create(C, $"not measured (the child process ended with {child.ExitCode}: {errors.Result.Trim()})");
    }

    /// <summary>The <c>--store</c> mode: the store benchmark's scope download alone, each round's processor and
    /// wall time and bytes allocated, then the median; <paramref name="keep"/> (<c>--keep</c>): every round's volumes
    /// kept to the end, as a sync's cache keeps the scopes it downloads.</summary>
    public static async Task StoreDownloadAsync(int rounds, bool keep = false)
    {
        var store = new StoreBenchmarks { Volumes = 100_000, KeepFile = true, KeepDownloads = keep };
        await store.Setup().ConfigureAwait(false);
        Console.WriteLine(string.Create(C, $"{StoreFirst}   {100_000 / store.FirstDownload.TotalSeconds / 1e6:F2} M volumes/s by wall clock"));
        var samples = await RoundsAsync(() => store.Download(), 0, rounds, (round, sample) => Console.WriteLine(string.Create(C, $"download {round}: {sample}"))).ConfigureAwait(false);

        // the first round (after the setup's one download) is kept apart: a sync downloads each scope once, mostly in
        // code the JIT has not optimised yet
        Console.WriteLine(string.Create(C, $"first round:       {100_000 / samples[0].Cpu.TotalSeconds / 1e6:F2} M volumes/s"));
        samples.RemoveAt(0);

        await store.Cleanup().ConfigureAwait(false);
        var median = Median(samples);
        var best = samples.MinBy(s => s.Cpu);
        Console.WriteLine(string.Create(C, $"{StoreSummary}    {100_000 / median.Cpu.TotalSeconds / 1e6:F2} M volumes/s ({100_000 / median.Wall.TotalSeconds / 1e6:F2}), {median.Bytes / 100_000.0:F0} B/volume; best round {100_000 / best.Cpu.TotalSeconds / 1e6:F2} M/s"));
    }

    /// <summary>The <c>--apply</c> mode: the store benchmark's batched apply alone (2,000 description updates in
    /// batches of 100 a round), each round's processor and wall time and bytes allocated, then the median after the
    /// first (warm-up) round.</summary>
    public static async Task StoreApplyAsync(int rounds)
    {
        var store = new StoreBenchmarks { Volumes = 100_000, KeepFile = true };
        await store.Setup().ConfigureAwait(false);
        var samples = await RoundsAsync(() => store.Apply(), 1, rounds, (round, sample) => Console.WriteLine(string.Create(C, $"apply {round}: {sample}"))).ConfigureAwait(false);
        await store.Cleanup().ConfigureAwait(false);
        var median = Median(samples);
        var best = samples.MinBy(s => s.Cpu);
        Console.WriteLine(string.Create(C, $"store apply:       {DescriptionUpdates.Count / median.Cpu.TotalSeconds:F0} volumes/s ({DescriptionUpdates.Count / median.Wall.TotalSeconds:F0}) in batches of 100, {median.Bytes / (double)DescriptionUpdates.Count:F0} B/volume; best round {DescriptionUpdates.Count / best.Cpu.TotalSeconds:F0} volumes/s (median of {samples.Count} after one warm-up)"));
    }

    /// <summary><c>--servers</c>: the scope download and the batched apply through PostgreSQL and the remote session
    /// (<see cref="ServerBenchmarks"/>), 100,000 volumes: the download warmed up twice and the median of five (or of
    /// <paramref name="rounds"/>; <paramref name="only"/>: one server, "postgres" or "remote"), the apply
    /// (2,000 volumes in batches of 100) the median of five after three warm-ups.</summary>
    public static async Task ServersAsync(string? only = null, int rounds = 5)
    {
        foreach (string server in new[] { "postgres", "remote" })
        {
            if (only is not null && only != server)
            {
                continue;
            }

            var total = Stopwatch.StartNew();
            var benchmark = new ServerBenchmarks { Server = server, Volumes = 100_000 };
            await benchmark.Setup().ConfigureAwait(false);
            Console.WriteLine(string.Create(C, $"{server}: set up (100,000 volumes imported) in {total.Elapsed.TotalSeconds:F0} s"));
            try
            {
                var downloads = await RoundsAsync(() => benchmark.Download(), 2, rounds).ConfigureAwait(false);
                var apply = Median(await RoundsAsync(() => benchmark.Apply(), ApplyWarmUpRounds, ApplyRounds).ConfigureAwait(false));
                var download = Median(downloads);
                Console.WriteLine(string.Create(C, $"{server} download:  {100_000 / download.Cpu.TotalSeconds / 1e6:F2} M volumes/s by this process's processor time ({100_000 / download.Wall.TotalSeconds / 1e6:F2} by wall clock), {download.Bytes / 100_000.0:F0} B/volume"));
                Console.WriteLine(string.Create(C, $"{server} apply:     {DescriptionUpdates.Count / apply.Wall.TotalSeconds:F0} volumes/s by wall clock in batches of 100, {apply.Bytes / (double)DescriptionUpdates.Count:F0} B/volume (median of {ApplyRounds} after {ApplyWarmUpRounds} warm-ups)"));
            }
            finally
            {
                await benchmark.Cleanup().ConfigureAwait(false);
            }
        }
    }

    private static string RungName(HandWrittenFloor.Rung rung) => rung switch
    {
        HandWrittenFloor.Rung.Floor => "floor",
        HandWrittenFloor.Rung.Utf16 => "floor + UTF-16",
        HandWrittenFloor.Rung.Overlay => "floor + overlay",
        HandWrittenFloor.Rung.Checks => "floor + checks",
        HandWrittenFloor.Rung.Record => "floor + record",
        _ => "floor + lane",
    };

    /// <summary>The <c>--rungs</c> mode: rungs of the hand-written floor (<see cref="HandWrittenFloor"/>) in turn in one
    /// process, the first round a warm-up; each one's best and median wall-clock time per record, and for two rungs
    /// the median of the differences between them round by round (paired in time, so the machine's slow and fast
    /// stretches fall on both alike).</summary>
    public static void Rungs(IReadOnlyList<HandWrittenFloor.Rung> rungs, int rounds)
    {
        var sorted = new SortedReportBenchmarks();
        sorted.Setup();
        int records = Workload.Sorted().Records;
        // by position: a rung given twice measures the machine's own spread
        var times = rungs.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round <= rounds; round++)
        {
            for (int r = 0; r < rungs.Count; r++)
            {
                var watch = Stopwatch.StartNew();
                sorted.FloorAt(rungs[r]);
                if (round > 0)
                {
                    times[r].Add(watch.Elapsed.TotalMilliseconds * 1e6 / records);
                }
            }
        }

        if (rungs.Count == 2)
        {
            var differences = times[0].Zip(times[1], (first, second) => second - first).Order().ToList();
            Console.WriteLine(string.Create(C, $"{rungs[1]} - {rungs[0]}: median of the paired differences {differences[differences.Count / 2]:F0} ns/record, quartiles {differences[differences.Count / 4]:F0} to {differences[differences.Count * 3 / 4]:F0}"));
        }

        for (int r = 0; r < rungs.Count; r++)
        {
            var (rung, list) = (rungs[r], times[r]);
            list.Sort();
            Console.WriteLine(string.Create(C, $"{rung,-8} best {list[0],4:F0}, median {list[list.Count / 2],4:F0} ns/record over {list.Count} rounds"));
        }
    }

    private static void Print(string name, int records, Sample sample) =>
        Console.WriteLine(string.Create(C, $"{name + ":",-18} {records / sample.Cpu.TotalSeconds / 1e6,6:F2} ({records / sample.Wall.TotalSeconds / 1e6:F2}) M records/s, {sample.Bytes / (double)records:F2} B/record"));

    // Runs a step warmUps + rounds times; the samples of the measured rounds (each handed to each as it comes).
    private static async Task<List<Sample>> RoundsAsync(Func<Task> run, int warmUps, int rounds, Action<int, Sample>? each = null)
    {
        var samples = new List<Sample>();
        for (int round = 0; round < warmUps + rounds; round++)
        {
            var sample = await MeasureAsync(run).ConfigureAwait(false);
            each?.Invoke(round, sample);
            if (round >= warmUps)
            {
                samples.Add(sample);
            }
        }

        return samples;
    }

    private static async Task<Sample> MeasureAsync(Func<Task> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var compiler = CompilerTime();
        long bytes = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        await run().ConfigureAwait(false);
        wall.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - bytes;
        process.Refresh();
        compiler = CompilerTime() - compiler;
        return new Sample(process.TotalProcessorTime - cpu - compiler, wall.Elapsed, allocated, compiler);
    }

    private static Sample Median(List<Sample> samples)
    {
        var byCpu = samples.OrderBy(s => s.Cpu).ToList();
        var byWall = samples.OrderBy(s => s.Wall).ToList();
        var byBytes = samples.OrderBy(s => s.Bytes).ToList();
        int m = samples.Count / 2;
        return new Sample(byCpu[m].Cpu, byWall[m].Wall, byBytes[m].Bytes);
    }

    // Cpu: the process's processor time less its runtime's background compiler's (Compiler, printed beside it)
    private readonly record struct Sample(TimeSpan Cpu, TimeSpan Wall, long Bytes, TimeSpan Compiler = default)
    {
        public override string ToString() => string.Create(C, $"cpu {Cpu.TotalSeconds,7:F3} s, wall {Wall.TotalSeconds,7:F3} s, {Bytes,13:N0} B, compiler {Compiler.TotalSeconds:F3} s");
    }

    // The processor time of the runtime's background compiler, which optimises methods once they have proved hot, on a
    // thread of its own: on Linux, from /proc (the thread's scheduler statistics, in nanoseconds); zero elsewhere. A
    // method called once a run proves hot only after some sixty runs, so the compiler still works in the measured
    // rounds, charged to whichever contender happens to run: 30 ms in a 70 ms round of the sync, seen as processor
    // time well above the wall clock. Its time is not the contender's, and a steady state has none.
    private static TimeSpan CompilerTime()
    {
        const string Tasks = "/proc/self/task";
        if (!System.IO.Directory.Exists(Tasks))
        {
            return TimeSpan.Zero;
        }

        long nanoseconds = 0;
        foreach (string task in System.IO.Directory.EnumerateDirectories(Tasks))
        {
            try
            {
                if (System.IO.File.ReadAllText(task + "/comm").StartsWith(".NET Tiered", StringComparison.Ordinal))
                {
                    nanoseconds += long.Parse(System.IO.File.ReadAllText(task + "/schedstat").Split(' ')[0], C);
                }
            }
            catch (System.IO.IOException)
            {
                // the thread ended meanwhile (the compiler's thread ends when it has nothing to do): its time stays in
                // the process's, which only makes the contender's figure higher
            }
        }

        return TimeSpan.FromTicks(nanoseconds / 100);
    }
}
