using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Records;
using static TapeTrack.Sync.Tests.Records.SourceReading;

namespace TapeTrack.Sync.Tests.Records;

public class RecordSourcesTests
{
    private static SyncDefinitionBuilder Minimal() => new SyncDefinitionBuilder()
        .SetLiteral(SyncField.Customer, "US01")
        .SetLiteral(SyncField.Media, "LTO")
        .Extract(SyncField.Volume, 1, 8);

    [Fact]
    public async Task Without_SetFile_the_factory_reads_standard_input()
    {
        var definition = Minimal().SetCsvDelimiter(';').Build();
        bool asked = false;
        var source = RecordSources.Open(definition, null, () =>
        {
            asked = true;
            return Utf8("A;B\nC;D\n");
        });

        Assert.IsType<DelimitedRecordSource>(source);
        var records = await ReadAllAsync(source);
        Assert.True(asked);
        Assert.Equal(new[] { "C", "D" }, Elements(records[1]));
    }

    [Fact]
    public async Task With_SetFile_the_factory_reads_the_file_and_not_standard_input()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tt-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, "A00001L6\nA00002L6\n");
        try
        {
            var definition = Minimal().SetFile(path).Build();
            var source = RecordSources.Open(definition, null, () => throw new InvalidOperationException("standard input was opened"));
            Assert.IsType<FixedPositionRecordSource>(source);
            var records = await ReadAllAsync(source);
            Assert.Equal(new[] { "A00001L6", "A00002L6" }, records.Select(r => r.ToString()).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_input_file_names_the_file()
    {
        var definition = Minimal().SetFile("/no/such/report.txt").Build();
        var error = Assert.Throws<FileNotFoundException>(() => RecordSources.Open(definition));
        Assert.Contains("/no/such/report.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Odbc_definition_tells_the_user_to_reference_the_Odbc_package_without_the_connection_string()
    {
        var definition = Minimal().SetOdbc("Driver=SQLite3;Database=/tmp/x.db;PWD=secret", "select 1").Build();
        var error = Assert.Throws<InvalidOperationException>(() => RecordSources.Open(definition));
        Assert.Contains("TapeTrack.Sync.Odbc", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_standing_in_for_standard_input_is_read_as_the_definition_says()
    {
        var definition = Minimal().Build();
        using var stdin = Utf8("A00001L6  x\r\n");
        var records = await ReadAllAsync(RecordSources.OpenStream(definition, stdin, leaveOpen: true));
        Assert.Equal("A00001L6  x", Assert.Single(records).ToString());
        Assert.True(stdin.CanRead);
    }

    [Fact]
    public void OpenStandardInput_gives_a_source_of_the_definition_format()
    {
        var definition = Minimal().SetCsvDelimiter('\t').Build();
        var source = RecordSources.OpenStandardInput(definition);
        Assert.IsType<DelimitedRecordSource>(source);
    }
}
