namespace TapeTrack.Sync.Definitions;

/// <summary>How serious a <see cref="DefinitionDiagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The definition loads; something may not mean what was intended.</summary>
    Warning,
    /// <summary>The definition does not load.</summary>
    Error,
}
