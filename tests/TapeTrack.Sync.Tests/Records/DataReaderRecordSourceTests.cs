using System;
using System.Data;
using System.Linq;
using System.Threading.Tasks;
using TapeTrack.Sync.Records;
using static TapeTrack.Sync.Tests.Records.SourceReading;

namespace TapeTrack.Sync.Tests.Records;

public class DataReaderRecordSourceTests
{
    [Fact]
    public async Task Rows_are_records_columns_are_elements_and_null_is_empty()
    {
        var table = new DataTable();
        table.Columns.Add("volume", typeof(string));
        table.Columns.Add("written", typeof(DateTime));
        table.Columns.Add("count", typeof(int));
        table.Rows.Add("A00001L6", new DateTime(2026, 11, 23, 22, 15, 1), 3);
        table.Rows.Add("A00002L6", DBNull.Value, 12);

        var records = await ReadAllAsync(new DataReaderRecordSource(table.CreateDataReader()));

        Assert.Equal(2, records.Count);
        Assert.Equal(new[] { "A00001L6", "2026-11-23 22:15:01", "3" }, Elements(records[0]));
        Assert.Equal("A00001L6\t2026-11-23 22:15:01\t3", records[0].ToString());
        Assert.Equal(new[] { "A00002L6", string.Empty, "12" }, Elements(records[1]));
        Assert.Equal(new long[] { 1, 2 }, records.Select(r => r.LineNumber).ToArray());
    }
}
