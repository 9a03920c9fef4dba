using System;

namespace TapeTrack.Sync.Engine;

/// <summary>How a sync run behaves. Checked when the pipeline is built.</summary>
public sealed class SyncOptions
{
    /// <summary>Decide and report everything, send nothing.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool DryRun { get; set; }

    /// <summary>Add volumes the server does not have (<c>-a</c>).</summary>
    /// <value>The default is <see langword="false"/>: they are reported as <c>VolumeNotFound</c>.</value>
    public bool AddVolumes { get; set; }

    /// <summary>Send <c>DESCRIPTION</c> to this extended attribute instead (<c>-A n</c>, 1..200); 0 is the description itself.</summary>
    /// <value>The default is 0.</value>
    public int DescriptionAttribute { get; set; }

    /// <summary>The input is a complete inventory of each <c>LOCATION</c> it names: report volumes missing from them.</summary>
    /// <value>The default is <see langword="false"/> (a picking list).</value>
    public bool Inventory { get; set; }

    /// <summary>How many volume updates are sent to the server in one request.</summary>
    /// <value>The default is 100.</value>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Stop the run once more than this many record errors have occurred; <see langword="null"/> never stops.
    /// The updates decided for records before the stop are still sent; records after it are not read.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public int? MaxErrors { get; set; }

    /// <summary>
    /// How many changes, warnings and record errors <see cref="SyncResult"/> keeps, each list apart: the first ones in
    /// input order. The statistics count them all, and the <see cref="SyncPipeline.Observer"/> (and so a
    /// <see cref="SyncReportSpool"/> and the tool's <c>--report</c>) hears every one, so memory does not grow with
    /// millions of warnings. 0 keeps none; <see cref="int.MaxValue"/> keeps all (memory then grows with the run).
    /// </summary>
    /// <value>The default is 10,000.</value>
    public int MaxResultItems { get; set; } = 10_000;

    /// <summary>How many customer/media scopes the default scope cache keeps; 1 reproduces TMSS10Sync.</summary>
    /// <value>The default is 64.</value>
    public int ScopeCacheCapacity { get; set; } = 64;

    /// <summary>The approximate memory the default scope cache may use, in bytes.</summary>
    /// <value>The default is 512 MiB.</value>
    public long ScopeCacheMemoryBudget { get; set; } = 512L * 1024 * 1024;

    /// <summary>The time zone of dates in the input and of "now" for the date rules.</summary>
    /// <value>The default is the machine's local time zone.</value>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Local;

    /// <summary>The instant the date rules treat as now; <see langword="null"/> takes it from the pipeline's <see cref="TimeProvider"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public DateTimeOffset? Now { get; set; }

    /// <summary>
    /// How a lost connection to the server is retried (with back-off, logging on again); <see langword="null"/> never
    /// retries. Set it for a session that crosses a network, such as <c>new RetryOptions()</c> (5 tries, waits from
    /// 1 s doubling up to 30 s); an in-process session (in memory, the embedded store) has no connection to lose.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Sessions.RetryOptions? Retry { get; set; }

    internal void Validate()
    {
        Retry?.Validate();
        if (DescriptionAttribute is < 0 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(DescriptionAttribute), DescriptionAttribute, "The description attribute is 0 (the description itself) or 1 to 200.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "A batch holds at least one update.");
        }

        if (MaxErrors < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxErrors), MaxErrors, "The error limit is zero or more.");
        }

        if (MaxResultItems < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxResultItems), MaxResultItems, "The result keeps zero or more items of each list.");
        }

        if (ScopeCacheCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ScopeCacheCapacity), ScopeCacheCapacity, "The scope cache keeps at least one scope.");
        }

        if (TimeZone is null)
        {
            throw new ArgumentNullException(nameof(TimeZone));
        }
    }
}
