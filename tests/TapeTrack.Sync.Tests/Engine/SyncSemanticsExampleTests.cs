using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Tests.Engine;

// The example at the end of docs/sync-semantics.md, so the page never lies.
public class SyncSemanticsExampleTests
{
    [Fact]
    public async Task Docs_example_confirms_requests_and_warns_as_the_page_says()
    {
        var lto = new ScopeKey("US01", "LTO");
        var server = new InMemoryServerSession();
        server.AddMedia(lto,
            new Repository("LIBR", "Main Library", RepositoryType.Library),
            new Repository("OFFS", "Offsite Vault", RepositoryType.Vault));
        server.PutVolume(lto, new Volume("000001L6", "LIBR", null, 0));
        server.PutVolume(lto, new Volume("000002L6", "LIBR", "OFFS", 0));
        server.PutVolume(lto, new Volume("000003L6", "OFFS", null, 0));

        var definition = new SyncDefinitionBuilder()
            .SetCsvDelimiter(',')
            .SetLiteral(SyncField.Customer, "US01")
            .SetLiteral(SyncField.Media, "LTO")
            .Extract(SyncField.Volume, 1, 10)
            .Extract(SyncField.Repository, 2, 4)
            .Extract(SyncField.Location, 3, 4)
            .Build();

        const string report = "000001L6,OFFS,OFFS\n000002L6,,OFFS\n000003L6,,LIBR\n";
        await using var source = new DelimitedRecordSource(new MemoryStream(Encoding.UTF8.GetBytes(report)), ',');
        var result = await new SyncPipeline(definition, server).RunAsync(source);

        var printed = result.Changes.Select(change => $"{change.Action} {change.Volume} {change.Field} {change.From} -> {change.To}")
            .Concat(result.Warnings.Select(warning => warning.ToString()));
        Assert.Equal(new[]
        {
            "Set US01.LTO.000001L6 REPOSITORY LIBR -> OFFS",
            "Confirm US01.LTO.000001L6 CURRENT LIBR -> OFFS",
            "Confirm US01.LTO.000002L6 CURRENT LIBR -> OFFS",
            "line 3: warning: UnexpectedInLibrary: US01.LTO.000003L6 is at LIBR, expected at OFFS",
        }, printed);
        Assert.Equal("000001L6 OFFS v4", server.Find(lto.Volume("000001L6"))!.ToString());
        Assert.False(server.Find(lto.Volume("000002L6"))!.IsMoving);
        Assert.Equal("OFFS", server.Find(lto.Volume("000002L6"))!.Current);
        Assert.Equal(3, server.Find(lto.Volume("000003L6"))!.Version);
    }
}
