using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Server.Tests.Faults;

/// <summary>
/// The site of the fault tests that compare with a run without fault: <see cref="Volumes"/> volumes, a report that
/// changes every one (description; every third also sent offsite), and that report run once into the embedded store
/// with no server and no fault: its <c>store export</c> and audit trail are what every faulty run must end with.
/// Made once, on first use, for the whole collection.
/// </summary>
public sealed class ReferenceRun : IDisposable
{
    public const int Volumes = 1_000;

    /// <summary>The batch size of the faulty runs: small, so that a run is many requests and a fault lands in the middle.</summary>
    public const int BatchSize = 8;

    public static string BatchSizeText => BatchSize.ToString(CultureInfo.InvariantCulture);

    private readonly Lazy<Task<(string Export, List<AuditEntry> History)>> _clean;

    public ReferenceRun()
    {
        Site = new FaultSite(Volumes);
        Report = Site.WriteReport("changes.csv", i => $"{FaultSite.VolumeId(i)},{(i % 3 == 0 ? "OFFS" : string.Empty)},full_{i % 7},");
        _clean = new Lazy<Task<(string, List<AuditEntry>)>>(RunCleanAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public FaultSite Site { get; }

    /// <summary>The report: every volume changes.</summary>
    public string Report { get; }

    /// <summary><c>store export</c> after the run without fault.</summary>
    public async Task<string> CleanExportAsync() => (await _clean.Value).Export;

    /// <summary>The audit trail after the run without fault, oldest first.</summary>
    public async Task<List<AuditEntry>> CleanHistoryAsync() => (await _clean.Value).History;

    /// <summary>An audit entry without its sequence, time and run: what must be equal between two runs of one report.</summary>
    public static string Describe(AuditEntry e) => string.Create(CultureInfo.InvariantCulture, $"{e.Volume} {e.Field} {e.OldValue}->{e.NewValue} v{e.Version}");

    public void Dispose() => Site.Dispose();

    private async Task<(string, List<AuditEntry>)> RunCleanAsync()
    {
        var clean = await Site.CreateStoreAsync(StoreKind.Embedded, null!, "clean");
        // versions follow the order of the updates, not the batches: a big batch gives the same store, sooner
        var run = await Site.SyncAsync("store:" + clean.Arguments[1], Report, null, "--batch-size", "1000");
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Equal(Volumes, run.Statistic("Volumes updated:"));
        return (await clean.ExportAsync(), await clean.HistoryAsync());
    }
}
