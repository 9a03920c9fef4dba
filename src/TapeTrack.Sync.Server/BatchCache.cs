using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Server;

/// <summary>
/// The answers of recent batches by user and batch id: a batch sent again (its answer was lost with the connection)
/// gets the first answer, and is not applied again. A retry that arrives while the first is still being applied
/// waits for it. Remembers the last 4,096 batches for 15 minutes; after that (or after a restart) the volumes'
/// versions still refuse a second application, as conflicts.
/// </summary>
internal sealed class BatchCache
{
    private const int MaxEntries = 4096;
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(15);
    private readonly object _gate = new();
    private readonly Dictionary<string, (Task<byte[]> Answer, DateTimeOffset At)> _answers = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly TimeProvider _timeProvider;

    public BatchCache(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    public Task<byte[]> GetOrRun(string user, string batch, Func<Task<byte[]>> run, out bool replayed)
    {
        string key = user + "\n" + batch;
        var now = _timeProvider.GetUtcNow();
        TaskCompletionSource<byte[]> mine;
        lock (_gate)
        {
            if (_answers.TryGetValue(key, out var known) && now - known.At < Keep && !known.Answer.IsFaulted && !known.Answer.IsCanceled)
            {
                replayed = true;
                return known.Answer;
            }

            mine = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            _answers[key] = (mine.Task, now);
            _order.Enqueue(key);
            while (_order.Count > MaxEntries)
            {
                string old = _order.Dequeue();
                if (_answers.TryGetValue(old, out var entry) && entry.Answer.IsCompleted)
                {
                    _answers.Remove(old);
                }
            }
        }

        replayed = false;
        _ = CompleteAsync(mine, run);
        return mine.Task;
    }

    private static async Task CompleteAsync(TaskCompletionSource<byte[]> answer, Func<Task<byte[]>> run)
    {
        try
        {
            answer.SetResult(await run().ConfigureAwait(false));
        }
        catch (Exception e)
        {
            answer.SetException(e);
        }
    }
}
