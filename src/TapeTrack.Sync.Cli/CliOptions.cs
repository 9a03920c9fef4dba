using System;
using System.Collections.Generic;
using System.Text;

using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Cli;

/// <summary>What the command line (and the batch configuration of <c>-c</c>) asked for.</summary>
internal sealed class CliOptions
{
    public CliCommand Command { get; set; } = CliCommand.Sync;

    public bool Help { get; set; }

    public bool Version { get; set; }

    // TMSS10Sync options
    public string? Logon { get; set; }

    public string? DefinitionPath { get; set; }

    public bool AddVolumes { get; set; }

    public int DescriptionAttribute { get; set; }

    public int? FormatTestCount { get; set; }

    public string? ConfigFile { get; set; }

    // long options; null: not given (a batch configuration may give a default)
    public string? TrustThumbprint { get; set; }

    public bool? DryRun { get; set; }

    public string? ReportPath { get; set; }

    public bool? Inventory { get; set; }

    public Dictionary<string, string> Variables { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int? MaxErrors { get; set; }

    public int? ScopeCache { get; set; }

    public int? BatchSize { get; set; }

    public DateTime? Now { get; set; }

    public DateTimeOffset? NowWithOffset { get; set; }

    public string? TimeZoneId { get; set; }

    public bool? Progress { get; set; }

    /// <summary>The encoding of text input (<c>--encoding</c>); <see langword="null"/>: UTF-8. A byte-order mark wins.</summary>
    public Encoding? Encoding { get; set; }

    /// <summary>The settings the command line gave (<see cref="CliOption.SettingKey"/>): a batch configuration does not override them.</summary>
    public HashSet<string> Given { get; } = new(StringComparer.OrdinalIgnoreCase);

    // store sub-commands
    public string? StoreFile { get; set; }

    public string? StorePath { get; set; }

    // serve
    public List<string> Urls { get; } = new();

    public string? CertificatePath { get; set; }

    public string? CertificatePasswordVariable { get; set; }

    /// <summary><c>--postgres CONNECTION</c>: the PostgreSQL store of the store sub-commands (and of serve).</summary>
    public string? Postgres { get; set; }

    /// <summary><c>store history --volume CUST.MEDIA.VOLUME</c>.</summary>
    public VolumeKey? HistoryVolume { get; set; }

    /// <summary><c>store history --since DATE</c>.</summary>
    public DateTimeOffset? HistorySince { get; set; }

    public bool ReportToStandardOutput => ReportPath == "-";
}
