using System.Linq;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Samples.Tests.Documentation;

// The checks of DocumentationTests can fail: a wrong name, a missing variable, a failing command are caught.
public class DocumentationHarnessTests
{
    private static CodeBlock Block(string language, string code, string? marker = null, string? argument = null) =>
        new("docs/example.md", 10, language, code, marker, argument);

    [Fact]
    public void A_program_block_with_a_wrong_member_fails_at_its_page_and_line()
    {
        var errors = CSharpBlocks.CompileProgram(Block("csharp", "using TapeTrack.Sync.Engine;\n\nvar options = new SyncOptions { DryRunn = true };\n")).ToList();

        var error = Assert.Single(errors);
        Assert.StartsWith("docs/example.md(12,", error);
        Assert.Contains("DryRunn", error);
    }

    [Fact]
    public void A_program_block_needs_its_usings_and_a_fragment_gets_them()
    {
        const string code = "var options = new SyncOptions { DryRun = true };\n";

        Assert.Contains(CSharpBlocks.CompileProgram(Block("csharp", code)), error => error.Contains("CS0246"));
        Assert.Empty(CSharpBlocks.CompileFragments(new[] { Block("csharp", code, "fragment") }));
    }

    [Fact]
    public void A_fragment_uses_only_the_variables_its_marker_gives_and_the_types_of_other_fragments()
    {
        var uses = Block("csharp", "var observer = new Counting();\nvar logger = loggerFactory.CreateLogger(\"x\");\n", "fragment");
        var given = uses with { Argument = "given ILoggerFactory loggerFactory" };
        var declares = Block("csharp", "sealed class Counting : SyncObserver\n{\n}\n", "fragment");

        Assert.Contains(CSharpBlocks.CompileFragments(new[] { uses, declares }), error => error.Contains("loggerFactory"));
        Assert.Empty(CSharpBlocks.CompileFragments(new[] { given, declares }));
        Assert.Contains(CSharpBlocks.CompileFragments(new[] { given }), error => error.Contains("Counting"));
    }

    [Fact]
    public void Shell_blocks_find_the_tool_and_report_its_exit_code()
    {
        Assert.True(Block("sh", "tapetrack-sync --version\n").RunsTheTool);
        Assert.True(Block("sh", "dotnet run --project src/TapeTrack.Sync.Cli -- -F 5\n").RunsTheTool);
        Assert.True(Block("bash", "bash samples/nightly/run.sh\n").RunsTheTool);
        Assert.False(Block("sh", "dotnet test TapeTrack.Sync.sln\n").RunsTheTool);
        Assert.False(Block("text", "tapetrack-sync --version\n").RunsTheTool);
    }

    [Fact]
    public async Task A_shell_block_runs_the_built_tool_and_its_failure_shows()
    {
        await using var shell = new ShellBlocks();

        var version = await shell.RunAsync(Block("sh", "dotnet run --project src/TapeTrack.Sync.Cli -- --version\n"));
        var usage = await shell.RunAsync(Block("sh", "tapetrack-sync --no-such-option\n"));
        var sample = await shell.RunAsync(Block("sh", "test -x samples/nightly/run.sh && test -f samples/nightly/report.csv\n"));

        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"\d+\.\d+", version.Stdout);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--no-such-option", usage.Stderr);
        Assert.Equal(0, sample.ExitCode);
    }
}
