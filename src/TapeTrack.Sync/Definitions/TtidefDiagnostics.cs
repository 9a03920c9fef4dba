using System.Collections.Generic;

namespace TapeTrack.Sync.Definitions;

/// <summary>Collects the errors and warnings of one load, in the order found.</summary>
internal sealed class TtidefDiagnostics
{
    // A file of garbage would otherwise yield a diagnostic per character.
    private const int MaxErrors = 200;
    private readonly List<DefinitionDiagnostic> _items = new();
    private bool _truncated;

    public int ErrorCount { get; private set; }

    public bool HasErrors => ErrorCount > 0;

    public IReadOnlyList<DefinitionDiagnostic> Items => _items;

    public void Error(TtidefLocation at, string message) => Error(at.File, at.Line, at.Column, message);

    public void Error(string file, int line, int column, string message)
    {
        ErrorCount++;
        if (ErrorCount > MaxErrors)
        {
            if (!_truncated)
            {
                _truncated = true;
                _items.Add(new DefinitionDiagnostic(file, line, column, DiagnosticSeverity.Error, $"more than {MaxErrors} errors; the rest are not listed"));
            }

            return;
        }

        _items.Add(new DefinitionDiagnostic(file, line, column, DiagnosticSeverity.Error, message));
    }

    public void Warning(TtidefLocation at, string message)
    {
        if (_items.Count < MaxErrors * 2)
        {
            _items.Add(new DefinitionDiagnostic(at.File, at.Line, at.Column, DiagnosticSeverity.Warning, message));
        }
    }

    public List<DefinitionDiagnostic> Warnings()
    {
        var warnings = new List<DefinitionDiagnostic>();
        foreach (var item in _items)
        {
            if (item.Severity == DiagnosticSeverity.Warning)
            {
                warnings.Add(item);
            }
        }

        return warnings;
    }
}
