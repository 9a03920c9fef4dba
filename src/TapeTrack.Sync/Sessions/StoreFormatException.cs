using System;

namespace TapeTrack.Sync.Sessions;

/// <summary>A store file that is not valid; the message names the file and the JSON path of the problem.</summary>
public sealed class StoreFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file or source name.</param>
    /// <param name="path">The JSON path of the problem, such as <c>$.customers[0].media[0].volumes[3].current</c>.</param>
    /// <param name="problem">What is wrong there.</param>
    public StoreFormatException(string source, string path, string problem)
        : base($"{source}: {path} {problem}")
    {
        Source = source;
        JsonPath = path;
    }

    /// <summary>The file or source name.</summary>
    public new string Source { get; }

    /// <summary>The JSON path of the problem.</summary>
    public string JsonPath { get; }
}
