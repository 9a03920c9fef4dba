using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Cli;

/// <summary>A record source that tells the progress of each record it hands on.</summary>
internal sealed class ProgressRecordSource : IRecordSource
{
    private readonly IRecordSource _inner;
    private readonly ProgressReporter _progress;

    public ProgressRecordSource(IRecordSource inner, ProgressReporter progress)
    {
        _inner = inner;
        _progress = progress;
    }

    public async IAsyncEnumerable<SourceRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var record in _inner.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            _progress.OnRecord();
            yield return record;
        }
    }

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
