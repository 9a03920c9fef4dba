using System.Globalization;

namespace TapeTrack.Sync.Definitions;

/// <summary>An error or warning about a definition, with where it is: <c>file:line:column: error: message</c>.</summary>
/// <param name="File">The definition file (or source name); <see langword="null"/> for a definition built in code.</param>
/// <param name="Line">The one-based line, or 0 when there is no position.</param>
/// <param name="Column">The one-based column, or 0 when there is no position.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Message">What is wrong.</param>
public sealed record DefinitionDiagnostic(string? File, int Line, int Column, DiagnosticSeverity Severity, string Message)
{
    /// <summary>The diagnostic as a compiler writes it: <c>file:line:column: error: message</c>.</summary>
    public override string ToString()
    {
        string kind = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        if (Line <= 0)
        {
            return File is null ? $"{kind}: {Message}" : $"{File}: {kind}: {Message}";
        }

        return string.Format(CultureInfo.InvariantCulture, "{0}:{1}:{2}: {3}: {4}", File ?? "<definition>", Line, Column, kind, Message);
    }
}
