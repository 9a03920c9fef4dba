using TapeTrack.Sync.Import;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

/// <summary>Something a tape administrator should look at; the run goes on.</summary>
/// <param name="Kind">The kind of warning.</param>
/// <param name="Volume">The volume.</param>
/// <param name="Expected">The repository where the volume should be, or <see langword="null"/>.</param>
/// <param name="Actual">The repository where the source says it is, or <see langword="null"/>.</param>
/// <param name="Line">The input line of the record, or <see langword="null"/> for inventory warnings.</param>
public sealed record SyncWarning(WarningKind Kind, VolumeKey Volume, string? Expected, string? Actual, long? Line)
{
    /// <summary>The warning as one line for a log or a console.</summary>
    public override string ToString()
    {
        string where = Line is { } line ? $"line {line}: " : string.Empty;
        return ControlText.Escape(Kind switch
        {
            WarningKind.VolumeNotFound => $"{where}warning: {Kind}: {Volume} is not on the server",
            WarningKind.MissingFromLibrary or WarningKind.MissingFromLocation => $"{where}warning: {Kind}: {Volume} should be at {Expected} but was not listed",
            _ => $"{where}warning: {Kind}: {Volume} is at {Actual}, expected at {Expected}",
        });
    }
}
