using System.Threading.Tasks;
using static TapeTrack.Sync.Tests.Engine.FieldRuleTests;
using static TapeTrack.Sync.Tests.Engine.SyncHarness;

namespace TapeTrack.Sync.Tests.Engine;

public class RepositoryAndLocationTests
{
    [Theory]
    // current, target ("" = not moving), proposed -> change, counts, where the volume ends up
    [InlineData("LIBR", "", "LIBR", null, "matched=1 unchanged=1", "V1 LIBR")]
    [InlineData("LIBR", "OFFS", "OFFS", null, "matched=1 unchanged=1", "V1 LIBR->OFFS")]
    [InlineData("LIBR", "", "OFFS", "set V1 REPOSITORY LIBR->OFFS @1", "matched=1 updated=1 movesRequested=1", "V1 LIBR->OFFS")]
    [InlineData("LIBR", "OFFS", "VLT2", "set V1 REPOSITORY OFFS->VLT2 @1", "matched=1 updated=1 movesRequested=1", "V1 LIBR->VLT2")]
    [InlineData("LIBR", "OFFS", "LIBR", "set V1 REPOSITORY OFFS->LIBR @1", "matched=1 updated=1 movesCancelled=1", "V1 LIBR")]
    [InlineData("LIBR", "", "NOPE", null, "errors=1", "V1 LIBR")]
    public async Task Repository_proposes_a_target(string current, string target, string proposed, string? change, string counts, string where)
    {
        var h = new SyncHarness();
        h.Put("V1", current, target);

        var result = await h.RunAsync("VOLUME,REPOSITORY", "V1," + proposed);

        Assert.Equal(change is null ? new string[0] : new[] { change }, Changes(result));
        Assert.Equal(counts, Counts(result));
        Assert.Equal(where, Where(h.Volume("V1")));
    }

    [Fact]
    public async Task Unknown_repository_is_a_record_error_that_names_the_field()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR");

