using System;
using System.Globalization;
using System.IO;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Import;

namespace InHouseTool;

/// <summary>Hears every change, warning and record error of a run and appends one line for each to the audit log.</summary>
public sealed class AuditLogObserver : SyncObserver, IDisposable
{
    private readonly TextWriter _log;
    private readonly TimeProvider _clock;
    private readonly string _mode;

    public AuditLogObserver(string path, TimeProvider clock, bool dryRun)
    {
        _log = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read));
        _clock = clock;
        _mode = dryRun ? "planned" : "applied";
    }

    public override void OnChange(SyncChange change) =>
        Write($"{_mode} {change.Action} {change.Volume} {change.Field}: {change.From ?? "(empty)"} -> {change.To ?? "(empty)"} (line {change.Line})");

    public override void OnWarning(SyncWarning warning) => Write(warning.ToString());

    public override void OnRecordError(RecordError error) => Write(error.ToString());

    public void Dispose() => _log.Dispose();

    private void Write(string line) =>
        _log.WriteLine(_clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) + " " + line);
}
