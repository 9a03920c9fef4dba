using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Tests.Records;

internal static class SourceReading
{
    public static async Task<List<SourceRecord>> ReadAllAsync(IRecordSource source)
    {
        var records = new List<SourceRecord>();
        await using (source)
        {
            await foreach (var record in source.ReadAsync())
            {
                records.Add(record.Clone());
            }
        }

        return records;
    }

    public static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    public static string[] Elements(SourceRecord record)
    {
        var elements = new string[record.ElementCount];
        for (int i = 0; i < elements.Length; i++)
        {
            elements[i] = record.GetElement(i + 1).ToString();
        }

        return elements;
    }

    public static Task<List<SourceRecord>> ReadDelimitedAsync(string text, char delimiter = ',', TextSourceOptions? options = null) =>
        ReadAllAsync(new DelimitedRecordSource(Utf8(text), delimiter, options));

    public static Task<List<SourceRecord>> ReadFixedAsync(string text, TextSourceOptions? options = null) =>
        ReadAllAsync(new FixedPositionRecordSource(Utf8(text), options));
}
