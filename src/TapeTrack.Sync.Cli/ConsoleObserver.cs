using System.Globalization;
using System.IO;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Import;

namespace TapeTrack.Sync.Cli;

/// <summary>Writes each warning and record error to standard error as the run goes, and tells the progress which scope is current.</summary>
internal sealed class ConsoleObserver : SyncObserver
{
    private readonly TextWriter _stderr;
    private readonly ProgressReporter? _progress;

    public ConsoleObserver(TextWriter stderr, ProgressReporter? progress)
    {
        _stderr = stderr;
        _progress = progress;
    }

    public override void OnChange(SyncChange change) => _progress?.SetScope(change.Volume.Customer, change.Volume.Media);

    public override void OnWarning(SyncWarning warning)
    {
        _progress?.SetScope(warning.Volume.Customer, warning.Volume.Media);
        _stderr.WriteLine(warning.ToString());
    }

    public override void OnRecordError(RecordError error) => _stderr.WriteLine(Describe(error));

    internal static string Describe(RecordError error) =>
        string.Format(CultureInfo.InvariantCulture, "line {0}: error: {1}{2}", error.Line, error.Field is null ? string.Empty : error.Field + ": ", error.Message);
}
