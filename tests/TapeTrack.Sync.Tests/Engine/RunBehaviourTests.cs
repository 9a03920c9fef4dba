using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Tests.Engine.FieldRuleTests;
using static TapeTrack.Sync.Tests.Engine.SyncHarness;

namespace TapeTrack.Sync.Tests.Engine;

public class RunBehaviourTests
{
    [Fact]
    public async Task Inventory_reports_volumes_missing_from_the_locations_the_input_names()
    {
        var h = new SyncHarness();
        h.Options.Inventory = true;
        h.Put("V1", "LIBR");
        h.Put("V2", "LIBR");
        h.Put("V3", "LIBR");         // not listed: missing from the library
        h.Put("V4", "LIBR", "OFFS"); // moving: not expected to stay
        h.Put("V5", "RACK");         // not listed: missing from the rack
        h.Put("V6", "RACK");
        h.Put("V7", "RACK");         // not listed
        h.Put("V8", "OFFS");         // OFFS is not a location the input names
        var dlt = new ScopeKey("US01", "DLT");
        h.Session.AddMedia(dlt, Repositories());
        h.Put(dlt, "D1", "LIBR");    // a scope the input does not name

        var result = await h.RunAsync("VOLUME,LOCATION", "V2,LIBR", "V1,LIBR", "V6,RACK");

        Assert.Equal(new[]
        {
            "MissingFromLibrary V3 LIBR-> @",
            "MissingFromLocation V5 RACK-> @",
            "MissingFromLocation V7 RACK-> @",
        }, Warnings(result));
        Assert.All(result.Warnings, w => Assert.Null(w.Line));
        Assert.Equal("matched=3 unchanged=3 warnings=3", Counts(result));
        Assert.Equal(1, result.Statistics.WarningsOf(WarningKind.MissingFromLibrary));
        Assert.Equal(2, result.Statistics.WarningsOf(WarningKind.MissingFromLocation));
    }

    [Fact]
    public async Task Inventory_counts_a_volume_confirmed_into_a_location_as_listed()
    {
        var h = new SyncHarness();
        h.Options.Inventory = true;
        h.Put("V1", "OFFS", "LIBR");
        h.Put("V2", "LIBR");

        var result = await h.RunAsync("VOLUME,LOCATION", "V1,LIBR");

        Assert.Equal(new[] { "confirm V1 CURRENT OFFS->LIBR @1" }, Changes(result));
        Assert.Equal(new[] { "MissingFromLibrary V2 LIBR-> @" }, Warnings(result));
    }

    [Fact]
    public async Task Picking_list_leaves_volumes_it_does_not_name_alone()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR");
        h.Put("V2", "LIBR");

        var result = await h.RunAsync("VOLUME,LOCATION", "V1,LIBR");

