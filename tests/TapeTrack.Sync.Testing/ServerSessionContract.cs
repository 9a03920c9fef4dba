using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Testing.SampleStore;

namespace TapeTrack.Sync.Testing;

/// <summary>
/// The behaviour every server session and store must have. A session or store subclasses this with a
/// factory (<see cref="CreateAsync"/>) and runs every test here unchanged: the in-memory session, the
/// embedded SQLite store, and the remote session and PostgreSQL next. Every session starts from the
/// csv-source store file (<see cref="SampleStore"/>), whose volumes are all at version 1, and is logged on.
/// </summary>
public abstract class ServerSessionContract : IAsyncLifetime
{
    private IServerSession? _session;

    protected IServerSession Session => _session ?? throw new InvalidOperationException("not initialised");

    /// <summary>A new session over a store holding exactly <paramref name="document"/>; the suite logs it on and disposes it.</summary>
    protected abstract Task<IServerSession> CreateAsync(StoreDocument document);

    public virtual async Task InitializeAsync()
    {
        _session = await CreateAsync(Load());
        await _session.LogonAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }

    [Fact]
    public async Task Download_gives_the_repositories_and_volumes_of_the_scope()
    {
        var scope = await Session.DownloadScopeAsync(Lto);

        Assert.True(scope.Exists);
        Assert.Equal(new[] { "LIBR", "OFFS", "RACK" }, Ids(scope.Repositories));
        var offsite = Assert.Single(scope.Repositories, r => r.Id == "OFFS");
        Assert.Equal(RepositoryType.Vault, offsite.Type);
        Assert.True(offsite.Offsite);
        Assert.Equal("LIBR", offsite.Next);
        Assert.Equal(7, scope.Volumes.Count);
        var moving = Assert.Single(scope.Volumes, v => v.Id == "000003L6");
        Assert.Equal("LIBR", moving.Current);
        Assert.Equal("OFFS", moving.Target);
        Assert.Equal("2021-07-21", moving.Get(VolumeFields.MoveDate));
        Assert.Equal(1, moving.Version);
    }

    [Fact]
    public async Task Download_of_an_unknown_scope_is_missing()
    {
        var scope = await Session.DownloadScopeAsync(new ScopeKey("US01", "DLT"));

        Assert.False(scope.Exists);
        Assert.Empty(scope.Volumes);
        Assert.Empty(scope.Repositories);
    }

    [Fact]
    public async Task An_update_at_the_expected_version_is_applied_with_a_new_version()
    {
        var results = await Session.ApplyAsync(new[] { Set("000001L6", 1, (VolumeFields.Repository, "OFFS"), (VolumeFields.Description, "monthly")) });

        var result = Assert.Single(results);
        Assert.Equal(UpdateStatus.Applied, result.Status);
        Assert.Null(result.Message);
        Assert.Equal("LIBR", result.Volume!.Current);
        Assert.Equal("OFFS", result.Volume.Target);
        Assert.Equal("monthly", result.Volume.Get(VolumeFields.Description));
        Assert.Equal(2, result.Volume.Version);
        var read = await Session.GetVolumeAsync(Lto.Volume("000001L6"));
        Assert.Equal("000001L6 LIBR->OFFS v2", read!.ToString());
        Assert.Equal("monthly", read.Get(VolumeFields.Description));
    }

    [Fact]
    public async Task An_update_at_another_version_is_a_conflict_and_changes_nothing()
    {
        var results = await Session.ApplyAsync(new[] { Set("000002L6", 7, (VolumeFields.Description, "changed")) });

        var result = Assert.Single(results);
        Assert.Equal(UpdateStatus.Conflict, result.Status);
        Assert.Equal("the volume is at version 1, not 7", result.Message);
        Assert.Equal(1, result.Volume!.Version);
        Assert.Equal("weekly_full", (await Session.GetVolumeAsync(Lto.Volume("000002L6")))!.Get(VolumeFields.Description));
    }

    [Fact]
    public async Task An_update_of_a_volume_that_does_not_exist_is_not_found()
    {
        var result = Assert.Single(await Session.ApplyAsync(new[] { Set("999999L6", 1, (VolumeFields.Description, "x")) }));

        Assert.Equal(UpdateStatus.NotFound, result.Status);
        Assert.Equal("the volume does not exist", result.Message);
        Assert.Null(result.Volume);
    }

