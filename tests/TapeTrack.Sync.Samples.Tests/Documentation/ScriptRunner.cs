using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace TapeTrack.Sync.Samples.Tests.Documentation;

/// <summary>
/// Runs a .csx script as dotnet-script would: its engine (Microsoft.CodeAnalysis.CSharp.Scripting), its default
/// imports, the <c>Args</c> global, and each <c>#r "nuget: PACKAGE, VERSION"</c> resolved to the package's
/// built assembly, provided the version range admits the version being built.
/// </summary>
internal static class ScriptRunner
{
    private static readonly Regex NugetReference = new(@"^#r\s+""nuget:\s*(?<package>[^,""\s]+)\s*,\s*(?<version>[^""\s]+)\s*""\s*$");

    // the packages this repository builds, by package id
    private static readonly Dictionary<string, Assembly> Packages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["TapeTrack.Sync"] = typeof(TapeTrack.Sync.Engine.SyncPipeline).Assembly,
        ["TapeTrack.Sync.Sqlite"] = typeof(TapeTrack.Sync.Sqlite.SqliteTapeStore).Assembly,
        ["TapeTrack.Sync.Odbc"] = typeof(TapeTrack.Sync.Odbc.OdbcRecordSource).Assembly,
    };

    public static async Task<string> RunAsync(string code, string workingDirectory, IList<string>? args = null)
    {
        var references = new List<Assembly> { typeof(Console).Assembly, typeof(ScriptGlobals).Assembly };
        var lines = new List<string>();
        foreach (var line in code.Split('\n'))
        {
            var reference = NugetReference.Match(line.TrimEnd('\r'));
            if (reference.Success)
            {
                references.Add(Resolve(reference.Groups["package"].Value, reference.Groups["version"].Value));
                lines.Add(string.Empty); // keep the line numbers of the file in diagnostics
            }
            else
            {
                lines.Add(line.StartsWith("#!", StringComparison.Ordinal) ? string.Empty : line);
            }
        }

        // dotnet-script's default imports
        var options = ScriptOptions.Default
            .WithReferences(references)
            .WithImports("System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Text", "System.Threading.Tasks")
            .WithEmitDebugInformation(false);
        var previousDirectory = Environment.CurrentDirectory;
        var previousOut = Console.Out;
        using var output = new StringWriter();
        Environment.CurrentDirectory = workingDirectory;
        Console.SetOut(output);
        try
        {
            await CSharpScript.RunAsync(string.Join("\n", lines), options, new ScriptGlobals(args ?? new List<string>()), typeof(ScriptGlobals));
        }
        finally
        {
            Console.SetOut(previousOut);
            Environment.CurrentDirectory = previousDirectory;
        }

        return output.ToString();
    }

    /// <summary>The built assembly of a package this repository makes, when <paramref name="range"/> admits its version.</summary>
    private static Assembly Resolve(string package, string range)
    {
        if (!Packages.TryGetValue(package, out var assembly))
        {
            throw new InvalidOperationException($"#r \"nuget: {package}\": not a package of this repository");
        }

        // NBGV's informational version: 0.1.42-alpha+commit; the package version is the part before '+'
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        var pattern = "^" + Regex.Escape(range).Replace(@"\*", ".*") + "$";
        if (!Regex.IsMatch(version, pattern))
        {
            throw new InvalidOperationException($"#r \"nuget: {package}, {range}\" does not admit the version being built, {version}");
        }

        return assembly;
    }
}

/// <summary>The globals dotnet-script gives a script.</summary>
public sealed class ScriptGlobals
{
    public ScriptGlobals(IList<string> args) => Args = args;

    public IList<string> Args { get; }
}
