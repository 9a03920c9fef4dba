using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Definitions;

/// <summary>
/// Loads <c>.ttidef</c> definition files, the language of TapeTrack's TMSS10Sync (see <c>docs/definition-language.md</c>).
/// One load reports every error and warning of the file and its includes as <c>file:line:column</c>; a definition
/// with errors throws <see cref="DefinitionException"/>, and nothing else is thrown for any text.
/// A loader keeps no state between loads and may be shared between threads.
/// </summary>
/// <example>
/// <code>
/// var loader = new TtidefLoader(new TtidefLoaderOptions { Variables = { ["SITE"] = "US01" } });
/// SyncDefinition definition = await loader.LoadAsync("default.ttidef");
/// foreach (var warning in definition.Warnings) Console.Error.WriteLine(warning);
/// </code>
/// </example>
public sealed class TtidefLoader
{
    private readonly Dictionary<string, string> _variables;
    private readonly Func<string, string?>? _environment;
    private readonly int _maxIncludeDepth;
    private readonly long _maxFileSize;

    /// <summary>Creates a loader.</summary>
    /// <param name="options">The options, read now; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="TtidefLoaderOptions.MaxIncludeDepth"/> is negative or <see cref="TtidefLoaderOptions.MaxFileSize"/> is less than 1.</exception>
    public TtidefLoader(TtidefLoaderOptions? options = null)
    {
        options ??= new TtidefLoaderOptions();
        if (options.MaxIncludeDepth < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxIncludeDepth, "MaxIncludeDepth must be 0 or more.");
        }

        if (options.MaxFileSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxFileSize, "MaxFileSize must be at least 1 byte.");
        }

        _variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (options.Variables is not null)
        {
            foreach (var pair in options.Variables)
            {
                _variables[pair.Key] = pair.Value ?? string.Empty;
            }
        }

        _environment = options.EnvironmentVariables;
        _maxIncludeDepth = options.MaxIncludeDepth;
        _maxFileSize = options.MaxFileSize;
    }

    /// <summary>Loads definition text. Its <c>Include</c> paths are resolved from the current directory.</summary>
    /// <param name="text">The definition text.</param>
    /// <param name="sourceName">The name diagnostics give the text.</param>
    /// <returns>The definition; its <see cref="SyncDefinition.Warnings"/> list what loaded but looks wrong.</returns>
    /// <exception cref="DefinitionException">The text (or a file it includes) has errors; every error found is listed.</exception>
    public SyncDefinition Parse(string text, string sourceName = "<text>")
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        sourceName ??= "<text>";
        // A UTF-8 byte is at most one character, so a text longer than the limit is over it without counting.
        long size = text.Length > _maxFileSize ? text.Length : Encoding.UTF8.GetByteCount(text);
        if (size > _maxFileSize)
        {
            throw Refused(sourceName, TtidefSourceReader.TooLarge(size, _maxFileSize));
        }

        return Run(text, sourceName, Directory.GetCurrentDirectory(), fullPath: null);
    }

    /// <summary>Loads the definition at <paramref name="path"/>.</summary>
    /// <param name="path">The definition file.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The definition; its <see cref="SyncDefinition.Warnings"/> list what loaded but looks wrong.</returns>
    /// <exception cref="DefinitionException">The file cannot be read or has errors; every error found is listed.</exception>
    /// <remarks>The file is read asynchronously; the small files it includes are read synchronously while it is checked.</remarks>
    public async ValueTask<SyncDefinition> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (path.Trim().Length == 0)
        {
            throw Refused(path, "the path is empty");
        }

        if (!TtidefSourceReader.TryGetFullPath(path, null, out var fullPath, out var problem))
        {
            throw Refused(path, problem ?? "the path is not valid");
        }

        var (text, readProblem) = await TtidefSourceReader.ReadAsync(fullPath, _maxFileSize, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            throw Refused(path, readProblem ?? "the file cannot be read");
        }

        return Run(text, path, Path.GetDirectoryName(fullPath) ?? Directory.GetCurrentDirectory(), fullPath);
    }

    private static DefinitionException Refused(string name, string problem) => new(new[]
    {
        new DefinitionDiagnostic(name, 0, 0, DiagnosticSeverity.Error, $"cannot load the definition '{name}': {problem}"),
    });

    private SyncDefinition Run(string text, string sourceName, string baseDirectory, string? fullPath)
    {
        var diagnostics = new TtidefDiagnostics();
        var binder = new TtidefBinder(diagnostics, Variable, _maxIncludeDepth, _maxFileSize);
        try
        {
            binder.BindSource(text, sourceName, baseDirectory, fullPath);
            return binder.Finish(sourceName);
        }
        catch (Exception e) when (e is not DefinitionException and not OperationCanceledException)
        {
            // The contract is DefinitionException for any text: a defect of ours must not surface as something else.
            diagnostics.Error(sourceName, 0, 0, $"internal error while loading the definition ({e.GetType().Name}: {e.Message})");
            throw new DefinitionException(diagnostics.Items);
        }
    }

    private string? Variable(string name)
    {
        if (_variables.TryGetValue(name, out var value))
        {
            return value;
        }

        return _environment?.Invoke(name);
    }
}
