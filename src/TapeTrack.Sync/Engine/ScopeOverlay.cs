using System;
using System.Collections.Generic;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

/// <summary>
/// One run's view of a scope: the cached scope as downloaded (never changed) under the volume states this
/// run has decided, or has seen the server apply or refuse, since. Another run sharing the cache never sees
/// these states, and a scope the cache let go and downloads again gets them laid over it once more.
/// </summary>
internal sealed class ScopeOverlay
{
    private readonly Dictionary<string, Entry> _states = new(StringComparer.Ordinal);
#if NET9_0_OR_GREATER
    private readonly Dictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
#endif

    // where the last volume found sits in the scope's download order: the next record is most likely the next one
    private int _next;
    private CachedScope _scope;

    public ScopeOverlay(CachedScope scope)
    {
        _scope = scope;
#if NET9_0_OR_GREATER
        _bySpan = _states.GetAlternateLookup<ReadOnlySpan<char>>();
#endif
    }

    public ScopeKey Key => Scope.Key;

    /// <summary>The scope as the cache last handed it out.</summary>
    public CachedScope Scope
    {
        get => _scope;
        set
        {
            _scope = value;
            _next = 0;
        }
    }

    /// <summary>Finds a volume as this run knows it now.</summary>
    public bool TryGetVolume(ReadOnlySpan<char> id, out Volume? volume)
    {
        if (_states.Count != 0)
        {
#if NET9_0_OR_GREATER
            bool found = _bySpan.TryGetValue(id, out var entry);
#else
            bool found = _states.TryGetValue(id.ToString(), out var entry);
#endif
            if (found)
            {
                volume = Resolve(entry, id);
                return volume is not null;
            }
        }

        bool cached = _scope.TryGetVolume(id, ref _next, out var fromScope);
        volume = cached ? fromScope : null;
        return cached;
    }

    /// <summary>Every volume as this run knows it now.</summary>
    public IEnumerable<Volume> Volumes
    {
        get
        {
            foreach (var volume in Scope.Volumes)
            {
                if (_states.TryGetValue(volume.Id, out var entry))
                {
                    if (Resolve(entry, volume.Id.AsSpan()) is { } state)
                    {
                        yield return state;
                    }
                }
                else
                {
                    yield return volume;
                }
            }

            foreach (var pair in _states)
            {
                if (!Scope.TryGetVolume(pair.Key, out _) && pair.Value.State is { } added)
                {
                    yield return added;
                }
            }
        }
    }

    /// <summary>A state the run decided and the server does not hold yet (every decided state, in a dry run).</summary>
    public void Decided(Volume state) => _states[state.Id] = new Entry(state, decided: true);

    /// <summary>The state the server answered with (applied, or current after a refusal); <see langword="null"/> when it has no such volume.</summary>
    public void Observed(string id, Volume? state) => _states[id] = new Entry(state, decided: false);

    private Volume? Resolve(Entry entry, ReadOnlySpan<char> id)
    {
        // a state seen on the server gives way to a download at least as new
        if (!entry.IsDecided && entry.State is { } seen && Scope.TryGetVolume(id, out var cached) && cached.Version >= seen.Version)
        {
            return cached;
        }

        return entry.State;
    }

    private readonly struct Entry
    {
        public Entry(Volume? state, bool decided)
        {
            State = state;
            IsDecided = decided;
        }

        public Volume? State { get; }

        public bool IsDecided { get; }
    }
}
