using System;
using System.Collections.Generic;

namespace TapeTrack.Sync.Definitions;

/// <summary>Presents names in messages: the known name nearest to a misspelt one (case-insensitive edit distance), and shortened text.</summary>
internal static class TtidefNames
{
    public static string Nearest(string name, IEnumerable<string> candidates)
    {
        // A name longer than any known one gains nothing from being compared in full.
        if (name.Length > 64)
        {
            name = name.Substring(0, 64);
        }

        string best = string.Empty;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            int distance = Distance(name, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>The text as a message shows it: cut to <paramref name="max"/> characters, so a huge token makes no huge message.</summary>
    public static string Shorten(string text, int max = 64) => text.Length <= max ? text : text.Substring(0, max) + "...";

    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            char ca = char.ToUpperInvariant(a[i - 1]);
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = ca == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
