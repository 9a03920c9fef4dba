using System;
using System.IO;
using TapeTrack.Sync.Definitions;

namespace TapeTrack.Sync.Records;

/// <summary>
/// Opens the record source a definition asks for: delimited text when it has <c>SetCSVDelimiter</c>, a
/// fixed-position report otherwise, read from its <c>SetFile</c> file or, without one, from standard input.
/// ODBC definitions (<c>SetODBC</c>) are opened by the TapeTrack.Sync.Odbc package
/// (<c>OdbcRecordSources.Open</c>), which falls back to this class for the others.
/// </summary>
/// <example>
/// <code>
/// await using var source = RecordSources.Open(definition);
/// var importer = new RecordImporter(definition);
/// await foreach (var record in source.ReadAsync(cancellationToken))
/// {
///     var result = importer.Import(record);
///     if (importer.Terminated) break;
/// }
/// </code>
/// </example>
public static class RecordSources
{
    /// <summary>Opens the definition's input: its <see cref="SyncDefinition.InputFile"/>, or standard input when it has none.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="options">Encoding and limits of text input.</param>
    /// <exception cref="InvalidOperationException">The definition reads from ODBC: use the TapeTrack.Sync.Odbc package.</exception>
    /// <exception cref="FileNotFoundException">The input file does not exist.</exception>
    public static IRecordSource Open(SyncDefinition definition, TextSourceOptions? options = null) =>
        Open(definition, options, Console.OpenStandardInput);

    /// <summary>Reads the definition's records from standard input, whatever its <see cref="SyncDefinition.InputFile"/> says.</summary>
    /// <param name="definition">The definition (delimited or fixed-position).</param>
    /// <param name="options">Encoding and limits.</param>
    /// <exception cref="InvalidOperationException">The definition reads from ODBC.</exception>
    public static IRecordSource OpenStandardInput(SyncDefinition definition, TextSourceOptions? options = null) =>
        OpenStream(definition, Console.OpenStandardInput(), options);

    /// <summary>Reads the definition's records from a stream: standard input, a network stream, a decompressed file.</summary>
    /// <param name="definition">The definition (delimited or fixed-position).</param>
    /// <param name="stream">The input.</param>
    /// <param name="options">Encoding and limits.</param>
    /// <param name="leaveOpen">Whether disposing the source leaves the stream open.</param>
    /// <exception cref="InvalidOperationException">The definition reads from ODBC.</exception>
    public static IRecordSource OpenStream(SyncDefinition definition, Stream stream, TextSourceOptions? options = null, bool leaveOpen = false)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        return definition.Format switch
        {
            InputFormat.Delimited => new DelimitedRecordSource(stream, definition.Delimiter, options, leaveOpen),
            InputFormat.FixedPosition => new FixedPositionRecordSource(stream, options, leaveOpen),
            _ => throw OdbcNeedsPackage(definition),
        };
    }

    internal static IRecordSource Open(SyncDefinition definition, TextSourceOptions? options, Func<Stream> standardInput)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        if (definition.Format == InputFormat.Odbc)
        {
            throw OdbcNeedsPackage(definition);
        }

        if (definition.InputFile is not { } path)
        {
            return OpenStream(definition, standardInput(), options);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The input file '{path}' (SetFile{Named(definition)}) does not exist.", path);
        }

        var stream = new SequentialFileStream(path);
        return OpenStream(definition, stream, options);
    }

    private static InvalidOperationException OdbcNeedsPackage(SyncDefinition definition) =>
        new($"The definition{Named(definition)} reads from ODBC (SetODBC). Reference the TapeTrack.Sync.Odbc package and open it with OdbcRecordSources.Open(definition).");

    private static string Named(SyncDefinition definition) => definition.SourceName is { } name ? $" in {name}" : string.Empty;
}