        var result = await h.RunAsync("VOLUME,REPOSITORY", "V1,NOPE");

        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Line);
        Assert.Equal("REPOSITORY", error.Field);
        Assert.Equal("media LTO has no repository 'NOPE'", error.Message);
    }

    [Theory]
    [InlineData("LIBR", "OFFS", true)]
    [InlineData("LTO9", "OFFS", true)]
    [InlineData("VLT2", "OFFS", false)]
    [InlineData("LIBR", "", false)]
    public async Task Skip_rule_keeps_the_target_when_proposed_target_and_current_all_match(string current, string target, bool skipped)
    {
        var h = new SyncHarness();
        h.Session.AddMedia(Lto, new Sessions.Repository("LTO9", "Second library", Sessions.RepositoryType.Library), Repositories()[0], Repositories()[1], Repositories()[2], Repositories()[3]);
        h.Put("V1", current, target);
        var definition = Definition("VOLUME,REPOSITORY", b => b.AddSkipOnRepositoryChange("RACK", "OFFS", "L*"));

        var result = await h.RunAsync(definition, "V1,RACK");

        if (skipped)
        {
            Assert.Empty(result.Changes);
            Assert.Equal("matched=1 unchanged=1 skippedByRule=1", Counts(result));
            Assert.Equal($"V1 {current}->OFFS", Where(h.Volume("V1")));
        }
        else
        {
            Assert.Equal(new[] { $"set V1 REPOSITORY {(target.Length > 0 ? target : current)}->RACK @1" }, Changes(result));
            Assert.Equal("matched=1 updated=1 movesRequested=1", Counts(result));
        }
    }

    [Fact]
    public async Task Repository_description_is_resolved_case_insensitively_and_reported_as_repository()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR");
        h.Put("V2", "LIBR");

        var result = await h.RunAsync("VOLUME,REPOSITORY_DESC", "V1,offsite VAULT", "V2,Nowhere");

        Assert.Equal(new[] { "set V1 REPOSITORY LIBR->OFFS @1" }, Changes(result));
        Assert.Equal(1, result.Statistics.FieldChanges["REPOSITORY"]);
        Assert.Equal(new[] { "2 REPOSITORY_DESC" }, Errors(result));
        Assert.Equal("matched=1 updated=1 errors=1 movesRequested=1", Counts(result));
        Assert.Equal("V1 LIBR->OFFS", Where(h.Volume("V1")));
    }

    [Fact]
    public async Task Location_confirms_a_volume_bound_for_it()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR", "OFFS");

        var result = await h.RunAsync("VOLUME,LOCATION", "V1,OFFS");

        Assert.Equal(new[] { "confirm V1 CURRENT LIBR->OFFS @1" }, Changes(result));
        Assert.Empty(result.Warnings);
        Assert.Equal("matched=1 updated=1 confirmations=1", Counts(result));
        Assert.Equal(1, result.Statistics.FieldChanges["CURRENT"]);
        Assert.Equal("V1 OFFS", Where(h.Volume("V1")));
    }

    [Fact]
    public async Task Location_where_the_volume_is_expected_changes_nothing()
    {
        var h = new SyncHarness();
        h.Put("V1", "OFFS");

        var result = await h.RunAsync("VOLUME,LOCATION", "V1,OFFS");

        Assert.Empty(result.Changes);
        Assert.Empty(result.Warnings);
        Assert.Equal("matched=1 unchanged=1", Counts(result));
    }

    [Theory]
    // current, target, where the source sees it -> warning (expected->actual)
    [InlineData("OFFS", "", "LIBR", "UnexpectedInLibrary V1 OFFS->LIBR @1")]
    [InlineData("LIBR", "OFFS", "LIBR", "UnexpectedInLibrary V1 OFFS->LIBR @1")]
    [InlineData("LIBR", "", "RACK", "UnexpectedAtLocation V1 LIBR->RACK @1")]
    [InlineData("LIBR", "OFFS", "VLT2", "UnexpectedAtLocation V1 OFFS->VLT2 @1")]
    public async Task Location_elsewhere_warns_with_the_expected_and_actual_repository(string current, string target, string location, string warning)
    {
        var h = new SyncHarness();
        var before = h.Put("V1", current, target);

        var result = await h.RunAsync("VOLUME,LOCATION", "V1," + location);

        Assert.Empty(result.Changes);
        Assert.Equal(new[] { warning }, Warnings(result));
        Assert.Equal("matched=1 unchanged=1 warnings=1", Counts(result));
        Assert.Equal(before.Version, h.Volume("V1").Version);
    }

    [Fact]
    public async Task Location_is_decided_after_the_records_repository_change()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR");
        h.Put("V2", "LIBR", "OFFS");

        var result = await h.RunAsync("VOLUME,REPOSITORY,LOCATION", "V1,OFFS,LIBR", "V2,VLT2,OFFS");

        Assert.Equal(new[]
        {
            "set V1 REPOSITORY LIBR->OFFS @1",
            "set V2 REPOSITORY OFFS->VLT2 @2",
        }, Changes(result));
        Assert.Equal(new[] { "UnexpectedInLibrary V1 OFFS->LIBR @1", "UnexpectedAtLocation V2 VLT2->OFFS @2" }, Warnings(result));
        Assert.Equal("V1 LIBR->OFFS", Where(h.Volume("V1")));
        Assert.Equal("V2 LIBR->VLT2", Where(h.Volume("V2")));
    }

    [Fact]
    public async Task A_report_naming_a_new_target_and_showing_the_tape_there_settles_in_one_run()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR");
        h.Put("V2", "LIBR", "OFFS");
        h.Put("V3", "OFFS", "LIBR");
        string[] report = { "V1,OFFS,OFFS", "V2,VLT2,VLT2", "V3,OFFS,OFFS" };

        var first = await h.RunAsync("VOLUME,REPOSITORY,LOCATION", report);

        Assert.Equal(new[]
        {
            "set V1 REPOSITORY LIBR->OFFS @1",
            "confirm V1 CURRENT LIBR->OFFS @1",
            "set V2 REPOSITORY OFFS->VLT2 @2",
            "confirm V2 CURRENT LIBR->VLT2 @2",
            "set V3 REPOSITORY LIBR->OFFS @3",
        }, Changes(first));
        Assert.Empty(first.Warnings);
        Assert.Equal("V1 OFFS", Where(h.Volume("V1")));
        Assert.Equal("V2 VLT2", Where(h.Volume("V2")));
        Assert.Equal("V3 OFFS", Where(h.Volume("V3")));

        var second = await h.RunAsync("VOLUME,REPOSITORY,LOCATION", report);

        Assert.Empty(second.Changes);
        Assert.Empty(second.Warnings);
        Assert.Equal("matched=3 unchanged=3", Counts(second));
    }

    [Theory]
    // current, target ("" = not moving), the record's REPOSITORY and LOCATION
    [InlineData("LIBR", "", "OFFS", "LIBR")]
    [InlineData("LIBR", "OFFS", "LIBR", "OFFS")]
    [InlineData("LIBR", "OFFS", "VLT2", "RACK")]
    [InlineData("OFFS", "", "", "LIBR")]
    [InlineData("LIBR", "OFFS", "", "OFFS")]
    [InlineData("LIBR", "", "RACK", "")]
    public async Task A_second_run_of_the_same_report_changes_nothing(string current, string target, string repository, string location)
    {
        var h = new SyncHarness();
        h.Put("V1", current, target);
        string record = $"V1,{repository},{location}";

        await h.RunAsync("VOLUME,REPOSITORY,LOCATION", record);
        var after = h.Volume("V1");
        var second = await h.RunAsync("VOLUME,REPOSITORY,LOCATION", record);

        Assert.Empty(second.Changes);
        Assert.Equal(after.Version, h.Volume("V1").Version);
    }

    [Fact]
    public async Task Unknown_location_is_a_record_error()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR");

        var result = await h.RunAsync("VOLUME,LOCATION", "V1,MARS");

        Assert.Equal(new[] { "1 LOCATION" }, Errors(result));
        Assert.Equal("errors=1", Counts(result));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task Each_record_of_a_volume_is_decided_against_the_state_the_one_before_left(int batchSize)
    {
        var h = new SyncHarness();
        h.Options.BatchSize = batchSize;
        h.Put("V1", "LIBR");
        var session = new RecordingSession(h.Session);

        var result = await h.RunAsync(Definition("VOLUME,REPOSITORY,LOCATION"), session, "V1,OFFS,", "V1,,OFFS", "V1,LIBR,", "V1,LIBR,");

        Assert.Equal(new[]
        {
            "set V1 REPOSITORY LIBR->OFFS @1",
            "confirm V1 CURRENT LIBR->OFFS @2",
            "set V1 REPOSITORY OFFS->LIBR @3",
        }, Changes(result));
        Assert.Equal("matched=4 unchanged=1 updated=3 movesRequested=2 confirmations=1", Counts(result));
        Assert.Equal("V1 OFFS->LIBR", Where(h.Volume("V1")));
        Assert.Equal(batchSize == 1 ? 3 : 1, session.Batches.Count);
    }
}
