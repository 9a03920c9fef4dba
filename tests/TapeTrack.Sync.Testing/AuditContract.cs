using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using TapeTrack.Sync.Sessions;
using System.Collections.Generic;
using static TapeTrack.Sync.Testing.SampleStore;

namespace TapeTrack.Sync.Testing;

/// <summary>
/// The audit trail every <see cref="ITapeStore"/> keeps, run against each store: every applied change with its user,
/// run, time, volume, field, old and new value, read back newest first.
/// </summary>
public abstract class AuditContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 22, 0, 0, TimeSpan.Zero);

    /// <summary>Opens an empty store of the kind under test, whose audit trail uses <paramref name="clock"/>.</summary>
    protected abstract Task<ITapeStore> OpenAsync(TimeProvider clock);

    public static async Task<List<AuditEntry>> History(ITapeStore store, AuditQuery query)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in store.ReadHistoryAsync(query))
        {
            entries.Add(entry);
        }

        return entries;
    }

    [Fact]
    public async Task Each_changed_field_is_kept_with_user_run_time_and_old_and_new_values_newest_first()
    {
        var clock = new FakeTimeProvider(Start);
        await using var store = await OpenAsync(clock);
        await store.ImportAsync(Load());

        await store.ApplyAsync(new[]
        {
            Set("000001L6", 1, (VolumeFields.Repository, "OFFS"), (VolumeFields.Description, "monthly")),
            Set("000003L6", 1, (VolumeFields.Current, "OFFS"), (VolumeFields.MoveDate, null)),
            Set("000004L6", 7, (VolumeFields.Slot, "9")),
        }, new ChangeOrigin("batch", "run-1"));
        clock.Advance(TimeSpan.FromHours(1));
        await store.ApplyAsync(new[] { Set("NEW001", null, (VolumeFields.Current, "RACK"), (VolumeFields.Slot, "4")) }, new ChangeOrigin("night", "run-2"));

        var history = await History(store, new AuditQuery());

        Assert.Equal(new[]
        {
            "US01.LTO.NEW001 SLOT: (none) -> 4 by night",
            "US01.LTO.NEW001 CURRENT: (none) -> RACK by night",
            "US01.LTO.000003L6 MOVEDATE: 2021-07-21 -> (none) by batch",
            "US01.LTO.000003L6 REPOSITORY: OFFS -> (none) by batch",
            "US01.LTO.000003L6 CURRENT: LIBR -> OFFS by batch",
            "US01.LTO.000001L6 DESCRIPTION: weekly_full -> monthly by batch",
            "US01.LTO.000001L6 REPOSITORY: (none) -> OFFS by batch",
        }, history.Select(e => e.ToString()).ToArray());
        Assert.All(history.Take(2), e => Assert.Equal(("run-2", Start.AddHours(1), 4L), (e.Run, e.Time, e.Version)));
        Assert.All(history.Skip(2), e => Assert.Equal(("run-1", Start), (e.Run, e.Time)));
        Assert.Equal(new long[] { 3, 3, 3, 2, 2 }, history.Skip(2).Select(e => e.Version).ToArray());
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.Sequence > p.Second.Sequence));
    }

    [Fact]
    public async Task History_filters_by_volume_time_customers_and_limit()
    {
        var clock = new FakeTimeProvider(Start);
        await using var store = await OpenAsync(clock);
        await store.ImportAsync(Load());
        var origin = new ChangeOrigin("batch", "run-1");
        await store.ApplyAsync(new[] { Set("000001L6", 1, (VolumeFields.Slot, "1")) }, origin);
        clock.Advance(TimeSpan.FromDays(1));
        await store.ApplyAsync(new[] { Set("000001L6", 2, (VolumeFields.Slot, "2")), Set("000002L6", 1, (VolumeFields.Slot, "3")) }, origin);

        var volume = await History(store, new AuditQuery { Volume = Lto.Volume("000001L6") });
        var since = await History(store, new AuditQuery { Since = Start.AddHours(1) });
        var granted = await History(store, new AuditQuery { Customers = new[] { "US01" } });
        var other = await History(store, new AuditQuery { Customers = new[] { "US02" } });
        var none = await History(store, new AuditQuery { Customers = Array.Empty<string>() });
        var last = await History(store, new AuditQuery { Limit = 1 });

        Assert.Equal(new[] { "2", "1" }, volume.Select(e => e.NewValue).ToArray());
        Assert.Equal(new[] { "3", "2" }, since.Select(e => e.NewValue).ToArray());
        Assert.Equal(3, granted.Count);
        Assert.Empty(other);
        Assert.Empty(none);
        Assert.Equal("3", Assert.Single(last).NewValue);
    }

    [Fact]
    public async Task A_session_records_its_user_and_one_run_for_all_its_batches()
    {
        await using var store = await OpenAsync(TimeProvider.System);
        var document = Load();
        document.Users.Add(new StoreUser("operator", "op-pw"));
        await store.ImportAsync(document);
        await using var session = new StoreServerSession(store, "operator", "op-pw");
        await session.LogonAsync();

        await session.ApplyAsync(new[] { Set("000001L6", 1, (VolumeFields.Slot, "1")) });
        await session.ApplyAsync(new[] { Set("000002L6", 1, (VolumeFields.Slot, "2")) });

        var history = await History(store, new AuditQuery());
        Assert.Equal(2, history.Count);
        Assert.All(history, e => Assert.Equal(("operator", session.Origin.Run), (e.User, e.Run)));
        Assert.Equal(32, session.Origin.Run.Length);
    }
}