    [Fact]
    public async Task An_update_in_a_media_that_does_not_exist_is_not_found()
    {
        var update = new VolumeUpdate(new VolumeKey("US01", "DLT", "000001"), 1, new[] { new FieldChange(VolumeFields.Description, "x") });

        var result = Assert.Single(await Session.ApplyAsync(new[] { update }));

        Assert.Equal(UpdateStatus.NotFound, result.Status);
        Assert.Equal("the server has no media US01.DLT", result.Message);
    }

    [Fact]
    public async Task An_add_of_a_volume_that_exists_is_already_exists()
    {
        var result = Assert.Single(await Session.ApplyAsync(new[] { Set("000003L6", null, (VolumeFields.Current, "LIBR")) }));

        Assert.Equal(UpdateStatus.AlreadyExists, result.Status);
        Assert.Equal("the volume already exists", result.Message);
        Assert.Equal("000003L6 LIBR->OFFS v1", result.Volume!.ToString());
    }

    [Fact]
    public async Task An_unknown_repository_is_rejected()
    {
        var result = Assert.Single(await Session.ApplyAsync(new[] { Set("000004L6", 1, (VolumeFields.Repository, "NOPE")) }));

        Assert.Equal(UpdateStatus.Rejected, result.Status);
        Assert.Equal("media US01.LTO has no repository 'NOPE'", result.Message);
        Assert.Equal("000004L6 LIBR v1", result.Volume!.ToString());
    }

    [Fact]
    public async Task An_add_without_a_current_repository_is_rejected()
    {
        var result = Assert.Single(await Session.ApplyAsync(new[] { Set("NEW001", null, (VolumeFields.Description, "x")) }));

        Assert.Equal(UpdateStatus.Rejected, result.Status);
        Assert.Equal("a new volume needs a current repository", result.Message);
        Assert.Null(await Session.GetVolumeAsync(Lto.Volume("NEW001")));
    }

    [Fact]
    public async Task An_add_creates_the_volume_with_its_fields()
    {
        var result = Assert.Single(await Session.ApplyAsync(new[] { Set("NEW002", null, (VolumeFields.Current, "RACK"), (VolumeFields.Attribute(3), "7Y"), (VolumeFields.Scratch, "true")) }));

        Assert.Equal(UpdateStatus.Applied, result.Status);
        var read = (await Session.GetVolumeAsync(Lto.Volume("NEW002")))!;
        Assert.Equal("NEW002 RACK v2", read.ToString());
        Assert.Equal("7Y", read.Get("ATTRIBUTE3"));
        Assert.Equal("true", read.Get(VolumeFields.Scratch));
        Assert.Equal(8, (await Session.DownloadScopeAsync(Lto)).Volumes.Count);
    }

    [Fact]
    public async Task Confirming_a_move_sets_current_to_target_and_clearing_a_field_removes_it()
    {
        var result = Assert.Single(await Session.ApplyAsync(new[] { Set("000003L6", 1, (VolumeFields.Current, "OFFS"), (VolumeFields.MoveDate, null)) }));

        Assert.Equal(UpdateStatus.Applied, result.Status);
        var read = (await Session.GetVolumeAsync(Lto.Volume("000003L6")))!;
        Assert.False(read.IsMoving);
        Assert.Equal("OFFS", read.Current);
        Assert.Null(read.Get(VolumeFields.MoveDate));
        Assert.Equal("weekly_full", read.Get(VolumeFields.Description));
    }

    [Fact]
    public async Task A_batch_gives_one_result_per_update_in_order_and_versions_increase()
    {
        var results = await Session.ApplyAsync(new[]
        {
            Set("000000L6", 1, (VolumeFields.Slot, "1")),
            Set("000001L6", 5, (VolumeFields.Slot, "2")),
            Set("000002L6", 1, (VolumeFields.Slot, "3")),
            Set("000005L6", 1, (VolumeFields.Repository, "ZZZZ")),
            Set("000006L6", 1, (VolumeFields.Slot, "4")),
        });

        Assert.Equal(
            new[] { UpdateStatus.Applied, UpdateStatus.Conflict, UpdateStatus.Applied, UpdateStatus.Rejected, UpdateStatus.Applied },
            Statuses(results));
        Assert.Equal(new long[] { 2, 1, 3, 1, 4 }, Versions(results));
        var again = Assert.Single(await Session.ApplyAsync(new[] { Set("000000L6", 2, (VolumeFields.Slot, "9")) }));
        Assert.Equal(5, again.Volume!.Version);
    }

