using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Import;

/// <summary>
/// The format test (<c>-F n</c>): reads the first records of an input through a definition and shows what
/// each one turned out to be and the field values it gives, without a server. Use it to check a definition
/// against a real report before a sync.
/// </summary>
/// <example>
/// <code>
/// await using var source = RecordSources.Open(definition);
/// await foreach (var row in FormatTest.RunAsync(definition, source, 50))
/// {
///     Console.WriteLine(FormatTest.Render(row));
/// }
/// </code>
/// </example>
public static class FormatTest
{
    /// <summary>
    /// Reads up to <paramref name="count"/> records (every record counts, headings and markers too) and gives a
    /// row per record; it stops early at the end of the input or after a TERMINATE record.
    /// </summary>
    /// <param name="definition">The definition.</param>
    /// <param name="source">The records; read once.</param>
    /// <param name="count">How many records to read, at least 1.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public static IAsyncEnumerable<FormatTestRow> RunAsync(SyncDefinition definition, IRecordSource source, int count, CancellationToken cancellationToken = default)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        if (source is null)
        {
            throw new ArgumentNullException(nameof(source));
        }

        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "A format test reads at least one record.");
        }

        return Run(definition, source, count, cancellationToken);
    }

    /// <summary>
    /// One row as a line of text: the line number, the status and the values (<c>FIELD=value</c>, quoted when the
    /// value holds a space, control characters such as a line break written <c>\x0A</c>) or the error, such as
    /// <c>line 8: body VOLUME=A00001L6 CUSTOMER=US01 MEDIA=LTO DESCRIPTION="DAILY POOL COPY"</c>.
    /// </summary>
    /// <param name="row">The row.</param>
    public static string Render(FormatTestRow row)
    {
        if (row is null)
        {
            throw new ArgumentNullException(nameof(row));
        }

        var text = new StringBuilder();
        text.Append("line ").Append(row.Line.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(StatusName(row.Status));
        if (row.Record is { } record)
        {
            foreach (var pair in record.Values)
            {
                text.Append(' ').Append(pair.Key.Name()).Append('=');

                // a line break of a quoted CSV value, shown as it is, would start a line that looks like a record's
                string value = ControlText.Escape(pair.Value);
                if (value.IndexOf(' ') >= 0 || value.IndexOf('"') >= 0)
                {
                    text.Append('"').Append(value.Replace("\"", "\"\"")).Append('"');
                }
                else
                {
                    text.Append(value);
                }
            }
        }
        else if (row.Error is { } error)
        {
            text.Append(' ');
            if (error.Field is not null)
            {
                text.Append(error.Field).Append(": ");
            }

            text.Append(error.Message);
        }

        return text.ToString();
    }

    /// <summary>Every row, one per line (<see cref="Render(FormatTestRow)"/>), followed by a count of body records and errors.</summary>
    /// <param name="rows">The rows.</param>
    public static string Render(IEnumerable<FormatTestRow> rows)
    {
        if (rows is null)
        {
            throw new ArgumentNullException(nameof(rows));
        }

        var text = new StringBuilder();
        int read = 0, bodies = 0, errors = 0;
        foreach (var row in rows)
        {
            read++;
            bodies += row.Status == ImportStatus.Body ? 1 : 0;
            errors += row.Status == ImportStatus.Error ? 1 : 0;
            text.Append(Render(row)).Append('\n');
        }

        text.Append(read.ToString(CultureInfo.InvariantCulture)).Append(" records read, ").Append(bodies.ToString(CultureInfo.InvariantCulture)).Append(" with values, ").Append(errors.ToString(CultureInfo.InvariantCulture)).Append(" record errors\n");
        return text.ToString();
    }

    private static async IAsyncEnumerable<FormatTestRow> Run(SyncDefinition definition, IRecordSource source, int count, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var importer = new RecordImporter(definition);
        int read = 0;
        await foreach (var record in source.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var result = importer.Import(record);
            yield return new FormatTestRow(record.LineNumber, record.Text.ToString(), result);
            if (++read >= count || importer.Terminated)
            {
                yield break;
            }
        }
    }

    private static string StatusName(ImportStatus status) => status switch
    {
        ImportStatus.Body => "body",
        ImportStatus.Header => "header",
        ImportStatus.Excluded => "excluded",
        ImportStatus.PassedOver => "passed over",
        ImportStatus.Terminated => "terminate",
        ImportStatus.Error => "error",
        ImportStatus.Blank => "blank",
        _ => status.ToString(),
    };
}
