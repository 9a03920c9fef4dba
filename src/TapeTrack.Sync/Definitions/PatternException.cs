using System;

namespace TapeTrack.Sync.Definitions;

/// <summary>A malformed filter pattern.</summary>
public sealed class PatternException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">What is wrong.</param>
    /// <param name="position">The zero-based position in the pattern where it is wrong.</param>
    public PatternException(string problem, int position)
        : base(problem)
    {
        Position = position;
    }

    /// <summary>The zero-based position in the pattern where it is wrong.</summary>
    public int Position { get; }
}