    [Fact]
    public async Task A_stale_version_after_an_update_is_a_conflict()
    {
        await Session.ApplyAsync(new[] { Set("000001L6", 1, (VolumeFields.Slot, "1")) });

        var result = Assert.Single(await Session.ApplyAsync(new[] { Set("000001L6", 1, (VolumeFields.Slot, "2")) }));

        Assert.Equal(UpdateStatus.Conflict, result.Status);
        Assert.Equal("the volume is at version 2, not 1", result.Message);
        Assert.Equal("1", result.Volume!.Get(VolumeFields.Slot));
    }

    // A store trusts no client (a remote one least): what it keeps must be what a store file can hold, so that its
    // export imports again. Every such update is refused alone; the rest of its batch applies.

    [Fact]
    public async Task A_value_a_store_file_cannot_hold_is_rejected_and_the_rest_of_the_batch_applies()
    {
        var before = await Session.DownloadScopeAsync(Lto);
        var results = await Session.ApplyAsync(new[]
        {
            Set("000000L6", 1, (VolumeFields.MoveDate, "not-a-date")),
            Set("000001L6", 1, ("FOO", "x")),
            Set("000002L6", 1, (VolumeFields.Description, "nul\0desc")),
            Set("000003L6", 1, (VolumeFields.Scratch, "maybe")),
            Set("000004L6", 1, ("ATTRIBUTE999", "x")),
            Set("000005L6", 1, ("ATTRIBUTE007", "x")),
            Set("000006L6", 1, (VolumeFields.Description, new string('d', 257))),
            Set("000000L6", 1, (VolumeFields.WriteTime, "2021-07-21")),
            Set("000001L6", 1, (VolumeFields.UsageCount, "+5")),
            Set("000002L6", 1, ("CUSTOMER", "US02")),
            Set("000003L6", 1, (VolumeFields.MoveDate, "2021-07-31"), (VolumeFields.Description, "kept\tand \u001b escaped"), (VolumeFields.Attribute(200), new string('a', 256))),
        });

        Assert.Equal(
            new[]
            {
                "MOVEDATE must be a date as yyyy-MM-dd, not 'not-a-date'",
                "the store has no field 'FOO'",
                "the value of DESCRIPTION holds a NUL character (\\x00), which no store keeps",
                "SCRATCH must be true or false, not 'maybe'",
                "the store has no field 'ATTRIBUTE999'",
                "the store has no field 'ATTRIBUTE007'",
                "DESCRIPTION must be at most 256 characters, not '" + new string('d', 40) + "...'",
                "WRITETIME must be a date and time as yyyy-MM-ddTHH:mm:ss, not '2021-07-21'",
                "USAGECOUNT must be a whole number, not '+5'",
                "the store has no field 'CUSTOMER'",
                null,
            },
            Array.ConvertAll(results.ToArray(), r => r.Message));
        Assert.All(results.Take(10), r => Assert.Equal(UpdateStatus.Rejected, r.Status));
        Assert.All(results.Take(10), r => Assert.Equal(1, r.Volume!.Version));
        Assert.Equal(UpdateStatus.Applied, results[10].Status);

        var scope = await Session.DownloadScopeAsync(Lto);
        foreach (var volume in scope.Volumes.Where(v => v.Id != "000003L6"))
        {
            var was = VolumeIn(before, volume.Id);
            Assert.Equal(1, volume.Version);
            Assert.Equal(was.Fields.OrderBy(f => f.Key, StringComparer.Ordinal), volume.Fields.OrderBy(f => f.Key, StringComparer.Ordinal));
        }

        var applied = VolumeIn(scope, "000003L6");
        Assert.Equal("2021-07-31", applied.Get(VolumeFields.MoveDate));
        Assert.Equal("kept\tand \u001b escaped", applied.Get(VolumeFields.Description));
        Assert.Equal(new string('a', 256), applied.Get("ATTRIBUTE200"));
        Assert.Null(applied.Get(VolumeFields.Scratch));
    }

