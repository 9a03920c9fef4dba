using System;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Tests.Engine.FieldRuleTests;
using static TapeTrack.Sync.Tests.Engine.SyncHarness;

namespace TapeTrack.Sync.Tests.Engine;

// The harness clock says 2026-11-25 12:00 UTC and the engine's time zone is UTC unless a test says otherwise.
public class DateRuleTests
{
    private static SyncDuration Days(int days) => new(0, 0, days, 0);

    [Fact]
    public async Task Move_date_adjustment_adds_years_then_months_then_days_and_the_first_match_wins()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR", null, (VolumeFields.Description, "monthly_full"));
        h.Put("V2", "LIBR", null, (VolumeFields.Description, "weekly_full"));
        var definition = Definition("VOLUME,MOVEDATE,DESCRIPTION", b => b
            .AddMoveDateAdjustment(SyncField.Description, "monthly*", 0, 1, 2)
            .AddMoveDateAdjustment(SyncField.Description, "*", 1, 0, 0));

        var result = await h.RunAsync(definition, "V1,2026-01-31,monthly_full", "V2,2026-01-31,weekly_full");

        // 2026-01-31 + 1 month = 2026-02-28, + 2 days = 2026-03-02
        Assert.Equal(new[] { "set V1 MOVEDATE ->2026-03-02 @1", "set V2 MOVEDATE ->2027-01-31 @2" }, Changes(result));
    }

    [Fact]
    public async Task A_sync_rule_filters_a_yes_no_field_by_the_value_the_report_gives_as_AddExclusionOnValue_does()
    {
        // non-scratch tapes written in the last two days go offsite: the report says Y/N, not true/false
        var h = new SyncHarness();
        h.Put("V1", "LIBR", null, (VolumeFields.Scratch, "false"));
        h.Put("V2", "LIBR", null, (VolumeFields.Scratch, "true"));
        var definition = Definition("VOLUME,WRITETIME,SCRATCH", b => b.AddRepositoryOnWriteTime(SyncField.Scratch, "N", Days(2), "OFFS", Days(0)));

        var result = await h.RunAsync(definition, "V1,2026-11-24 08:00:00,N", "V2,2026-11-24 08:00:00,Y");

        Assert.Equal("OFFS", h.Volume("V1").Target);
        Assert.Equal("LIBR", h.Volume("V2").Target);
    }

    [Fact]
    public async Task A_move_date_adjustment_filters_the_move_date_as_the_report_writes_it()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR");
        h.Put("V2", "LIBR");
        var definition = Definition("VOLUME,DESCRIPTION", b => b
            .Extract(SyncField.MoveDate, 3, 10)
            .SetMoveDateFormat("%d/%m/%Y")
            .AddMoveDateAdjustment(SyncField.MoveDate, "*/12/*", 0, 0, 1));

        var result = await h.RunAsync(definition, "V1,d,05/12/2026", "V2,d,05/11/2026");

        Assert.Equal(new[] { "set V1 DESCRIPTION ->d @1", "set V1 MOVEDATE ->2026-12-06 @1", "set V2 DESCRIPTION ->d @2", "set V2 MOVEDATE ->2026-11-05 @2" }, Changes(result));
    }

    [Theory]
    [InlineData("2026-12-01", "OFFS")] // 6 days ahead
    [InlineData("2026-12-02", "OFFS")] // midnight, before now + 7 days (12:00)
    [InlineData("2026-12-03", "LIBR")] // too far ahead
    [InlineData("2026-11-01", "OFFS")] // passed
    public async Task Repository_on_move_date_fires_when_the_move_date_is_within_the_time_or_passed(string moveDate, string target)
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR", null, (VolumeFields.MoveDate, moveDate));
        var definition = Definition("VOLUME,MOVEDATE", b => b.AddRepositoryOnMoveDate(SyncField.Volume, "V*", Days(7), "OFFS"));

        var result = await h.RunAsync(definition, "V1," + moveDate);

        Assert.Equal(target, h.Volume("V1").Target);
        Assert.Equal(target == "OFFS" ? "matched=1 updated=1 movesRequested=1" : "matched=1 unchanged=1", Counts(result));
    }

    [Theory]
    [InlineData("2026-11-24 08:00:00", "OFFS", "2026-12-24")]
    [InlineData("2026-11-23 12:00:00", "OFFS", "2026-12-23")]
    [InlineData("2026-11-23 11:59:59", "LIBR", null)]
    public async Task Repository_on_write_time_fires_for_a_recent_write_and_sets_the_move_date(string written, string target, string? moveDate)
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR", null, (VolumeFields.WriteTime, written.Replace(' ', 'T')));
        var definition = Definition("VOLUME,WRITETIME", b => b.AddRepositoryOnWriteTime(SyncField.Volume, "*", Days(2), "OFFS", Days(30)));

        var result = await h.RunAsync(definition, "V1," + written);

        Assert.Equal(target, h.Volume("V1").Target);
        Assert.Equal(moveDate, h.Volume("V1").Get(VolumeFields.MoveDate));
        Assert.Equal(
            moveDate is null ? new string[0] : new[] { "set V1 REPOSITORY LIBR->OFFS @1", $"set V1 MOVEDATE ->{moveDate} @1" },
            Changes(result));
    }

    [Fact]
    public async Task Repository_on_write_time_with_a_zero_move_date_leaves_the_move_date()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR", null, (VolumeFields.MoveDate, "2027-01-01"));
        var definition = Definition("VOLUME,WRITETIME", b => b.AddRepositoryOnWriteTime(SyncField.Volume, "*", Days(2), "OFFS", default));

        var result = await h.RunAsync(definition, "V1,2026-11-25 06:00:00");

        Assert.Equal(new[] { "set V1 REPOSITORY LIBR->OFFS @1", "set V1 WRITETIME ->2026-11-25T06:00:00 @1" }, Changes(result));
        Assert.Equal("2027-01-01", h.Volume("V1").Get(VolumeFields.MoveDate));
    }

    [Fact]
    public async Task Repository_on_move_date_that_fires_keeps_the_write_time_rule_from_applying()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR", null, (VolumeFields.MoveDate, "2026-11-26"), (VolumeFields.WriteTime, "2026-11-25T06:00:00"));
        var definition = Definition("VOLUME,MOVEDATE,WRITETIME", b => b
            .AddRepositoryOnWriteTime(SyncField.Volume, "*", Days(2), "OFFS", Days(30))
            .AddRepositoryOnMoveDate(SyncField.Volume, "*", Days(7), "VLT2"));

        var result = await h.RunAsync(definition, "V1,2026-11-26,2026-11-25 06:00:00");

        Assert.Equal(new[] { "set V1 REPOSITORY LIBR->VLT2 @1" }, Changes(result));
        Assert.Equal("2026-11-26", h.Volume("V1").Get(VolumeFields.MoveDate));
    }

    [Theory]
    [InlineData(0, "LIBR")]
    [InlineData(10, "LIBR")]
    [InlineData(-10, "OFFS")]
    public async Task Now_is_taken_in_the_engines_time_zone(int offsetHours, string target)
    {
        // now is 12:00 UTC: 22:00 at +10 and 02:00 at -10; the rule takes writes of the last day
        var h = new SyncHarness();
        h.Options.TimeZone = TimeZoneInfo.CreateCustomTimeZone("test", TimeSpan.FromHours(offsetHours), "test", "test");
        h.Put("V1", "LIBR", null, (VolumeFields.WriteTime, "2026-11-24T11:00:00"));
        var definition = Definition("VOLUME,WRITETIME", b => b.AddRepositoryOnWriteTime(SyncField.Volume, "*", Days(1), "OFFS", default));

        await h.RunAsync(definition, "V1,2026-11-24 11:00:00");

        Assert.Equal(target, h.Volume("V1").Target);
    }

    [Fact]
    public async Task Date_rules_follow_the_injected_clock()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR", null, (VolumeFields.MoveDate, "2026-12-10"));
        var definition = Definition("VOLUME,MOVEDATE", b => b.AddRepositoryOnMoveDate(SyncField.Volume, "*", Days(7), "OFFS"));

        var before = await h.RunAsync(definition, "V1,2026-12-10");
        h.Time.Advance(TimeSpan.FromDays(10));
        var after = await h.RunAsync(definition, "V1,2026-12-10");

        Assert.Empty(before.Changes);
        Assert.Equal(new[] { "set V1 REPOSITORY LIBR->OFFS @1" }, Changes(after));
    }

    [Fact]
    public async Task Options_now_overrides_the_clock()
    {
        var h = new SyncHarness();
        h.Options.Now = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        h.Put("V1", "LIBR", null, (VolumeFields.WriteTime, "2026-05-31T20:00:00"));
        var definition = Definition("VOLUME,WRITETIME", b => b.AddRepositoryOnWriteTime(SyncField.Volume, "*", Days(1), "OFFS", default));

        var result = await h.RunAsync(definition, "V1,2026-05-31 20:00:00");

        Assert.Equal(new[] { "set V1 REPOSITORY LIBR->OFFS @1" }, Changes(result));
    }

    [Fact]
    public async Task Elapsed_time_comes_from_the_injected_clock()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR");

        var result = await h.RunAsync("VOLUME,REPOSITORY", "V1,OFFS");

        Assert.Equal(TimeSpan.Zero, result.Statistics.Elapsed);
    }
}
