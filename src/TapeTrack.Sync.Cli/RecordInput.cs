using System;
using System.IO;
using System.Text;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Cli;

/// <summary>
/// Opens the record source of a definition for the tool: its <c>SetFile</c> file (relative to the working folder)
/// or standard input. The one place the tool meets the record sources, so ODBC can be wired here.
/// </summary>
internal static class RecordInput
{
    /// <exception cref="UsageException">The definition reads from ODBC, or its input file does not exist.</exception>
    public static IRecordSource Open(SyncDefinition definition, CliEnvironment env, TextReader stdin)
    {
        if (definition.Format == InputFormat.Odbc)
        {
            throw new UsageException($"the definition {definition.SourceName} reads from ODBC (SetODBC), which this build of tapetrack-sync cannot read; export the query to a file, or use the TapeTrack.Sync.Odbc package from code", aboutOptions: false);
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
