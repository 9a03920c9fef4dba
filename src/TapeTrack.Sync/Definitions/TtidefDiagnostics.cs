using System;
using System.Collections.Generic;
using System.Linq;

namespace TapeTrack.Sync.Definitions;

/// <summary>Collects the errors and warnings of one load; lists them by position, like a compiler.</summary>
internal sealed class TtidefDiagnostics
{
    // A file of garbage would otherwise yield a diagnostic per character.
    private const int MaxErrors = 200;
    private readonly List<DefinitionDiagnostic> _items = new();
    private DefinitionDiagnostic? _truncated;

    public int ErrorCount { get; private set; }

    public bool HasErrors => ErrorCount > 0;

    /// <summary>Whether no more errors will be listed, so finding them is wasted work.</summary>
    public bool IsFull => ErrorCount > MaxErrors;

    /// <summary>Every diagnostic, by file (in the order files were first reported on), then line and column.</summary>
    public IReadOnlyList<DefinitionDiagnostic> Items
    {
        get
        {
            var files = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var item in _items)
            {
                var file = item.File ?? string.Empty;
                if (!files.ContainsKey(file))
                {
                    files[file] = files.Count;
                }
            }

            // OrderBy is stable: diagnostics at one position keep the order they were found in.
            var sorted = _items
                .Select((item, index) => (item, index))
                .OrderBy(x => files[x.item.File ?? string.Empty])
                .ThenBy(x => x.item.Line)
                .ThenBy(x => x.item.Column)
                .ThenBy(x => x.index)
                .Select(x => x.item)
                .ToList();
            if (_truncated is not null)
            {
                sorted.Add(_truncated);
            }

            return sorted;
        }
    }

    public void Error(TtidefLocation at, string message) => Error(at.File, at.Line, at.Column, message);

    public void Error(string file, int line, int column, string message)
    {
        ErrorCount++;
        if (ErrorCount > MaxErrors)
        {
            _truncated ??= new DefinitionDiagnostic(file, line, column, DiagnosticSeverity.Error, $"more than {MaxErrors} errors; the rest are not listed");
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
        foreach (var item in Items)
        {
            if (item.Severity == DiagnosticSeverity.Warning)
            {
                warnings.Add(item);
            }
        }

        return warnings;
    }
}
