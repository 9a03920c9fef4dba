using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace TapeTrack.Sync.Tests.Documentation;

/// <summary>Runs C# script text (a README block, a .csx sample) as dotnet-script would, against the built library.</summary>
internal static class ScriptRunner
{
    public static async Task<string> RunAsync(string code, string workingDirectory)
    {
        var options = ScriptOptions.Default
            .WithReferences(typeof(TapeTrack.Sync.Engine.SyncPipeline).Assembly, typeof(Console).Assembly)
            .WithImports("System", "System.IO", "System.Threading.Tasks")
            .WithEmitDebugInformation(false);
        var previousDirectory = Environment.CurrentDirectory;
        var previousOut = Console.Out;
        using var output = new StringWriter();
        Environment.CurrentDirectory = workingDirectory;
        Console.SetOut(output);
        try
        {
            await CSharpScript.RunAsync(code, options);
        }
        finally
        {
            Console.SetOut(previousOut);
            Environment.CurrentDirectory = previousDirectory;
        }

        return output.ToString();
    }
}
