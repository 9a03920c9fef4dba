using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Records;

/// <summary>
/// Records from any ADO.NET <see cref="DbDataReader"/>: each row is a record, column n is element n,
/// the text is the columns joined by TAB, the row number (from 1) is the line number. A database NULL is an
/// empty element. Strings are taken as they are; dates as <c>yyyy-MM-dd HH:mm:ss</c> (so
/// <c>SetMoveDateFormat("%Y-%m-%d")</c> and <c>SetWriteTimeFormat("%Y-%m-%d %H:%M:%S")</c> of a
/// <see cref="Definitions.SyncDefinitionBuilder"/> read them, written <c>%%Y</c> in a definition file);
/// numbers and other values in the invariant culture.
/// </summary>
public sealed class DataReaderRecordSource : IRecordSource
{
    private readonly DbDataReader _reader;
    private readonly bool _leaveOpen;
    private bool _read;

    /// <summary>Creates a source over a reader.</summary>
    /// <param name="reader">The reader, positioned before its first row.</param>
    /// <param name="leaveOpen">Whether disposing the source leaves the reader open.</param>
    public DataReaderRecordSource(DbDataReader reader, bool leaveOpen = false)
    {
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _leaveOpen = leaveOpen;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_read)
        {
            throw new InvalidOperationException("A record source can be read once.");
        }

        _read = true;
        var record = new SourceRecord();
        long row = 0;
        int columns = _reader.FieldCount;
        while (await _reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            record.Reset(++row);
            for (int i = 0; i < columns; i++)
            {
                var value = ColumnText(i);
                if (i > 0)
                {
                    record.AppendText("\t".AsSpan());
                }

                record.AppendText(value.AsSpan());
                record.AddElement(value.AsSpan());
            }

            yield return record;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_leaveOpen)
        {
#if NETSTANDARD2_0
            _reader.Dispose();
            await Task.CompletedTask.ConfigureAwait(false);
#else
            await _reader.DisposeAsync().ConfigureAwait(false);
#endif
        }
    }

    private string ColumnText(int ordinal)
    {
        if (_reader.IsDBNull(ordinal))
        {
            return string.Empty;
        }

        return _reader.GetValue(ordinal) switch
        {
            string text => text,
            DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            DateTimeOffset time => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString() ?? string.Empty,
        };
    }
}
