using System;
using System.Collections.Generic;
using System.Linq;

namespace TapeTrack.Sync.Definitions;

/// <summary>A definition with errors: it never runs. <see cref="Diagnostics"/> lists every error and warning found.</summary>
public sealed class DefinitionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="diagnostics">The errors and warnings; at least one error.</param>
    public DefinitionException(IReadOnlyList<DefinitionDiagnostic> diagnostics)
        : base(Describe(diagnostics))
    {
        Diagnostics = diagnostics;
    }

    /// <summary>Every error and warning, in the order found.</summary>
    public IReadOnlyList<DefinitionDiagnostic> Diagnostics { get; }

    /// <summary>The errors only.</summary>
    public IEnumerable<DefinitionDiagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    private static string Describe(IReadOnlyList<DefinitionDiagnostic> diagnostics)
    {
        if (diagnostics is null)
        {
            throw new ArgumentNullException(nameof(diagnostics));
        }

        int errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        return $"The definition has {errors} error{(errors == 1 ? string.Empty : "s")}:{Environment.NewLine}"
            + string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
    }
}
