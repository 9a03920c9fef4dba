using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Cli;

/// <summary>
/// The format test (<c>-F n</c>) over <see cref="FormatTest"/>: reads records until <c>n</c> of them have given
/// field values (or a record error), printing one line per record read, and contacts no server. Headings,
/// excluded and passed-over records are shown but not counted, so <c>-F 5</c> shows five volumes however long
/// the page heading is.
/// </summary>
internal static class FormatTestRunner
{
    public static async Task<(int Bodies, int Errors)> RunAsync(SyncDefinition definition, IRecordSource source, int count, TextWriter stdout, CancellationToken cancellationToken)
    {
        int read = 0, bodies = 0, errors = 0;
        await foreach (var row in FormatTest.RunAsync(definition, source, int.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            read++;
            bodies += row.Status == ImportStatus.Body ? 1 : 0;
            errors += row.Status == ImportStatus.Error ? 1 : 0;
            await stdout.WriteLineAsync(FormatTest.Render(row)).ConfigureAwait(false);
            if (bodies + errors >= count)
            {
                break;
            }
        }

        await stdout.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "{0} records read, {1} with values, {2} record errors", read, bodies, errors)).ConfigureAwait(false);
        return (bodies, errors);
    }
}
