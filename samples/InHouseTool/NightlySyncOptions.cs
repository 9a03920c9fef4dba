namespace InHouseTool;

/// <summary>
/// The section <c>NightlySync</c> of appsettings.json; every value can be overridden from the environment
/// (<c>NightlySync__Report=/data/tonight.csv</c>) or the command line (<c>--NightlySync:DryRun=true</c>).
/// Relative paths are relative to the working folder.
/// </summary>
public sealed class NightlySyncOptions
{
    public const string Section = "NightlySync";

    /// <summary>The .ttidef definition that reads the report.</summary>
    public string Definition { get; set; } = "nightly.ttidef";

    /// <summary>Tonight's report from the backup server.</summary>
    public string Report { get; set; } = "report.csv";

    /// <summary>The embedded store (an SQLite file).</summary>
    public string Store { get; set; } = "tapetrack.db";

    /// <summary>A store file (JSON) that creates the store when it does not exist yet; empty: the store must exist.</summary>
    public string? SeedStore { get; set; }

    /// <summary>The audit log, appended to: one line per change and per warning.</summary>
    public string AuditLog { get; set; } = "audit.log";

    /// <summary>Decide everything and send nothing.</summary>
    public bool DryRun { get; set; }
}
