using System;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Odbc;

/// <summary>
/// Opens the record source of any definition: <c>SetODBC</c> definitions through ODBC, the others through
/// <see cref="RecordSources.Open(SyncDefinition, TextSourceOptions?)"/> (a file or standard input).
/// </summary>
public static class OdbcRecordSources
{
    /// <summary>Opens the definition's input.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="options">Encoding and limits of text input (not used for ODBC).</param>
    public static IRecordSource Open(SyncDefinition definition, TextSourceOptions? options = null)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        return definition.Format == InputFormat.Odbc ? OdbcRecordSource.Open(definition) : RecordSources.Open(definition, options);
    }
}
