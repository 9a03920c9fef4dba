using System;
using System.IO;

namespace TapeTrack.Sync.Tests;

/// <summary>Where the shared fixtures are: <c>../shared/data</c> beside the repository.</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SharedData => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    public static string Fixture(params string[] parts) => Path.Combine(SharedData, Path.Combine(parts));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TapeTrack.Sync.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (TapeTrack.Sync.sln) is not above " + AppContext.BaseDirectory);
    }
}
