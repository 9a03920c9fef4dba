using System.Globalization;
using System.IO;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Import;

namespace TapeTrack.Sync.Cli;

/// <summary>Writes each warning and record error to standard error as the run goes, tells the progress which scope is
/// current, and hands every item to the report's spool when there is a report.</summary>
internal sealed class ConsoleObserver : SyncObserver
{
    private readonly TextWriter _stderr;
    private readonly ProgressReporter? _progress;
    private readonly SyncReportSpool? _report;

    public ConsoleObserver(TextWriter stderr, ProgressReporter? progress, SyncReportSpool? report = null)
    {
        _stderr = stderr;
        _progress = progress;
        _report = report;
    }

    public override void OnChange(SyncChange change)
    {
        _progress?.SetScope(change.Volume.Customer, change.Volume.Media);
        _report?.OnChange(change);
    }

    public override void OnWarning(SyncWarning warning)
    {
        _progress?.SetScope(warning.Volume.Customer, warning.Volume.Media);
        _stderr.WriteLine(warning.ToString());
        _report?.OnWarning(warning);
    }

    public override void OnRecordError(RecordError error)
    {
        _stderr.WriteLine(Describe(error));
        _report?.OnRecordError(error);
    }

    internal static string Describe(RecordError error) =>
        string.Format(CultureInfo.InvariantCulture, "line {0}: error: {1}{2}", error.Line, error.Field is null ? string.Empty : error.Field + ": ", error.Message);
}
