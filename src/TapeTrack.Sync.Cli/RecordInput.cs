using System;
using System.IO;
using System.Text;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Odbc;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Cli;

/// <summary>
/// Opens the record source of a definition for the tool: its <c>SetFile</c> file (relative to the working folder)
/// standard input, or an ODBC query (<c>SetODBC</c>). The one place the tool meets the record sources.
/// </summary>
internal static class RecordInput
{
    /// <exception cref="UsageException">The definition's input file does not exist.</exception>
    /// <param name="encoding">The encoding of text input (<c>--encoding</c>); <see langword="null"/>: UTF-8. A byte-order mark wins.</param>
    public static IRecordSource Open(SyncDefinition definition, CliEnvironment env, TextReader stdin, Encoding? encoding)
    {
        var textOptions = new TextSourceOptions();
        if (encoding is not null)
        {
            textOptions.Encoding = encoding;
        }

        if (definition.Format == InputFormat.Odbc)
        {
            // connects when the records are read: a failure there is a connection failure (exit 3)
            return OdbcRecordSources.Open(definition);
        }

        if (definition.InputFile is { } file)
        {
            string path = env.Resolve(file);
            // a folder first: File.Exists is false for one, which would say it does not exist
            if (Directory.Exists(path))
            {
                throw new UsageException($"the input file '{path}' named by SetFile in {definition.SourceName} is a folder, not a file", aboutOptions: false);
            }

            if (!File.Exists(path))
            {
                throw new UsageException($"the input file '{path}' named by SetFile in {definition.SourceName} does not exist", aboutOptions: false);
            }

            // a FIFO blocks in the open itself: that wait, too, belongs to the reads that give way to Ctrl+C
            var stream = new CancellableReadStream(new LazyFileStream(path), leaveOpen: false);
            return RecordSources.OpenStream(definition, stream, textOptions);
        }

        if (env.StandardInputClosed)
        {
            throw new UsageException(
                $"standard input is closed, and {definition.SourceName ?? "the definition"} names no SetFile, so the records would come from it: give the report on standard input (< report.csv, or a pipe) or name it with SetFile",
                aboutOptions: false);
        }

        // the process's standard input stays open for whoever owns it
        return env.StandardInput is { } input
            ? RecordSources.OpenStream(definition, new CancellableReadStream(input, leaveOpen: true), textOptions)
            : RecordSources.OpenStream(definition, new TextReaderStream(stdin, textOptions.Encoding), textOptions, leaveOpen: false);
    }
}
