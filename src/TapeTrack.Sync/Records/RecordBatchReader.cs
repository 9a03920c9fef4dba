using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Records;

/// <summary>
/// Reads a source's records in batches: a text source of this library hands out every record of a decoded step
/// synchronously (<see cref="TryNext"/>), with one asynchronous step per batch rather than per record; any other
/// source is read through its <see cref="IRecordSource.ReadAsync"/>, a batch of one record at a time. The records
/// and their order are the same either way.
/// </summary>
internal sealed class RecordBatchReader : IAsyncDisposable
{
    private readonly TextRecordSource? _text;
    private readonly IAsyncEnumerator<SourceRecord>? _enumerator;
    private readonly SourceRecord _record = new();
    private readonly CancellationToken _cancellationToken;
    private bool _hasOne;

    public RecordBatchReader(IRecordSource source, CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        if (source is TextRecordSource text)
        {
            text.StartReading();
            _text = text;
        }
        else
        {
            _enumerator = source.ReadAsync(cancellationToken).GetAsyncEnumerator();
        }
    }

    /// <summary>Moves to the next batch; false at the end of the input.</summary>
    public ValueTask<bool> NextBatchAsync() => _text is not null ? _text.NextBatchAsync(_cancellationToken) : NextOneAsync();

    /// <summary>The next record of the batch: valid until the next call; false when the batch is over.</summary>
    public bool TryNext(out SourceRecord record)
    {
        if (_text is not null)
        {
            record = _record;
            return _text.TryNext(_record);
        }

        if (_hasOne)
        {
            _hasOne = false;
            record = _enumerator!.Current;
            return true;
        }

        record = null!;
        return false;
    }

    public ValueTask DisposeAsync() => _enumerator?.DisposeAsync() ?? default;

    private async ValueTask<bool> NextOneAsync()
    {
        _hasOne = await _enumerator!.MoveNextAsync().ConfigureAwait(false);
        return _hasOne;
    }
}
