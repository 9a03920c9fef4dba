using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TapeTrack.Sync.Samples.Tests.Documentation;

/// <summary>Compiles C# top-level statements (a README block, as a user would paste it into Program.cs) and runs them.</summary>
internal static class ProgramRunner
{
    private const string ImplicitUsings = "global using System; global using System.IO; global using System.Threading.Tasks; global using System.Collections.Generic; global using System.Linq;";

    public static string Run(string code, string workingDirectory)
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = trusted
            .Concat(new[] { typeof(TapeTrack.Sync.Engine.SyncPipeline).Assembly.Location, typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location })
            .Distinct(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "ReadmeExample",
            new[] { CSharpSyntaxTree.ParseText(ImplicitUsings), CSharpSyntaxTree.ParseText(code) },
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (!emitted.Success)
        {
            throw new InvalidOperationException("The code does not compile:\n" + string.Join("\n", errors.Select(e => e.ToString())));
        }

        var assembly = Assembly.Load(image.ToArray());
        var previousDirectory = Environment.CurrentDirectory;
        var previousOut = Console.Out;
        using var output = new StringWriter();
        Environment.CurrentDirectory = workingDirectory;
        Console.SetOut(output);
        try
        {
            var entry = assembly.EntryPoint!;
            entry.Invoke(null, entry.GetParameters().Length == 0 ? null : new object[] { Array.Empty<string>() });
        }
        finally
        {
            Console.SetOut(previousOut);
            Environment.CurrentDirectory = previousDirectory;
        }

        return output.ToString();
    }
}
