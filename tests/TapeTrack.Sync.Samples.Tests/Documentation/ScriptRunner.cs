using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace TapeTrack.Sync.Tests.Documentation;

/// <summary>Runs a .csx script as dotnet-script would: same engine, <c>Args</c> global, the package resolved to the built library.</summary>
internal static class ScriptRunner
{
    public static async Task<string> RunAsync(string code, string workingDirectory, IList<string>? args = null)
    {
        // '#r "nuget: TapeTrack.Sync"' is dotnet-script's package reference: here the built assembly stands for it.
        var lines = code.Split('\n').Where(line => !line.StartsWith("#r \"nuget:", StringComparison.Ordinal) && !line.StartsWith("#!", StringComparison.Ordinal));
        var options = ScriptOptions.Default
            .WithReferences(typeof(TapeTrack.Sync.Engine.SyncPipeline).Assembly, typeof(Console).Assembly, typeof(ScriptGlobals).Assembly)
            .WithImports("System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Threading.Tasks")
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
}

/// <summary>The globals dotnet-script gives a script.</summary>
public sealed class ScriptGlobals
{
    public ScriptGlobals(IList<string> args) => Args = args;

    public IList<string> Args { get; }
}
