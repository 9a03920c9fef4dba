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
    public static IRecordSource Open(SyncDefinition definition, CliEnvironment env, TextReader stdin)
    {
        if (definition.Format == InputFormat.Odbc)
        {
            // connects when the records are read: a failure there is a connection failure (exit 3)
            return OdbcRecordSources.Open(definition);
        }

        if (definition.InputFile is { } file)
        {
            string path = env.Resolve(file);
            if (!File.Exists(path))
            {
                throw new UsageException($"the input file '{path}' named by SetFile in {definition.SourceName} does not exist", aboutOptions: false);
            }

            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return RecordSources.OpenStream(definition, stream);
        }

        // the process's standard input stays open for whoever owns it
        return env.StandardInput is { } input
            ? RecordSources.OpenStream(definition, input, leaveOpen: true)
            : RecordSources.OpenStream(definition, new TextReaderStream(stdin, new UTF8Encoding(false)), leaveOpen: false);
    }
}
