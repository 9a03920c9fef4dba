using System.IO;
using System.Linq;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;

namespace TapeTrack.Sync.Tests.Definitions;

public class FixtureDefinitionTests
{
    private static string CsvFixture => Path.Combine(TestPaths.SharedData, "csv-source", "csv_source.ttidef");

    private static string PagedFixture => Path.Combine(TestPaths.SharedData, "paged-report", "drm_report.ttidef");

    [Fact]
    public async Task The_csv_source_fixture_loads()
    {
        var definition = await new TtidefLoader().LoadAsync(CsvFixture);

        Assert.Equal(InputFormat.Delimited, definition.Format);
        Assert.Equal(',', definition.Delimiter);
        Assert.Equal(CsvFixture, definition.SourceName);
        Assert.Equal("%Y-%m-%d", definition.MoveDateFormat!.Text);
        Assert.Equal(new[] { "LIBR", "OFFS", "RACK" }, definition.Translations.Select(t => t.Translation.Text));
        Assert.Empty(definition.Warnings);
    }

    [Fact]
    public async Task The_paged_report_fixture_loads()
    {
        var definition = await new TtidefLoader().LoadAsync(PagedFixture);

        Assert.Equal(InputFormat.FixedPosition, definition.Format);
        Assert.Equal(7, definition.HeaderCount);
        Assert.Equal(new[] { RecordRuleType.Header, RecordRuleType.Terminate }, definition.RecordRules.Select(r => r.Type));
        Assert.Contains(new Extraction(SyncField.Customer, 11, 4, 3), definition.Extractions);
        Assert.Contains(new Extraction(SyncField.WriteTime, 28, 19, 0), definition.Extractions);
        Assert.Equal("%m/%d/%Y %H:%M:%S", definition.WriteTimeFormat!.Text);
        Assert.Empty(definition.Warnings);
    }

    [Fact]
    public async Task A_builder_made_definition_equals_the_loaded_csv_fixture()
    {
        var loaded = await new TtidefLoader().LoadAsync(CsvFixture);
        var built = new SyncDefinitionBuilder()
            .SetCsvDelimiter(',')
            .AddString(RecordRuleType.Exclusion, 0, "volume*")
            .AddExclusionOnValue(SyncField.Volume, "CLN*")
            .SetLiteral(SyncField.Customer, "US01")
            .SetLiteral(SyncField.Media, "LTO")
            .Extract(SyncField.Volume, 1, 10, 0)
            .Extract(SyncField.Repository, 5, 20, 0)
            .Extract(SyncField.Description, 6, 40, 0)
            .Extract(SyncField.MoveDate, 7, 10, 0)
            .SetMoveDateFormat("%Y-%m-%d")
            .AddTranslation(SyncField.Repository, "Library", "LIBR")
            .AddTranslation(SyncField.Repository, "Offsite", "OFFS")
            .AddTranslation(SyncField.Repository, "Racking", "RACK")
            .Build();

        Assert.Equal((built.Format, built.Delimiter, built.InputFile, built.HeaderCount), (loaded.Format, loaded.Delimiter, loaded.InputFile, loaded.HeaderCount));
        Assert.Equal(built.RecordRules, loaded.RecordRules);
        Assert.Equal(built.Extractions, loaded.Extractions);
        Assert.Equal(built.Literals, loaded.Literals);
        Assert.Equal(built.RemoveSpaces, loaded.RemoveSpaces);
        Assert.Equal(built.Translations, loaded.Translations);
        Assert.Equal(built.SecondPassTranslations, loaded.SecondPassTranslations);
        Assert.Equal(built.Exclusions, loaded.Exclusions);
        Assert.Equal(built.MoveDateFormat, loaded.MoveDateFormat);
        Assert.Equal(built.WriteTimeFormat, loaded.WriteTimeFormat);
        Assert.Equal(built.MoveDateAdjustments, loaded.MoveDateAdjustments);
        Assert.Equal(built.RepositoryOnWriteTimeRules, loaded.RepositoryOnWriteTimeRules);
        Assert.Equal(built.RepositoryOnMoveDateRules, loaded.RepositoryOnMoveDateRules);
        Assert.Equal(built.SkipOnRepositoryChangeRules, loaded.SkipOnRepositoryChangeRules);
    }
}
