using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Samples.Tests.Documentation;

// The documentation never lies: every page is found afresh, every C# block compiles, every shell block that runs
// the tool runs (or its marker says why it cannot here), and every link goes somewhere.
public class DocumentationTests
{
    public static IEnumerable<object[]> Pages => DocumentationPages.Data();

    [Fact]
    public void The_pages_are_found()
    {
        var pages = DocumentationPages.All().ToList();

        Assert.Contains("README.md", pages);
        Assert.Contains("docs/index.md", pages);
        Assert.Contains("docs/getting-started.md", pages);
        Assert.Contains("samples/InHouseTool/README.md", pages);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_marker_is_a_known_kind_on_a_block_of_its_kind(string page)
    {
        var problems = new List<string>();
        foreach (var block in DocumentationPages.Blocks(page).Where(b => b.Marker is not null))
        {
            if (!DocumentationPages.Markers.Contains(block.Marker))
            {
                problems.Add($"{block.Where}: unknown marker '{block.Marker}' (known: {string.Join(", ", DocumentationPages.Markers)})");
            }
            else if (block.Marker is "fragment" or "not-compiled" && !block.IsCSharp)
            {
                problems.Add($"{block.Where}: '{block.Marker}' marks C# blocks, not '{block.Language}'");
            }
            else if (block.Marker is "run" or "not-run" or "background" && !block.RunsTheTool)
            {
                problems.Add($"{block.Where}: '{block.Marker}' marks shell blocks that run the tool");
            }
            else if (block.Marker is "not-compiled" or "not-run" or "background" && string.IsNullOrWhiteSpace(block.Argument))
            {
                problems.Add($"{block.Where}: '{block.Marker}' needs its argument (the reason, or the text that says the server is ready)");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_csharp_block_compiles(string page)
    {
        var blocks = DocumentationPages.Blocks(page).Where(b => b.IsCSharp && b.Marker != "not-compiled").ToList();

        var errors = blocks.Where(b => b.Marker != "fragment").SelectMany(CSharpBlocks.CompileProgram)
            .Concat(CSharpBlocks.CompileFragments(blocks.Where(b => b.Marker == "fragment").ToList()))
            .ToList();

        Assert.True(errors.Count == 0, "A block marked 'fragment' is part of a program; an unmarked block is a whole program:\n" + string.Join("\n", errors));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_shell_block_that_runs_the_tool_runs(string page)
    {
        var blocks = DocumentationPages.Blocks(page).Where(b => b.RunsTheTool).ToList();
        var unmarked = blocks.Where(b => b.Marker is null).Select(b => b.Where).ToList();
        Assert.True(unmarked.Count == 0, "Mark each shell block that runs the tool 'run', 'background: READY' or 'not-run: REASON': " + string.Join(", ", unmarked));

        await using var shell = new ShellBlocks();
        foreach (var block in blocks)
        {
            if (block.Marker == "background")
            {
                await shell.StartAsync(block, block.Argument!);
            }
            else if (block.Marker == "run")
            {
                var result = await shell.RunAsync(block);
                var expected = block.Argument is { } argument && Regex.Match(argument, @"^exit (\d+)$") is { Success: true } exit ? int.Parse(exit.Groups[1].Value) : 0;
                Assert.True(result.ExitCode == expected, $"{block.Where}: exit code {result.ExitCode}, not {expected}\n{block.Code}\nstdout:\n{result.Stdout}\nstderr:\n{result.Stderr}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_link_to_a_file_goes_to_a_file_that_exists(string page)
    {
        var folder = Path.GetDirectoryName(Path.Combine(TestPaths.RepositoryRoot, page))!;
        var missing = Regex.Matches(DocumentationPages.Read(page), @"\]\((?<target>[^)#\s]+)(#[^)]*)?\)")
            .Select(m => m.Groups["target"].Value)
            .Where(target => !target.Contains("://", System.StringComparison.Ordinal) && !target.StartsWith("mailto:", System.StringComparison.Ordinal))
            .Where(target => !File.Exists(Path.Combine(folder, target)) && !Directory.Exists(Path.Combine(folder, target)))
            .ToList();

        Assert.True(missing.Count == 0, $"{page} links to what does not exist: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_index_links_every_page()
    {
        var index = DocumentationPages.Read("docs/index.md");
        var unlinked = DocumentationPages.All()
            .Where(page => page.StartsWith("docs/", System.StringComparison.Ordinal) && page != "docs/index.md")
            .Where(page => !index.Contains("](" + page["docs/".Length..] + ")", System.StringComparison.Ordinal))
            .ToList();

        Assert.True(unlinked.Count == 0, "docs/index.md does not link: " + string.Join(", ", unlinked));
    }

    // SyncPipeline.RunAsync and SyncReportWriter.Write do not dispose what they are given: a source or a file opened
    // in their argument list stays open (and locked) until the process ends, so a nightly job cannot move the report
    [Theory]
    [MemberData(nameof(Pages))]
    public void No_csharp_block_leaves_a_source_or_a_report_file_open(string page)
    {
        var leaks = DocumentationPages.Blocks(page).Where(b => b.IsCSharp)
            .SelectMany(b => Regex.Matches(b.Code, @"RunAsync\(\s*\w*RecordSources?\.Open\w*\(|SyncReportWriter\.Write\([^;]*\bFile\.\w+\(")
                .Select(m => $"{b.Where}: '{m.Value}' opens what nothing disposes; open it in an 'await using' or 'using' first"))
            .ToList();

        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }
}