        Assert.Empty(result.Warnings);
        Assert.Equal("matched=1 unchanged=1", Counts(result));
    }

    [Fact]
    public async Task Dry_run_decides_everything_and_sends_nothing()
    {
        var real = new SyncHarness();
        var dry = new SyncHarness();
        dry.Options.DryRun = true;
        dry.Options.AddVolumes = real.Options.AddVolumes = true;
        foreach (var h in new[] { real, dry })
        {
            h.Put("V1", "LIBR");
            h.Put("V2", "LIBR", "OFFS");
        }

        var session = new RecordingSession(dry.Session);
        string[] lines = { "V1,OFFS,,weekly", "V2,,OFFS,", "V1,VLT2,,", "N1,,RACK,new" };
        var expected = await real.RunAsync(Definition("VOLUME,REPOSITORY,LOCATION,DESCRIPTION"), lines);
        var result = await dry.RunAsync(Definition("VOLUME,REPOSITORY,LOCATION,DESCRIPTION"), session, lines);

        Assert.True(result.DryRun);
        Assert.Empty(session.Batches);
        Assert.Equal(Changes(expected), Changes(result));
        Assert.Equal(Counts(expected), Counts(result));
        Assert.Equal("matched=3 updated=3 added=1 movesRequested=2 confirmations=1", Counts(result));
        Assert.Equal("V1 LIBR", Where(dry.Volume("V1")));
        Assert.Equal("V2 LIBR->OFFS", Where(dry.Volume("V2")));
        Assert.Null(dry.Session.Find(Key("N1")));
    }

    [Fact]
    public async Task Max_errors_stops_the_run_after_sending_what_was_decided_before_the_stop()
    {
        var h = new SyncHarness();
        h.Options.MaxErrors = 1;
        foreach (var id in new[] { "V1", "V2", "V3", "V4", "V5" })
        {
            h.Put(id, "LIBR");
        }

        var e = await Assert.ThrowsAsync<SyncStoppedException>(() =>
            h.RunAsync("VOLUME,REPOSITORY", "V1,OFFS", "V2,NOPE", "V3,OFFS", "V4,NOPE", "V5,OFFS"));

        var partial = e.Partial;
        Assert.Equal(new[] { "set V1 REPOSITORY LIBR->OFFS @1", "set V3 REPOSITORY LIBR->OFFS @3" }, Changes(partial));
        Assert.Equal(new[] { "2 REPOSITORY", "4 REPOSITORY" }, Errors(partial));
        Assert.Equal(4, partial.Statistics.RecordsRead);
        Assert.Equal("matched=2 updated=2 errors=2 movesRequested=2", Counts(partial));
        Assert.Equal("V1 LIBR->OFFS", Where(h.Volume("V1")));
        Assert.Equal("V3 LIBR->OFFS", Where(h.Volume("V3")));
        Assert.Equal("V5 LIBR", Where(h.Volume("V5")));
        Assert.Contains("2 record errors exceed the limit of 1", e.Message, StringComparison.Ordinal);
        Assert.Single(h.Logger.Messages(103));
    }

    [Fact]
    public async Task Max_errors_zero_stops_at_the_first_error()
    {
        var h = new SyncHarness();
        h.Options.MaxErrors = 0;
        h.Put("V1", "LIBR");
        h.Put("V3", "LIBR");

        var e = await Assert.ThrowsAsync<SyncStoppedException>(() => h.RunAsync("VOLUME,REPOSITORY", "V1,OFFS", "V2,NOPE", "V3,OFFS"));

        Assert.Equal(new[] { "set V1 REPOSITORY LIBR->OFFS @1" }, Changes(e.Partial));
        Assert.Equal(2, e.Partial.Statistics.RecordsRead);
        Assert.Equal("V1 LIBR->OFFS", Where(h.Volume("V1")));
        Assert.Equal("V3 LIBR", Where(h.Volume("V3")));
    }

    [Fact]
    public async Task Max_errors_not_exceeded_lets_the_run_finish()
    {
        var h = new SyncHarness();
        h.Options.MaxErrors = 1;
        h.Put("V1", "LIBR");

        var result = await h.RunAsync("VOLUME,REPOSITORY", "V2,NOPE", "V1,OFFS");

        Assert.Equal("matched=1 updated=1 errors=1 movesRequested=1", Counts(result));
    }

    [Fact]
    public async Task Import_errors_count_toward_max_errors()
    {
        var h = new SyncHarness();
        h.Options.MaxErrors = 1;
        h.Put("V1", "LIBR");
        h.Put("V4", "LIBR");

        var e = await Assert.ThrowsAsync<SyncStoppedException>(() =>
            h.RunAsync("VOLUME,MOVEDATE", "V1,2026-12-01", "V2,2026-13-45", ",2026-12-01", "V4,2026-12-01"));

        Assert.Equal(new[] { "2 MOVEDATE", "3 VOLUME" }, Errors(e.Partial));
        Assert.Equal(new[] { "set V1 MOVEDATE ->2026-12-01 @1" }, Changes(e.Partial));
        Assert.Equal("2026-12-01", h.Volume("V1").Get(Sessions.VolumeFields.MoveDate));
        Assert.Null(h.Volume("V4").Get(Sessions.VolumeFields.MoveDate));
    }

    [Fact]
    public async Task Update_the_server_refuses_is_a_record_error_and_later_records_see_the_servers_state()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR");
        var session = new RefusingSession(h.Session);

        var result = await h.RunAsync(Definition("VOLUME,REPOSITORY,DESCRIPTION"), session, "V1,OFFS,", "V1,,weekly");

        Assert.Equal(new[] { "1 ", "2 " }, Errors(result));
        Assert.Equal("the server refused the update: volume is locked", result.Errors[0].Message);
        Assert.Empty(result.Changes);
        Assert.Equal("errors=2", Counts(result));
        Assert.Equal("V1 LIBR", Where(h.Volume("V1")));
    }

    [Fact]
    public async Task A_value_holding_a_NUL_is_a_record_error_of_its_line_and_the_rest_of_its_batch_applies()
    {
        // no store keeps a NUL (PostgreSQL's text cannot): the store refuses that update alone, the sync names the line
        var h = new SyncHarness();
        h.Put("V1", "LIBR", null, (Sessions.VolumeFields.Description, "weekly"));
        h.Put("V2", "LIBR", null, (Sessions.VolumeFields.Description, "weekly"));

        var result = await h.RunAsync("VOLUME,DESCRIPTION", "V1,week\0ly", "V2,monthly");

        Assert.Equal(new[] { "1 " }, Errors(result));
        Assert.Equal("the server refused the update: the value of DESCRIPTION holds a NUL character (\\x00), which no store keeps", result.Errors[0].Message);
        Assert.Equal(new[] { "set V2 DESCRIPTION weekly->monthly @2" }, Changes(result));
        Assert.Equal("weekly", h.Volume("V1").Get(Sessions.VolumeFields.Description));
        Assert.Equal("monthly", h.Volume("V2").Get(Sessions.VolumeFields.Description));
    }

    [Fact]
    public async Task Lines_that_move_a_volume_and_back_in_one_batch_send_nothing_and_leave_its_version()
    {
        // each line counts as it is, but a store must not give the volume a new version for no change (its audit
        // trail would have nothing to show for it)
        var h = new SyncHarness();
        h.Put("V1", "LIBR");
        h.Put("V2", "LIBR");
        long version = h.Volume("V1").Version;
        var session = new RecordingSession(h.Session);

        var result = await h.RunAsync(Definition("VOLUME,REPOSITORY"), session, "V1,OFFS", "V2,OFFS", "V1,LIBR");

        Assert.Equal(new[] { "set V1 REPOSITORY LIBR->OFFS @1", "set V2 REPOSITORY LIBR->OFFS @2", "set V1 REPOSITORY OFFS->LIBR @3" }, Changes(result));
        var batch = Assert.Single(session.Batches);
        Assert.Equal(Key("V2"), Assert.Single(batch).Key);
        Assert.Equal("V1 LIBR", Where(h.Volume("V1")));
        Assert.Equal(version, h.Volume("V1").Version);
        Assert.Equal("V2 LIBR->OFFS", Where(h.Volume("V2")));

        // and a rerun of the same report decides the same and again sends only V2's (now nothing)
        var again = await h.RunAsync(Definition("VOLUME,REPOSITORY"), session, "V1,OFFS", "V2,OFFS", "V1,LIBR");
        Assert.Single(session.Batches);
        Assert.Equal(version, h.Volume("V1").Version);
        Assert.Equal(new[] { "set V1 REPOSITORY LIBR->OFFS @1", "set V1 REPOSITORY OFFS->LIBR @3" }, Changes(again));
    }

    [Fact]
    public async Task Conflict_re_reads_the_volume_and_decides_again()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR", null, (Sessions.VolumeFields.Description, "weekly"));
        var session = new RecordingSession(h.Session);
        session.BeforeApply = _ =>
        {
            if (session.Batches.Count == 1)
            {
                h.Put("V1", "LIBR", "VLT2", (Sessions.VolumeFields.Description, "weekly"));
            }
        };

        var result = await h.RunAsync(Definition("VOLUME,REPOSITORY,DESCRIPTION"), session, "V1,OFFS,monthly");

        Assert.Equal(new[] { "set V1 REPOSITORY VLT2->OFFS @1", "set V1 DESCRIPTION weekly->monthly @1" }, Changes(result));
        Assert.Equal("matched=1 updated=1 movesRequested=1", Counts(result));
        Assert.Equal(2, session.Batches.Count);
        Assert.Equal("V1 LIBR->OFFS", Where(h.Volume("V1")));
        Assert.Equal("monthly", h.Volume("V1").Get(Sessions.VolumeFields.Description));
        Assert.Single(h.Logger.Messages(203));
    }

    [Fact]
    public async Task Conflict_whose_change_someone_else_already_made_changes_nothing()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR");
        var session = new RecordingSession(h.Session);
        session.BeforeApply = _ => h.Put("V1", "LIBR", "OFFS");

        var result = await h.RunAsync(Definition("VOLUME,REPOSITORY"), session, "V1,OFFS");

        Assert.Empty(result.Changes);
        Assert.Equal("matched=1 unchanged=1", Counts(result));
        Assert.Single(session.Batches);
    }

    [Fact]
    public async Task Volume_that_keeps_conflicting_becomes_a_record_error()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR");
        var session = new RecordingSession(h.Session);
        int n = 0;
        session.BeforeApply = _ => h.Put("V1", "LIBR", null, (Sessions.VolumeFields.Slot, "S" + n++));

        var result = await h.RunAsync(Definition("VOLUME,REPOSITORY"), session, "V1,OFFS");

        Assert.Empty(result.Changes);
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("changed by someone else", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, session.Batches.Count);
        Assert.Equal("V1 LIBR", Where(h.Volume("V1")));
    }

    [Fact]
    public async Task Volume_someone_added_meanwhile_is_decided_again_as_matched()
    {
        var h = new SyncHarness();
        h.Options.AddVolumes = true;
        var session = new RecordingSession(h.Session);
        session.BeforeApply = _ =>
        {
            if (session.Batches.Count == 1)
            {
                h.Put("N1", "RACK");
            }
        };

        var result = await h.RunAsync(Definition("VOLUME,REPOSITORY"), session, "N1,OFFS");

        Assert.Equal(new[] { "set N1 REPOSITORY RACK->OFFS @1" }, Changes(result));
        Assert.Equal("matched=1 updated=1 movesRequested=1", Counts(result));
        Assert.Equal("N1 RACK->OFFS", Where(h.Volume("N1")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rerun_after_a_server_failure_applies_exactly_what_is_still_different(bool failAfterApplying)
    {
        string[] lines = Enumerable.Range(1, 6).Select(i => $"V{i},OFFS,set{i}").ToArray();
        var clean = NewServer();
        await clean.RunAsync(Definition("VOLUME,REPOSITORY,DESCRIPTION"), lines);

        var h = NewServer();
        var applied = new List<VolumeKey>();
        var failing = new RecordingSession(h.Session);
        var recorded = new List<VolumeUpdate>();
        if (failAfterApplying)
        {
            failing.AfterApply = updates =>
            {
                recorded.AddRange(updates);
                if (failing.Batches.Count == 2)
                {
                    throw new ServerDownException();
                }
            };
        }
        else
        {
            failing.BeforeApply = updates =>
            {
                if (failing.Batches.Count == 2)
                {
                    throw new ServerDownException();
                }

                recorded.AddRange(updates);
            };
        }

        var e = await Assert.ThrowsAsync<SyncFailedException>(() => h.RunAsync(Definition("VOLUME,REPOSITORY,DESCRIPTION"), failing, lines));

        Assert.IsType<ServerDownException>(e.InnerException);
        Assert.Equal(new[] { "V1", "V1", "V2", "V2" }, e.Partial.Changes.Select(c => c.Volume.Volume));
        Assert.Equal(new[] { "V3", "V4" }, e.NotApplied.Select(u => u.Key.Volume));
        Assert.Equal("matched=2 updated=2 movesRequested=2", Counts(e.Partial));

        var rerun = new RecordingSession(h.Session) { AfterApply = recorded.AddRange };
        var result = await h.RunAsync(Definition("VOLUME,REPOSITORY,DESCRIPTION"), rerun, lines);

        var left = failAfterApplying ? new[] { "V5", "V6" } : new[] { "V3", "V4", "V5", "V6" };
        Assert.Equal(left, result.Changes.Select(c => c.Volume.Volume).Distinct());
        Assert.Equal($"matched=6 unchanged={6 - left.Length} updated={left.Length} movesRequested={left.Length}", Counts(result));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => "V" + i), recorded.Select(u => u.Key.Volume));
        Assert.Equal(State(clean), State(h));
    }

    [Fact]
    public async Task Server_failure_while_downloading_a_scope_reports_what_was_not_applied()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR");
        var session = new ThrowingDownloadSession(h.Session, new ScopeKey("US01", "DLT"));

        var e = await Assert.ThrowsAsync<SyncFailedException>(() =>
            h.RunAsync(Definition("CUSTOMER,MEDIA,VOLUME,REPOSITORY"), session, "US01,LTO,V1,OFFS", "US01,DLT,D1,OFFS"));

        Assert.Empty(e.Partial.Changes);
        var update = Assert.Single(e.NotApplied);
        Assert.Equal(Key("V1"), update.Key);
        Assert.Equal("V1 LIBR", Where(h.Volume("V1")));
    }

    [Fact]
    public async Task Every_change_warning_and_error_reaches_the_observer_and_the_log_with_stable_event_ids()
    {
        var h = new SyncHarness();
        h.Options.Inventory = true;
        h.Put("V1", "LIBR");
        h.Put("V2", "OFFS");
        h.Put("V3", "LIBR");

        var result = await h.RunAsync("VOLUME,REPOSITORY,LOCATION", "V1,OFFS,LIBR", "V2,,LIBR", "V9,,LIBR", "V1,NOPE,");

        Assert.Equal(result.Changes, h.Observer.Changes);
        Assert.Equal(result.Warnings, h.Observer.Warnings);
        Assert.Equal(result.Errors, h.Observer.Errors);
        Assert.Equal(new[] { "set V1 REPOSITORY LIBR->OFFS @1" }, Changes(result));
        Assert.Equal(new[] { "UnexpectedInLibrary V1 OFFS->LIBR @1", "UnexpectedInLibrary V2 OFFS->LIBR @2", "VolumeNotFound V9 -> @3", "MissingFromLibrary V3 LIBR-> @" }, Warnings(result));
        Assert.Equal(new[] { "4 REPOSITORY" }, Errors(result));

        Assert.Equal(new[] { "Set US01.LTO.V1 REPOSITORY: LIBR -> OFFS (line 1)" }, h.Logger.Messages(301));
        Assert.Equal(result.Warnings.Select(w => w.ToString()), h.Logger.Messages(302));
        Assert.Equal(new[] { "Record error: line 4: REPOSITORY: media LTO has no repository 'NOPE'" }, h.Logger.Messages(303));
        Assert.Single(h.Logger.Messages(101));
        Assert.Single(h.Logger.Messages(102));
        var change = h.Logger.Entries.Single(e => e.Id.Id == 301);
        Assert.Equal(LogLevel.Information, change.Level);
        Assert.Equal(Key("V1"), change.State.Single(p => p.Key == "Volume").Value);
        Assert.All(h.Logger.Entries.Where(e => e.Id.Id == 302), e => Assert.Equal(LogLevel.Warning, e.Level));
    }

    private static SyncHarness NewServer()
    {
        var h = new SyncHarness();
        h.Options.BatchSize = 2;
        for (int i = 1; i <= 6; i++)
        {
            h.Put("V" + i, "LIBR");
        }

        return h;
    }

    private static string[] State(SyncHarness h) =>
        h.Session.ToDocument().Customers.SelectMany(c => c.Media).SelectMany(m => m.Volumes)
            .OrderBy(v => v.Id, StringComparer.Ordinal)
            .Select(v => Where(v) + " " + string.Join(",", v.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value)))
            .ToArray();

    private sealed class RefusingSession : RecordingSession, IServerSession
    {
        public RefusingSession(IServerSession inner)
            : base(inner)
        {
        }

        async ValueTask<IReadOnlyList<UpdateResult>> IServerSession.ApplyAsync(IReadOnlyList<VolumeUpdate> updates, System.Threading.CancellationToken cancellationToken)
        {
            Batches.Add(updates);
            var results = new List<UpdateResult>();
            foreach (var update in updates)
            {
                results.Add(new UpdateResult(update.Key, UpdateStatus.Rejected, await Inner.GetVolumeAsync(update.Key, cancellationToken), "volume is locked"));
            }

            return results;
        }
    }

    private sealed class ThrowingDownloadSession : RecordingSession, IServerSession
    {
        private readonly ScopeKey _failing;

        public ThrowingDownloadSession(IServerSession inner, ScopeKey failing)
            : base(inner) => _failing = failing;

        ValueTask<ScopeData> IServerSession.DownloadScopeAsync(ScopeKey scope, System.Threading.CancellationToken cancellationToken) =>
            scope == _failing ? throw new ServerDownException() : Inner.DownloadScopeAsync(scope, cancellationToken);
    }
}
