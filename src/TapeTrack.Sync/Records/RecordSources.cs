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
    /// <summary>
    /// Opens the definition's input: its <see cref="SyncDefinition.InputFile"/>, or standard input when it has none.
    /// Reads of standard input, or of a file that is not a regular file (a FIFO), give way to cancellation at once,
    /// as <see cref="OpenStandardInput"/> says. (Opening a FIFO waits for its writer, before any token is given.)
    /// </summary>
    /// <param name="definition">The definition.</param>
    /// <param name="options">Encoding and limits of text input.</param>
    /// <exception cref="InvalidOperationException">The definition reads from ODBC: use the TapeTrack.Sync.Odbc package.</exception>
    /// <exception cref="FileNotFoundException">The input file does not exist.</exception>
    public static IRecordSource Open(SyncDefinition definition, TextSourceOptions? options = null) =>
        Open(definition, options, Console.OpenStandardInput);

    /// <summary>
    /// Reads the definition's records from standard input, whatever its <see cref="SyncDefinition.InputFile"/> says.
    /// A cancelled read does not wait for the writer: it is left behind (and ends when input comes or the writer
    /// closes), so a run whose token is cancelled ends at once even while standard input is silent.
    /// </summary>
    /// <param name="definition">The definition (delimited or fixed-position).</param>
    /// <param name="options">Encoding and limits.</param>
    /// <exception cref="InvalidOperationException">The definition reads from ODBC.</exception>
    public static IRecordSource OpenStandardInput(SyncDefinition definition, TextSourceOptions? options = null) =>
        Open(definition, options, Console.OpenStandardInput, ignoreInputFile: true);

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

    internal static IRecordSource Open(SyncDefinition definition, TextSourceOptions? options, Func<Stream> standardInput, bool ignoreInputFile = false)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        if (definition.Format == InputFormat.Odbc)
        {
            throw OdbcNeedsPackage(definition);
        }

        // standard input's stream (and a FIFO's) checks the token only before a read: a run cancelled while
        // the writer is silent would wait for its next line, or for ever
        if (ignoreInputFile || definition.InputFile is not { } path)
        {
            return OpenStream(definition, new CancellableReadStream(standardInput(), leaveOpen: false), options);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The input file '{path}' (SetFile{Named(definition)}) does not exist.", path);
        }

        var stream = new SequentialFileStream(path);
        return OpenStream(definition, stream.CanSeek ? stream : new CancellableReadStream(stream, leaveOpen: false), options);
    }

    private static InvalidOperationException OdbcNeedsPackage(SyncDefinition definition) =>
        new($"The definition{Named(definition)} reads from ODBC (SetODBC). Reference the TapeTrack.Sync.Odbc package and open it with OdbcRecordSources.Open(definition).");

    private static string Named(SyncDefinition definition) => definition.SourceName is { } name ? $" in {name}" : string.Empty;
}
