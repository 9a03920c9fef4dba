using System.Linq;
using System.Text;
using FsCheck.Xunit;
using TapeTrack.Sync.Records;
using static TapeTrack.Sync.Tests.Records.SourceReading;

namespace TapeTrack.Sync.Tests.Records;

public class DelimitedRoundTripProperties
{
    private const string Alphabet = "ab,\"\r\n \t;é";

    // any text over an alphabet rich in delimiters, quotes and line breaks, written with RFC 4180 quoting, reads back
    [Property(MaxTest = 200)]
    public bool Quoted_fields_read_back_as_written(string[][] rows)
    {
        var records = rows?.Where(r => r is { Length: > 0 }).Select(r => r.Select(Map).ToArray()).ToArray() ?? new string[0][];
        var text = new StringBuilder();
        foreach (var record in records)
        {
            text.Append(string.Join(",", record.Select(f => "\"" + f.Replace("\"", "\"\"") + "\""))).Append(records.Length % 2 == 0 ? "\r\n" : "\n");
        }

        var read = ReadDelimitedAsync(text.ToString()).GetAwaiter().GetResult();
        if (read.Count != records.Length)
        {
            return false;
        }

        long line = 1;
        for (int i = 0; i < records.Length; i++)
        {
            if (read[i].LineNumber != line || !Elements(read[i]).SequenceEqual(records[i]) || read[i].Problem is not null)
            {
                return false;
            }

            line += records[i].Sum(f => f.Count(c => c == '\n')) + 1;
        }

        return true;
    }

    private static string Map(string? field) => new((field ?? string.Empty).Select(c => Alphabet[c % Alphabet.Length]).ToArray());
}
