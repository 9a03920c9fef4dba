using System.Globalization;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Benchmarks;

/// <summary>Import throughput per record: a text source feeding the import engine, from bytes in memory to typed values.</summary>
[MemoryDiagnoser]
public class ImportBenchmarks
{
    private const int Records = 10_000;

    private byte[] _delimited = null!;
    private byte[] _fixed = null!;
    private SyncDefinition _delimitedDefinition = null!;
    private SyncDefinition _fixedDefinition = null!;

    [GlobalSetup]
    public void Setup()
    {
        var csv = new StringBuilder();
        for (int i = 0; i < Records; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i:000000}L6,US01,LTO,{(i % 3 == 0 ? "Vault" : "Library")},11/{1 + (i % 28):00}/2026 22:15:01,\"daily, pool {i % 7}\"\r\n");
        }

        _delimited = Encoding.UTF8.GetBytes(csv.ToString());
        _delimitedDefinition = new SyncDefinitionBuilder()
            .SetCsvDelimiter(',')
            .Extract(SyncField.Volume, 1, 10)
            .Extract(SyncField.Customer, 2, 4)
            .Extract(SyncField.Media, 3, 4)
            .Extract(SyncField.Repository, 4, 20)
            .AddTranslation(SyncField.Repository, "Vault", "OFFS")
            .AddTranslation(SyncField.Repository, "Library", "LIBR")
            .Extract(SyncField.WriteTime, 5, 19)
            .SetWriteTimeFormat("%m/%d/%Y %H:%M:%S")
            .Extract(SyncField.Description, 6, 100)
            .Build();

        // pages of 50 volumes under a 7-line heading, like shared/data/paged-report
        var report = new StringBuilder();
        for (int i = 0; i < Records; i++)
        {
            if (i % 50 == 0)
            {
                report.Append("1                              DRM MEDIA MOVEMENT REPORT               PAGE    1\n")
                    .Append(" SERVER: TSMPROD1                                       DATE: 11/24/2026\n")
                    .Append(" CUSTOMER: US01   MEDIA: LTO            DESTINATION REPOSITORY: OFFS\n")
                    .Append(" \n")
                    .Append(" VOLUME    STATE            LAST UPDATE          DESCRIPTION\n")
                    .Append(" --------  ---------------  -------------------  ------------------------------\n")
                    .Append(" \n");
            }

            report.Append(CultureInfo.InvariantCulture, $" A{i:00000}L6  COURIER          11/{1 + (i % 28):00}/2026 22:15:01  DAILY POOL COPY\n");
        }

        _fixed = Encoding.UTF8.GetBytes(report.ToString());
        _fixedDefinition = new SyncDefinitionBuilder()
            .AddString(RecordRuleType.Header, 0, "1*")
            .SetHeaderCount(7)
            .AddString(RecordRuleType.Terminate, 0, "*END OF REPORT*")
            .Extract(SyncField.Customer, 11, 4, 3)
            .Extract(SyncField.Media, 25, 4, 3)
            .Extract(SyncField.Repository, 64, 4, 3)
            .Extract(SyncField.Volume, 1, 8, 0)
            .Extract(SyncField.WriteTime, 28, 19, 0)
            .SetWriteTimeFormat("%m/%d/%Y %H:%M:%S")
            .Extract(SyncField.Description, 49, 30, 0)
            .Build();
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public Task<int> Delimited() => ImportAsync(new DelimitedRecordSource(new MemoryStream(_delimited), ','), _delimitedDefinition);

    [Benchmark(OperationsPerInvoke = Records)]
    public Task<int> FixedPosition() => ImportAsync(new FixedPositionRecordSource(new MemoryStream(_fixed)), _fixedDefinition);

    [Benchmark(OperationsPerInvoke = Records)]
    public Task<int> DelimitedReadOnly() => ReadAsync(new DelimitedRecordSource(new MemoryStream(_delimited), ','));

    [Benchmark(OperationsPerInvoke = Records)]
    public Task<int> FixedPositionReadOnly() => ReadAsync(new FixedPositionRecordSource(new MemoryStream(_fixed)));

    private static async Task<int> ImportAsync(IRecordSource source, SyncDefinition definition)
    {
        var importer = new RecordImporter(definition);
        int bodies = 0;
        await using (source)
        {
            await foreach (var record in source.ReadAsync())
            {
                if (importer.Import(record).Status == ImportStatus.Body)
                {
                    bodies++;
                }
            }
        }

        return bodies;
    }

    private static async Task<int> ReadAsync(IRecordSource source)
    {
        int count = 0;
        await using (source)
        {
            await foreach (var record in source.ReadAsync())
            {
                count += record.Text.Length > 0 ? 1 : 0;
            }
        }

        return count;
    }
}
