using System;
using System.IO;

namespace TapeTrack.Sync.Tests;

/// <summary>Where the tests find the repository and the shared fixtures.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The folder holding <c>TapeTrack.Sync.sln</c>.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The shared fixtures, <c>../shared/data</c> from the repository root.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TapeTrack.Sync.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No TapeTrack.Sync.sln above {AppContext.BaseDirectory}.");
    }
}
