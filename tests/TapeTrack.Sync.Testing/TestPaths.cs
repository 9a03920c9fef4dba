using System;
using System.IO;

namespace TapeTrack.Sync.Testing;

/// <summary>Where the shared fixtures are: <c>../shared/data</c> beside the folder holding TapeTrack.Sync.sln.</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SharedData => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    public static string Fixture(params string[] parts) => Path.Combine(SharedData, Path.Combine(parts));

    private static string FindRoot()
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
