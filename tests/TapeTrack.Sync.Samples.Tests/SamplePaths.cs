using System.IO;
using System.Linq;
using System.Reflection;

namespace TapeTrack.Sync.Samples.Tests;

/// <summary>The samples, and the built programs the tests run as their users do.</summary>
internal static class SamplePaths
{
    public static string Sample(params string[] parts) => Path.Combine(TestPaths.RepositoryRoot, "samples", Path.Combine(parts));

    /// <summary>A built output named in the project file (Tool, InHouseTool, VendorPlugin).</summary>
    public static string Built(string name)
    {
        var path = Path.GetFullPath(typeof(SamplePaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == name).Value!);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{name} is not built at {path}: build the test project, which builds it.", path);
    }
}
