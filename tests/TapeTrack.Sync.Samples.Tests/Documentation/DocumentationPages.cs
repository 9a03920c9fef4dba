using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace TapeTrack.Sync.Samples.Tests.Documentation;

/// <summary>A fenced block of a page, with the <c>doc-test</c> marker on the line before it, if any.</summary>
internal sealed record CodeBlock(string Page, int Line, string Language, string Code, string? Marker, string? Argument)
{
    public bool IsCSharp => Language is "csharp" or "cs" or "c#";

    public bool IsShell => Language is "sh" or "bash" or "shell" or "console";

    /// <summary>A shell block that runs the tool: directly, through <c>dotnet run</c>, or through a sample's script.</summary>
    public bool RunsTheTool => IsShell && Regex.IsMatch(Code, @"(^|[\s/])tapetrack-sync(\s|$)|src/TapeTrack\.Sync\.Cli|samples/\w+/run\.sh", RegexOptions.Multiline);

    public string Where => $"{Page}:{Line}";
}

/// <summary>
/// Every page of the documentation: README.md, docs/*.md and samples/*/README.md, found afresh on each run, so a
/// page added tomorrow is tested tomorrow. A block's marker is an HTML comment on the line just before its fence
/// (invisible on the rendered page): <c>&lt;!-- doc-test: KIND --&gt;</c> or <c>&lt;!-- doc-test: KIND: ARGUMENT --&gt;</c>.
/// The kinds are listed in docs/index.md ("How the examples are tested").
/// </summary>
internal static class DocumentationPages
{
    public static readonly string[] Markers = { "fragment", "not-compiled", "run", "not-run", "background" };

    private static readonly Regex Fence = new(@"^(?<indent>\s*)```(?<language>[^\s`]*)\s*$");
    private static readonly Regex Marker = new(@"^\s*<!--\s*doc-test:\s*(?<kind>[a-z-]+)\s*(:\s*(?<argument>.*?))?\s*-->\s*$");

    /// <summary>The pages, as paths relative to the repository root with '/' separators.</summary>
    public static IEnumerable<string> All()
    {
        var root = TestPaths.RepositoryRoot;
        var pages = new List<string> { "README.md" };
        pages.AddRange(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Select(path => "docs/" + Path.GetFileName(path)));
        pages.AddRange(Directory.GetDirectories(Path.Combine(root, "samples"))
            .Select(folder => Path.Combine(folder, "README.md"))
            .Where(File.Exists)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/')));
        return pages.OrderBy(page => page, StringComparer.Ordinal);
    }

    public static IEnumerable<object[]> Data() => All().Select(page => new object[] { page });

    public static string Read(string page) => File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, page)).Replace("\r\n", "\n");

    public static IReadOnlyList<CodeBlock> Blocks(string page)
    {
        var lines = Read(page).Split('\n');
        var blocks = new List<CodeBlock>();
        for (int i = 0; i < lines.Length; i++)
        {
            var open = Fence.Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var indent = open.Groups["indent"].Value.Length;
            var code = new List<string>();
            int j = i + 1;
            for (; j < lines.Length && !Regex.IsMatch(lines[j], @"^\s*```\s*$"); j++)
            {
                code.Add(lines[j].Length >= indent && string.IsNullOrWhiteSpace(lines[j][..indent]) ? lines[j][indent..] : lines[j].TrimStart());
            }

            var marker = i > 0 ? Marker.Match(lines[i - 1]) : Match.Empty;
            blocks.Add(new CodeBlock(
                page,
                i + 2, // the first line of code, 1-based
                open.Groups["language"].Value.ToLowerInvariant(),
                string.Join("\n", code) + "\n",
                marker.Success ? marker.Groups["kind"].Value : null,
                marker.Success && marker.Groups["argument"].Success && marker.Groups["argument"].Value.Length > 0 ? marker.Groups["argument"].Value : null));
            i = j;
        }

        return blocks;
    }
}
