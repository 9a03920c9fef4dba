using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TapeTrack.Sync.Engine;

/// <summary>The counts of a sync run, as sync.md defines them.</summary>
public sealed class SyncStatistics
{
    private readonly SortedDictionary<string, int> _fieldChanges = new(StringComparer.Ordinal);
    private readonly int[] _warnings = new int[Enum.GetValues(typeof(WarningKind)).Length];

    /// <summary>Every record taken from the source: headings, markers and excluded records included.</summary>
    public long RecordsRead { get; internal set; }

    /// <summary>Records of header blocks.</summary>
    public long HeaderRecords { get; internal set; }

    /// <summary>Records skipped by an EXCLUSION rule or <c>AddExclusionOnValue</c>.</summary>
    public long RecordsExcluded { get; internal set; }

    /// <summary>Records passed over: START/END markers, records while processing is off, blank records.</summary>
    public long RecordsPassedOver { get; internal set; }

    /// <summary>Records skipped with a record error.</summary>
    public long RecordErrors { get; internal set; }

    /// <summary>Body records whose volume the server has: unchanged plus updated.</summary>
    public long VolumesMatched => VolumesUnchanged + VolumesUpdated;

    /// <summary>Body records whose volume the server does not have (not added).</summary>
    public long VolumesNotFound { get; internal set; }

    /// <summary>Volumes added to the server.</summary>
    public long VolumesAdded { get; internal set; }

    /// <summary>Matched records that changed nothing (a warning alone leaves a volume unchanged).</summary>
    public long VolumesUnchanged { get; internal set; }

    /// <summary>Matched records that changed something (a confirmation included).</summary>
    public long VolumesUpdated { get; internal set; }

    /// <summary>Changes per field name.</summary>
    public IReadOnlyDictionary<string, int> FieldChanges => _fieldChanges;

    /// <summary>Moves requested: targets set to another repository.</summary>
    public long MovesRequested { get; internal set; }

    /// <summary>Moves cancelled: targets set back to the current repository.</summary>
    public long MovesCancelled { get; internal set; }

    /// <summary>Target changes skipped by an <c>AddSkipOnRepositoryChange</c> rule.</summary>
    public long SkippedByRule { get; internal set; }

    /// <summary>Volumes confirmed where they were bound for.</summary>
    public long Confirmations { get; internal set; }

    /// <summary>All warnings.</summary>
    public long Warnings
    {
        get
        {
            long total = 0;
            foreach (var count in _warnings)
            {
                total += count;
            }

            return total;
        }
    }

    /// <summary>Distinct customer/media scopes named by the input.</summary>
    public int Scopes { get; internal set; }

    /// <summary>Scope downloads from the server.</summary>
    public long ScopeDownloads { get; internal set; }

    /// <summary>Requests made of the server: logon, downloads, reads and batches.</summary>
    public long ServerRequests { get; internal set; }

    /// <summary>
    /// Bytes the session sent over the network, below TLS (a remote session, <see cref="Sessions.IServerSessionTraffic"/>):
    /// everything since the session was created, its logon included; 0 for a local store.
    /// </summary>
    public long BytesSent { get; internal set; }

    /// <summary>Bytes the session received over the network, below TLS; 0 for a local store. See <see cref="BytesSent"/>.</summary>
    public long BytesReceived { get; internal set; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; internal set; }

    /// <summary>The number of warnings of one kind.</summary>
    /// <param name="kind">The kind.</param>
    public int WarningsOf(WarningKind kind) => _warnings[(int)kind];

    internal void CountWarning(WarningKind kind) => _warnings[(int)kind]++;

    internal void CountChange(string field) =>
        _fieldChanges[field] = _fieldChanges.TryGetValue(field, out int n) ? n + 1 : 1;

    /// <summary>The statistics as the command line prints them.</summary>
    public override string ToString()
    {
        // the values start in one column, one space after the longest label (at least 22 characters in)
        var rows = new List<(string Name, string Value)>();
        void Line(string name, object value) => rows.Add((name, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
        Line("Records read:", RecordsRead);
        Line("Header records:", HeaderRecords);
        Line("Records excluded:", RecordsExcluded);
        Line("Records passed over:", RecordsPassedOver);
        Line("Record errors:", RecordErrors);
        Line("Volumes matched:", VolumesMatched);
        Line("Volumes not found:", VolumesNotFound);
        Line("Volumes added:", VolumesAdded);
        Line("Volumes unchanged:", VolumesUnchanged);
        Line("Volumes updated:", VolumesUpdated);
        foreach (var pair in _fieldChanges)
        {
            Line("  " + pair.Key + ":", pair.Value);
        }

        Line("Moves requested:", MovesRequested);
        Line("Moves cancelled:", MovesCancelled);
        Line("Skipped by rule:", SkippedByRule);
        Line("Confirmations:", Confirmations);
        Line("Warnings:", Warnings);
        foreach (WarningKind kind in Enum.GetValues(typeof(WarningKind)))
        {
            if (WarningsOf(kind) > 0)
            {
                Line("  " + kind + ":", WarningsOf(kind));
            }
        }

        Line("Scopes:", Scopes);
        Line("Scope downloads:", ScopeDownloads);
        Line("Server requests:", ServerRequests);
        if (BytesSent + BytesReceived > 0)
        {
            Line("Bytes sent:", BytesSent);
            Line("Bytes received:", BytesReceived);
        }

        Line("Elapsed:", Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s");
        int width = 22;
        foreach (var row in rows)
        {
            width = Math.Max(width, row.Name.Length + 1);
        }

        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(row.Name.PadRight(width)).Append(row.Value).Append('\n');
        }

        return text.ToString();
    }
}