    [Theory]
    [InlineData("bad id", "'bad id'")]
    [InlineData("ABCDEFGHIJK", "'ABCDEFGHIJK'")]
    [InlineData("abc001", "'abc001'")]
    [InlineData("-AB001", "'-AB001'")]
    [InlineData("AB\u001b01", "'AB\\x1B01'")]
    public async Task An_add_whose_id_is_not_a_TapeTrack_Volume_ID_is_rejected(string id, string shown)
    {
        var result = Assert.Single(await Session.ApplyAsync(new[] { Set(id, null, (VolumeFields.Current, "LIBR")) }));

        Assert.Equal(UpdateStatus.Rejected, result.Status);
        Assert.Equal(shown + " is not a TapeTrack Volume-ID (1 to 10 of A-Z, 0-9 and -, not starting with -)", result.Message);
        Assert.Null(result.Volume);
        Assert.Equal(7, (await Session.DownloadScopeAsync(Lto)).Volumes.Count);
    }

    // The sync over the session: the engine's promises hold whatever the session is.

    [Fact]
    public async Task A_dry_run_then_a_real_run_through_one_shared_cache_applies_the_change()
    {
        var cache = new ScopeCache(Session);
        var definition = DescriptionReport();

        var dry = await SyncAsync(definition, "000002L6,new\n", cache, dryRun: true);
        var real = await SyncAsync(definition, "000002L6,new\n", cache, dryRun: false);

        Assert.Equal(1, dry.Statistics.VolumesUpdated);
        Assert.Equal(1, real.Statistics.VolumesUpdated);
        var change = Assert.Single(real.Changes);
        Assert.Equal("weekly_full", change.From);
        Assert.Equal("new", change.To);
        Assert.Equal("new", (await Session.GetVolumeAsync(Lto.Volume("000002L6")))!.Get(VolumeFields.Description));
    }

    [Fact]
    public async Task A_rerun_through_a_shared_cache_applies_nothing_more()
    {
        var cache = new ScopeCache(Session);
        var definition = DescriptionReport();
        await SyncAsync(definition, "000002L6,new\n000005L6,yearly\n", cache, dryRun: false);
        long version = (await Session.GetVolumeAsync(Lto.Volume("000005L6")))!.Version;

        var again = await SyncAsync(definition, "000002L6,new\n000005L6,yearly\n", cache, dryRun: false);

        Assert.Empty(again.Changes);
        Assert.Equal(2, again.Statistics.VolumesUnchanged);
        var volume = (await Session.GetVolumeAsync(Lto.Volume("000005L6")))!;
        Assert.Equal("yearly", volume.Get(VolumeFields.Description));
        Assert.Equal(version, volume.Version);
        Assert.True(version > 1);
    }

    private static Volume VolumeIn(ScopeData scope, string id) => scope.Volumes.Single(v => v.Id == id);

    /// <summary>A report of "VOLUME,DESCRIPTION" lines for US01.LTO.</summary>
    protected static SyncDefinition DescriptionReport() => new SyncDefinitionBuilder()
        .SetCsvDelimiter(',')
        .SetLiteral(SyncField.Customer, "US01")
        .SetLiteral(SyncField.Media, "LTO")
        .Extract(SyncField.Volume, 1, 10)
        .Extract(SyncField.Description, 2, 64)
        .Build();

    /// <summary>Runs a sync of <paramref name="lines"/> on the suite's session through <paramref name="cache"/>.</summary>
    protected async Task<SyncResult> SyncAsync(SyncDefinition definition, string lines, IScopeCache cache, bool dryRun)
    {
        var pipeline = new SyncPipeline(definition, Session, new SyncOptions { DryRun = dryRun, TimeZone = TimeZoneInfo.Utc })
        {
            ScopeCacheFactory = _ => cache,
        };
        await using IRecordSource source = new DelimitedRecordSource(new MemoryStream(Encoding.UTF8.GetBytes(lines)), ',');
        return await pipeline.RunAsync(source);
    }
}
