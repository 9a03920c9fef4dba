using System;
using System.Collections.Generic;

namespace TapeTrack.Sync.Server;

/// <summary>
/// Slows down password guessing: after a failed logon, the next logon of the same user name, and the next from the
/// same client address, waits first; the wait doubles with each further failure, up to a maximum, and a success
/// clears it. Failures older than 15 minutes are forgotten; at most 10,000 names and addresses are remembered.
/// Logons admitted together are given slots one delay apart (<see cref="Admit"/>), so that sending many logons at
/// once checks no more passwords than sending them one after another.
/// </summary>
internal sealed class LogonThrottle
{
    private const int MaxEntries = 10_000;
    private static readonly TimeSpan Forget = TimeSpan.FromMinutes(15);
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _failures = new(StringComparer.Ordinal);
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

    /// <summary>
    /// Admits a logon: how long it must wait before its password is checked, as <see cref="WaitFor(string, string)"/>,
    /// and, while the user name or the address has failures, the slot after this one is taken, so that the next logon
    /// admitted before this one is answered waits one more delay (the delay of the failures so far).
    /// </summary>
    public TimeSpan Admit(string user, string address)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            string userKey = "u:" + user;
            string addressKey = "a:" + address;
            var wait = WaitFor(userKey, now);
            var byAddress = WaitFor(addressKey, now);
            if (byAddress > wait)
            {
                wait = byAddress;
            }

            Reserve(userKey, now + wait, now);
            Reserve(addressKey, now + wait, now);
            return wait;
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

        var wait = Delay(entry.Failures) - (now - entry.Last);
        if (entry.Reserved - now > wait)
        {
            wait = entry.Reserved - now;
        }

        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>The wait after <paramref name="failures"/> failures: the first delay, doubled for each further one, at most the maximum.</summary>
    private TimeSpan Delay(int failures)
    {
        long ticks = _delay.Ticks;
        for (int i = 1; i < failures && ticks < _maxDelay.Ticks; i++)
        {
            ticks *= 2;
        }

        return TimeSpan.FromTicks(Math.Min(ticks, _maxDelay.Ticks));
    }

    private void Reserve(string key, DateTimeOffset slot, DateTimeOffset now)
    {
        if (_failures.TryGetValue(key, out var entry) && now - entry.Last < Forget)
        {
            var next = slot + Delay(entry.Failures);
            if (next > entry.Reserved)
            {
                _failures[key] = entry with { Reserved = next };
            }
        }
    }

    private void Add(string key, DateTimeOffset now)
    {
        bool known = _failures.TryGetValue(key, out var entry) && now - entry.Last < Forget;
        _failures[key] = new Entry(known ? entry.Failures + 1 : 1, now, known ? entry.Reserved : default);
    }

    /// <summary>Failures of a user name or an address: how many, the last, and the end of the last slot given out.</summary>
    private readonly record struct Entry(int Failures, DateTimeOffset Last, DateTimeOffset Reserved);

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
            var entries = new List<KeyValuePair<string, Entry>>(_failures);
            entries.Sort((a, b) => a.Value.Last.CompareTo(b.Value.Last));
            for (int i = 0; i < entries.Count / 2; i++)
            {
                _failures.Remove(entries[i].Key);
            }
        }
    }
}
