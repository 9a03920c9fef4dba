using System;
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
/// <c>--breakdown</c>: where a sync's time goes on the report, by adding one step at a time over the same file
/// (processor time, best of three): read; read and import in place; and look up; and check unchanged; the pipeline.
/// </summary>
public static class Breakdown
{
    public static async Task RunAsync()
    {
        var workload = Workload.Sorted();
        var definition = Workload.Definition();
        var session = new InMemoryServerSession(workload.Store());
        var scopes = new System.Collections.Generic.Dictionary<string, CachedScope>(StringComparer.Ordinal);
        for (int c = 0; c < workload.Customers; c++)
        {
            var key = new ScopeKey(Workload.CustomerId(c), Workload.Media);
            scopes[key.Customer] = new CachedScope(await session.DownloadScopeAsync(key).ConfigureAwait(false));
        }

        var warm = new ScopeCache(session);
        var check = new UnchangedCheck(definition, Workload.Options());
        var steps = new (string Name, Func<Task<long>> Run)[]
        {
            ("read", async () =>
            {
                long n = 0;
                await using var source = DelimitedRecordSource.Open(workload.Path, ',');
                await foreach (var record in source.ReadAsync().ConfigureAwait(false))
                {
                    n += record.ElementCount;
                }

                return n;
            }),
            ("+ import in place", async () =>
            {
                long n = 0;
                var importer = new RecordImporter(definition);
                await using var source = DelimitedRecordSource.Open(workload.Path, ',');
                await foreach (var record in source.ReadAsync().ConfigureAwait(false))
                {
                    n += importer.ImportInPlace(record).Status == ImportStatus.Body ? 1 : 0;
                }

                return n;
            }),
            ("+ look up (guess, then table)", async () =>
            {
                long n = 0;
                var importer = new RecordImporter(definition);
                CachedScope? scope = null;
                int next = 0;
                await using var source = DelimitedRecordSource.Open(workload.Path, ',');
                await foreach (var record in source.ReadAsync().ConfigureAwait(false))
                {
                    if (importer.ImportInPlace(record).Status == ImportStatus.Body)
                    {
                        var customer = importer.ValueOf(SyncField.Customer);
                        if (scope is null || !customer.SequenceEqual(scope.Key.Customer.AsSpan()))
                        {
                            scope = scopes[customer.ToString()];
                            next = 0;
                        }

                        n += scope.TryGetVolume(importer.ValueOf(SyncField.Volume), ref next, out _) ? 1 : 0;
                    }
                }

                return n;
            }),
            ("+ look up, table only", async () =>
            {
                long n = 0;
                var importer = new RecordImporter(definition);
                CachedScope? scope = null;
                await using var source = DelimitedRecordSource.Open(workload.Path, ',');
                await foreach (var record in source.ReadAsync().ConfigureAwait(false))
                {
                    if (importer.ImportInPlace(record).Status == ImportStatus.Body)
                    {
                        var customer = importer.ValueOf(SyncField.Customer);
                        if (scope is null || !customer.SequenceEqual(scope.Key.Customer.AsSpan()))
                        {
                            scope = scopes[customer.ToString()];
                        }

                        n += scope.TryGetVolume(importer.ValueOf(SyncField.Volume), out _) ? 1 : 0;
                    }
                }

                return n;
            }),
            ("+ check unchanged", async () =>
            {
                long n = 0;
                var importer = new RecordImporter(definition);
                CachedScope? scope = null;
                int next = 0;
                await using var source = DelimitedRecordSource.Open(workload.Path, ',');
                await foreach (var record in source.ReadAsync().ConfigureAwait(false))
                {
                    if (importer.ImportInPlace(record).Status == ImportStatus.Body)
                    {
                        var customer = importer.ValueOf(SyncField.Customer);
                        if (scope is null || !customer.SequenceEqual(scope.Key.Customer.AsSpan()))
                        {
                            scope = scopes[customer.ToString()];
                            next = 0;
                        }

                        n += scope.TryGetVolume(importer.ValueOf(SyncField.Volume), ref next, out var volume) && check.IsUnchanged(importer, scope, volume) ? 1 : 0;
                    }
                }

                return n;
            }),
            ("pipeline (warm cache)", async () => (await Contenders.SyncAsync(workload, definition, session, Workload.Options(), _ => warm).ConfigureAwait(false)).Statistics.VolumesUnchanged),
            ("pipeline (cold cache)", async () => (await Contenders.SyncAsync(workload, definition, session, Workload.Options()).ConfigureAwait(false)).Statistics.VolumesUnchanged),
        };

        foreach (var (name, run) in steps)
        {
            var best = TimeSpan.MaxValue;
            long result = 0;
            for (int i = 0; i < 3; i++)
            {
                var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                result = await run().ConfigureAwait(false);
                process.Refresh();
                var spent = process.TotalProcessorTime - cpu;
                best = spent < best ? spent : best;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-30} {best.TotalMilliseconds * 1e6 / workload.Records,7:F0} ns/record  ({result})"));
        }
    }
}
