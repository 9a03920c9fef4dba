using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// Holds each distinct value once, for caches of millions of volumes whose values repeat (repository ids, dates,
/// pool names): an open-addressing set of strings keyed by their text. <see cref="Intern(ReadOnlySpan{char}, int)"/>
/// makes a string only for a value not seen before, so a reader can pool values straight from its buffer.
/// Each caller-chosen channel (a volume's repository, description, ...) remembers its last value: sorted downloads
/// repeat a value over neighbouring volumes, and that costs one comparison.
/// </summary>
internal sealed class ValuePool
{
    private const int Channels = 8;
    private string?[] _items = new string?[64];
    private uint[] _hashes = new uint[64];
    private int _count;
    private readonly string?[] _last = new string?[Channels];

    /// <summary>An estimate of the memory of the pooled strings, in bytes.</summary>
    public long Size { get; private set; }

    /// <summary>The pooled string equal to <paramref name="text"/>, which becomes the pooled one when new.</summary>
    public string? Intern(string? text, int channel = 0)
    {
        if (text is null)
        {
            return null;
        }

        channel &= Channels - 1;
        if (_last[channel] is { } last && string.Equals(last, text, StringComparison.Ordinal))
        {
            return last;
        }

        return _last[channel] = Add(text.AsSpan(), text);
    }

    /// <summary>The pooled string equal to <paramref name="text"/>, made when new.</summary>
#if NET
    // called for every value of a scope download, which runs once per scope: optimised at the first call (ScopeReader)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
#endif
    public string Intern(ReadOnlySpan<char> text, int channel = 0)
    {
        channel &= Channels - 1;
        if (_last[channel] is { } last && text.SequenceEqual(last.AsSpan()))
        {
            return last;
        }

        return _last[channel] = Add(text, null);
    }

#if NET
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
#endif
    private string Add(ReadOnlySpan<char> text, string? made)
    {
        uint hash = Hash(text);
        int mask = _items.Length - 1;
        int i = (int)hash & mask;
        while (_items[i] is { } item)
        {
            if (_hashes[i] == hash && text.SequenceEqual(item.AsSpan()))
            {
                return item;
            }

            i = (i + 1) & mask;
        }

        made ??= text.ToString();
        _items[i] = made;
        _hashes[i] = hash;
        _count++;
        Size += 40 + (made.Length * 2);
        if (_count * 2 > _items.Length)
        {
            Grow();
        }

        return made;
    }

    private void Grow()
    {
        var items = _items;
        var hashes = _hashes;
        _items = new string?[items.Length * 2];
        _hashes = new uint[items.Length * 2];
        int mask = _items.Length - 1;
        for (int j = 0; j < items.Length; j++)
        {
            if (items[j] is { } item)
            {
                int i = (int)hashes[j] & mask;
                while (_items[i] is not null)
                {
                    i = (i + 1) & mask;
                }

                _items[i] = item;
                _hashes[i] = hashes[j];
            }
        }
    }

    // Two characters at a time (a multiply-rotate step per pair, the length mixed in first), then MurmurHash3's
    // finaliser, so that texts differing only in their last characters spread over the whole table. Used for the
    // cache's volume table too: a hash per lookup that misses the guess, and one per volume when a scope is cached.
    internal static uint Hash(ReadOnlySpan<char> text)
    {
        uint h = 2166136261u ^ (uint)text.Length;
        var pairs = MemoryMarshal.Cast<char, uint>(text);
        foreach (uint pair in pairs)
        {
            h ^= pair;
            h = ((h << 13) | (h >> 19)) * 0x9E3779B1u;
        }

        if ((text.Length & 1) != 0)
        {
            h ^= text[text.Length - 1];
            h = ((h << 13) | (h >> 19)) * 0x9E3779B1u;
        }

        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }
}
