namespace TapeTrack.Sync.Definitions;

/// <summary>Where something is in a definition source: file, one-based line and column (UTF-16 code units).</summary>
internal readonly record struct TtidefLocation(string File, int Line, int Column)
{
    public TtidefLocation Shift(int columns) => new(File, Line, Column + columns);

    public override string ToString() => $"{File}:{Line}:{Column}";
}
