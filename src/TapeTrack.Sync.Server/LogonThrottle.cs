using System;
using System.Collections.Generic;

namespace TapeTrack.Sync.Server;

/// <summary>
/// Slows down password guessing: after a failed logon, the next logon of the same user name, and the next from the
/// same client address, waits first; the wait doubles with each further failure, up to a maximum, and a success
/// clears it. Failures older than 15 minutes are forgotten; at most 10,000 names and addresses are remembered.
/// </summary>
internal sealed class LogonThrottle
{
    private const int MaxEntries = 10_000;
    private static readonly TimeSpan Forget = TimeSpan.FromMinutes(15);
    private readonly object _gate = new();
    private readonly Dictionary<string, (int Failures, DateTimeOffset Last)> _failures = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _delay;
    private readonly TimeSpan _maxDelay;

    public LogonThrottle(TimeProvider timeProvider, TimeSpan delay, TimeSpan maxDelay)
    {
        _timeProvider = timeProvider;
        _delay = delay;
        _maxDelay = maxDelay;
    }

    /// <summary>How many user names and addresses are remembered (for tests of the bound).</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _failures.Count;
            }
        }
    }

    /// <summary>How long a logon of this user from this address must wait before its password is checked.</summary>
    public TimeSpan WaitFor(string user, string address)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            var wait = WaitFor("u:" + user, now);
            var byAddress = WaitFor("a:" + address, now);
            return byAddress > wait ? byAddress : wait;
        }
    }

    public void Failed(string user, string address)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_failures.Count >= MaxEntries)
            {
                Prune(now);
            }

            Add("u:" + user, now);
            Add("a:" + address, now);
        }
    }

    public void Succeeded(string user, string address)
    {
        lock (_gate)
        {
            _failures.Remove("u:" + user);
            _failures.Remove("a:" + address);
        }
    }

    private TimeSpan WaitFor(string key, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var entry) || now - entry.Last >= Forget)
        {
            return TimeSpan.Zero;
        }

        long ticks = _delay.Ticks;
        for (int i = 1; i < entry.Failures && ticks < _maxDelay.Ticks; i++)
        {
            ticks *= 2;
        }

        var wait = TimeSpan.FromTicks(Math.Min(ticks, _maxDelay.Ticks)) - (now - entry.Last);
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    private void Add(string key, DateTimeOffset now)
    {
        int failures = _failures.TryGetValue(key, out var entry) && now - entry.Last < Forget ? entry.Failures : 0;
        _failures[key] = (failures + 1, now);
    }

    private void Prune(DateTimeOffset now)
    {
        var stale = new List<string>();
        foreach (var pair in _failures)
        {
            if (now - pair.Value.Last >= Forget)
            {
                stale.Add(pair.Key);
            }
        }

        foreach (var key in stale)
        {
            _failures.Remove(key);
        }

        if (_failures.Count >= MaxEntries)
        {
            // still full: forget the oldest half rather than grow
            var entries = new List<KeyValuePair<string, (int Failures, DateTimeOffset Last)>>(_failures);
            entries.Sort((a, b) => a.Value.Last.CompareTo(b.Value.Last));
            for (int i = 0; i < entries.Count / 2; i++)
            {
                _failures.Remove(entries[i].Key);
            }
        }
    }
}
