using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TapeTrack.Sync.Samples.Tests.Documentation;

/// <summary>
/// Compiles the C# blocks of a page. A block without a marker is a whole program, as a user pastes it into the
/// Program.cs of a new console project (the SDK's implicit usings, nothing else): it must compile alone. The
/// blocks marked <c>fragment</c> are parts of one program: each one's statements become the body of a method
/// (with the variables its marker gives, <c>fragment: given ILoggerFactory loggerFactory, CancellationToken
/// cancellationToken</c>), its types stand beside them, the library's namespaces are imported, and all the
/// fragments of a page compile together, so a type one fragment declares is there for the next.
/// </summary>
internal static class CSharpBlocks
{
    private const string SdkImplicitUsings =
        "global using System; global using System.IO; global using System.Collections.Generic; global using System.Linq; " +
        "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;\n";

    private const string LibraryUsings =
        "global using System.Runtime.CompilerServices; global using System.Text; global using Microsoft.Extensions.Logging; " +
        "global using TapeTrack.Sync.Definitions; global using TapeTrack.Sync.Engine; global using TapeTrack.Sync.Import; " +
        "global using TapeTrack.Sync.Records; global using TapeTrack.Sync.Sessions; global using TapeTrack.Sync.Sqlite;\n";

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(new[]
            {
                typeof(TapeTrack.Sync.Engine.SyncPipeline).Assembly.Location,
                typeof(TapeTrack.Sync.Sqlite.SqliteTapeStore).Assembly.Location,
                typeof(TapeTrack.Sync.Odbc.OdbcRecordSource).Assembly.Location,
                typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location,
                typeof(Microsoft.Extensions.Logging.LoggerFactory).Assembly.Location,
            })
            .Where(path => path.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    /// <summary>The errors of one whole-program block, each with the page's file and line.</summary>
    public static IEnumerable<string> CompileProgram(CodeBlock block) =>
        Errors(OutputKind.ConsoleApplication, SdkImplicitUsings, $"#line {block.Line} \"{block.Page}\"\n{block.Code}");

    /// <summary>The errors of a page's fragments, compiled together.</summary>
    public static IEnumerable<string> CompileFragments(IReadOnlyList<CodeBlock> fragments)
    {
        var files = new List<string>();
        for (int n = 0; n < fragments.Count; n++)
        {
            var block = fragments[n];
            var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(block.Code).GetRoot();
            var text = new StringBuilder();
            foreach (var usingDirective in root.Usings)
            {
                text.Append(Located(block, usingDirective)).Append('\n');
            }

            text.Append("internal static partial class DocumentationFragments\n{\n");
            text.Append($"#line hidden\n    internal static async Task Fragment{n}({Given(block)})\n    {{\n");
            foreach (var statement in root.Members.OfType<GlobalStatementSyntax>())
            {
                text.Append(Located(block, statement)).Append('\n');
            }

            text.Append("#line hidden\n        await Task.CompletedTask;\n    }\n}\n");
            foreach (var member in root.Members.Where(member => member is not GlobalStatementSyntax))
            {
                text.Append(Located(block, member)).Append('\n');
            }

            files.Add(text.ToString());
        }

        return Errors(OutputKind.DynamicallyLinkedLibrary, SdkImplicitUsings + LibraryUsings, files.ToArray());
    }

    // the variables a fragment takes from the text around it: "given Type name, Type name"
    private static string Given(CodeBlock block)
    {
        var argument = block.Argument?.Trim() ?? string.Empty;
        if (argument.Length == 0)
        {
            return string.Empty;
        }

        if (!argument.StartsWith("given ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{block.Where}: a fragment's marker is 'fragment' or 'fragment: given Type name, Type name', not '{argument}'");
        }

        return argument["given ".Length..];
    }

    private static string Located(CodeBlock block, SyntaxNode node)
    {
        var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + block.Line;
        return $"#line {line} \"{block.Page}\"\n{node}";
    }

    private static IEnumerable<string> Errors(OutputKind kind, string usings, params string[] files)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new[] { usings }.Concat(files).Select(text => CSharpSyntaxTree.ParseText(text, options));
        var compilation = CSharpCompilation.Create(
            "DocumentationExample",
            trees,
            References.Value,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToArray();
    }
}
