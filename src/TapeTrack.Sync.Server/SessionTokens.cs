using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Security.Cryptography;

namespace TapeTrack.Sync.Server;

/// <summary>A logged-on user: who, what it is granted, until when.</summary>
internal sealed class ServerSession
{
    public ServerSession(string user, IReadOnlyList<string>? grants, DateTimeOffset expires, string? run = null)
    {
        User = user;
        Grants = grants is null ? null : new HashSet<string>(grants, StringComparer.Ordinal);
        Expires = expires;
        Run = run ?? TapeTrack.Sync.Sessions.ChangeOrigin.NewRun();
    }

    public string User { get; }

    /// <summary>The run the session's changes are recorded under in the audit trail: the one the client named at its
    /// logon (a tool run that logs on again after a restart or an expiry names the same), else one for this logon.</summary>
    public string Run { get; }

    /// <summary>The granted customers, or <see langword="null"/> for all.</summary>
    public HashSet<string>? Grants { get; }

    public DateTimeOffset Expires { get; }

    public bool MaySee(string customer) => Grants is null || Grants.Contains(customer);
}

/// <summary>
/// Session tokens: 32 random bytes, kept only as their SHA-256 hash (a memory dump gives no usable token), good
/// until their expiry. A restarted server knows none, and clients log on again.
/// </summary>
internal sealed class SessionTokens
{
    private readonly ConcurrentDictionary<string, ServerSession> _sessions = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _lifetime;
    private long _issued;

    public SessionTokens(TimeProvider timeProvider, TimeSpan lifetime)
    {
        _timeProvider = timeProvider;
        _lifetime = lifetime;
    }

    public TimeSpan Lifetime => _lifetime;

    public string Issue(string user, IReadOnlyList<string>? grants, string? run = null)
    {
        var now = _timeProvider.GetUtcNow();
        if (++_issued % 256 == 0)
        {
            foreach (var pair in _sessions)
            {
                if (pair.Value.Expires <= now)
                {
                    _sessions.TryRemove(pair.Key, out _);
                }
            }
        }

        var bytes = RandomNumberGenerator.GetBytes(32);
        string token = Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _sessions[Hash(token)] = new ServerSession(user, grants, now + _lifetime, run);
        return token;
    }

    public ServerSession? Find(string token)
    {
        string key = Hash(token);
        if (!_sessions.TryGetValue(key, out var session))
        {
            return null;
        }

        if (session.Expires <= _timeProvider.GetUtcNow())
        {
            _sessions.TryRemove(key, out _);
            return null;
        }

        return session;
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
