using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using TapeTrack.Sync.Definitions;

namespace TapeTrack.Sync.Tests.Definitions;

/// <summary>The examples of <c>docs/definition-language.md</c> load, so the reference never lies.</summary>
public class DocumentationExampleTests
{
    private const string MoveDateFormat = "SetMoveDateFormat(\"%%Y-%%m-%%d\");\n";
    private const string WriteTimeFormat = "SetWriteTimeFormat(\"%%Y-%%m-%%d %%H:%%M\");\n";

    public static IEnumerable<object[]> Examples()
    {
        var path = Path.Combine(TestPaths.RepositoryRoot, "docs", "definition-language.md");
        var blocks = Regex.Matches(File.ReadAllText(path), "```text\\n(.*?)```", RegexOptions.Singleline);
        return blocks
            .Select(m => m.Groups[1].Value)
            .Where(b => !b.Contains(": error:", System.StringComparison.Ordinal) && !b.Contains("Include(", System.StringComparison.Ordinal))
            .Select(b => new object[] { b });
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_in_the_language_reference_loads(string example)
    {
        var loader = Ttidef.Loader(new Dictionary<string, string> { ["TT_VAR"] = "/var/tt", ["DB_PASSWORD"] = "x" });
        // An example that is not a whole definition gets what a whole one needs, short of what it states itself.
        string text = example.Contains("SetLiteral(CUSTOMER", System.StringComparison.Ordinal)
            ? example
            : (example.Contains("SetMoveDateFormat", System.StringComparison.Ordinal) ? string.Empty : MoveDateFormat)
                + (example.Contains("SetWriteTimeFormat", System.StringComparison.Ordinal) ? string.Empty : WriteTimeFormat)
                + example + "\n"
                + (example.Contains("Extract(VOLUME", System.StringComparison.Ordinal) ? Ttidef.Required.Replace("Extract(VOLUME, 0, 8, 0);\n", string.Empty, System.StringComparison.Ordinal) : Ttidef.Required);

        var definition = loader.Parse(text, "example.ttidef");

        // Examples are written cleanly: the only warning allowed is a header record read without a HEADER rule.
        Assert.All(definition.Warnings, w => Assert.Contains("header block", w.Message, System.StringComparison.Ordinal));
    }

    [Fact]
    public void The_reference_has_an_example_for_every_statement()
    {
        var examples = string.Concat(Examples().Select(e => (string)e[0]));

        foreach (var statement in new[]
        {
            "SetFile", "SetCSVDelimiter", "SetODBC", "SetHeaderCount", "AddString", "Extract", "SetLiteral", "RemoveSpaces",
            "AddExclusionOnValue", "AddTranslation(", "AddTranslation2", "SetMoveDateFormat", "SetWriteTimeFormat",
            "AddMoveDateAdjustment", "AddRepositoryOnWriteTime", "AddRepositoryOnMoveDate", "AddSkipOnRepositoryChange",
        })
        {
            Assert.Contains(statement, examples, System.StringComparison.Ordinal);
        }
    }
}
