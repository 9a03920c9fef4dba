using System;
using System.IO;

namespace TapeTrack.Sync.Tests;

/// <summary>Where the shared fixtures are: <c>../shared/data</c> beside the repository root.</summary>
public static class TestPaths
{
    /// <summary>The shared fixture folder (<c>../shared/data</c> from the folder holding TapeTrack.Sync.sln).</summary>
    public static string SharedData { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data"));

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TapeTrack.Sync.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds TapeTrack.Sync.sln.");
    }
}
