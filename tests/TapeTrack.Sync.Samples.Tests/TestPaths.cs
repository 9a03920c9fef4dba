using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace TapeTrack.Sync.Samples.Tests;

/// <summary>Where things are: the repository, the shared fixtures beside it, and the built programs the tests run.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SharedData => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    public static string Fixture(params string[] parts) => Path.Combine(SharedData, Path.Combine(parts));

    public static string Sample(params string[] parts) => Path.Combine(RepositoryRoot, "samples", Path.Combine(parts));

    /// <summary>A built output named in the project file (Tool, InHouseTool, VendorPlugin).</summary>
    public static string Built(string name)
    {
        var path = typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == name).Value!;
        path = Path.GetFullPath(path);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{name} is not built at {path}: build the test project, which builds it.", path);
    }

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
