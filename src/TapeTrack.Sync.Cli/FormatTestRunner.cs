using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Cli;

/// <summary>
/// The format test (<c>-F n</c>): reads records until <c>n</c> of them have given field values (or a record
/// error), printing one line per record read, and contacts no server. Headings, excluded and passed-over
/// records are shown but not counted, so <c>-F 5</c> shows five volumes however long the page heading is.
/// </summary>
internal static class FormatTestRunner
{
    public static async Task<(int Bodies, int Errors)> RunAsync(SyncDefinition definition, IRecordSource source, int count, TextWriter stdout, CancellationToken cancellationToken)
    {
        var importer = new RecordImporter(definition);
        int read = 0, bodies = 0, errors = 0;
        await foreach (var record in source.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            read++;
            var result = importer.Import(record);
            bodies += result.Status == ImportStatus.Body ? 1 : 0;
            errors += result.Status == ImportStatus.Error ? 1 : 0;
            await stdout.WriteLineAsync(Render(record.LineNumber, result)).ConfigureAwait(false);
            if (bodies + errors >= count || importer.Terminated)
            {
                break;
            }
        }

        await stdout.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "{0} records read, {1} with values, {2} record errors", read, bodies, errors)).ConfigureAwait(false);
        return (bodies, errors);
    }

    /// <summary>One record as <c>line 8: body VOLUME=A00001L6 CUSTOMER=US01 DESCRIPTION="DAILY POOL COPY"</c>.</summary>
    internal static string Render(long line, ImportResult result)
    {
        var text = new StringBuilder();
        text.Append("line ").Append(line.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(StatusName(result.Status));
        if (result.Record is { } values)
        {
            foreach (var pair in values.Values)
            {
                text.Append(' ').Append(pair.Key.Name()).Append('=');
                if (pair.Value.Length == 0 || pair.Value.IndexOf(' ') >= 0 || pair.Value.IndexOf('"') >= 0)
                {
                    text.Append('"').Append(pair.Value.Replace("\"", "\"\"")).Append('"');
                }
                else
                {
                    text.Append(pair.Value);
                }
            }
        }
        else if (result.Error is { } error)
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

    private static string StatusName(ImportStatus status) => status switch
    {
        ImportStatus.Body => "body",
        ImportStatus.Header => "header",
        ImportStatus.Excluded => "excluded",
        ImportStatus.PassedOver => "passed over",
        ImportStatus.Terminated => "terminate",
        ImportStatus.Error => "error",
        ImportStatus.Blank => "blank",
        _ => status.ToString().ToLowerInvariant(),
    };
}
