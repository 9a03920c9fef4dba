using System;
using System.Collections.Generic;
using System.Threading;

namespace TapeTrack.Sync.Records;

/// <summary>
/// Where records come from: a delimited file, a fixed-position report, an ODBC query, standard input,
/// or anything of your own. Records come in input order, each with its one-based line (or row) number.
/// </summary>
public interface IRecordSource : IAsyncDisposable
{
    /// <summary>
    /// Reads the records. The <see cref="SourceRecord"/> handed out may be reused for the next record:
    /// it is valid until the enumerator moves on (use <see cref="SourceRecord.Clone"/> to keep one).
    /// A source can be read once.
    /// </summary>
    /// <param name="cancellationToken">Stops the reading.</param>
    IAsyncEnumerable<SourceRecord> ReadAsync(CancellationToken cancellationToken = default);
}
