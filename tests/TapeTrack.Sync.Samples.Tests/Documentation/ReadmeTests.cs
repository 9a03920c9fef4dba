using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Samples.Tests.Documentation;

// The front page must not lie: its code runs, and its commands are the ones CI uses.
[Collection(ConsoleCollection.Name)]
public class ReadmeTests
{
    private static string Readme => File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));

    [Fact]
    public void Readme_code_example_runs_against_the_csv_fixture()
    {
        var match = Regex.Match(Readme, "```csharp\n(.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, "README.md has no ```csharp block");
        using var folder = new TempFolder();
        File.Copy(TestPaths.Fixture("csv-source", "store.json"), Path.Combine(folder.Path, "store.json"));
        File.Copy(TestPaths.Fixture("csv-source", "CSV_source.csv"), Path.Combine(folder.Path, "report.csv"));

        var output = ProgramRunner.Run(match.Groups[1].Value, folder.Path);

        Assert.Matches(@"Records read:\s+10\n", output);
        Assert.Matches(@"Moves requested:\s+2\n", output);
    }

    [Fact]
    public void Readme_test_command_is_the_one_ci_runs()
    {
        Assert.Contains("dotnet test TapeTrack.Sync.sln", Readme);
        Assert.Contains("dotnet test TapeTrack.Sync.sln", File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, ".ci", "run")));
    }

    [Fact]
    public void Readme_main_command_is_the_bundled_nightly_sample()
    {
        Assert.Contains("bash samples/nightly/run.sh", Readme);
        Assert.True(File.Exists(Path.Combine(TestPaths.RepositoryRoot, "samples", "nightly", "run.sh")));
    }

    [Fact]
    public void Readme_links_only_to_docs_that_exist()
    {
        foreach (Match link in Regex.Matches(Readme, @"\]\((docs/[^)#]+)(#[^)]+)?\)"))
        {
            string path = Path.Combine(TestPaths.RepositoryRoot, link.Groups[1].Value);
            Assert.True(File.Exists(path), link.Groups[1].Value + " is missing");
            if (link.Groups[2].Success)
            {
                // a heading's anchor as GitHub makes it: lower case, spaces as '-', punctuation dropped
                var anchors = File.ReadAllLines(path).Where(l => l.StartsWith('#'))
                    .Select(l => "#" + Regex.Replace(l.TrimStart('#').Trim().ToLowerInvariant(), @"[^a-z0-9 _-]", string.Empty).Replace(' ', '-'));
                Assert.Contains(link.Groups[2].Value, anchors);
            }
        }
    }
}
