using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Sqlite.Tests.Fixtures;

namespace TapeTrack.Sync.Sqlite.Tests;

public sealed class TransactionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static VolumeUpdate[] ThreeUpdates() => new[]
    {
        Set("000000L6", 1, (VolumeFields.Slot, "1")),
        Set("NEW001", null, (VolumeFields.Current, "LIBR")),
        Set("000002L6", 1, (VolumeFields.Slot, "3")),
    };

    [Fact]
    public async Task A_failure_mid_batch_leaves_none_of_the_batch_applied()
    {
        await using var store = await OpenSampleAsync(_folder.File("failure.db"));
        var before = (await store.ExportAsync()).ToJson();
        store.AfterEachUpdate = i =>
        {
            if (i == 1)
            {
                throw new InvalidOperationException("injected failure");
            }
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.ApplyAsync(ThreeUpdates()));

        Assert.Equal("injected failure", error.Message);
        Assert.Equal(before, (await store.ExportAsync()).ToJson());
        store.AfterEachUpdate = null;
        var retried = await store.ApplyAsync(ThreeUpdates());
        Assert.Equal(new long[] { 2, 3, 4 }, SampleStore.Versions(retried));
    }

    [Fact]
    public async Task Cancellation_mid_batch_leaves_none_of_the_batch_applied()
    {
        await using var store = await OpenSampleAsync(_folder.File("cancel.db"));
        var before = (await store.ExportAsync()).ToJson();
        using var cancellation = new CancellationTokenSource();
        store.AfterEachUpdate = i =>
        {
            if (i == 0)
            {
                cancellation.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.ApplyAsync(ThreeUpdates(), cancellation.Token));

        Assert.Equal(before, (await store.ExportAsync()).ToJson());
        Assert.Null(await store.GetVolumeAsync(Lto.Volume("NEW001")));
    }

    [Fact]
    public async Task The_files_on_disk_mid_batch_opened_as_after_a_crash_hold_none_of_the_batch()
    {
        var path = _folder.File("live.db");
        var crashed = _folder.File("crashed.db");
        await using var store = await OpenSampleAsync(path);
        store.AfterEachUpdate = i =>
        {
            if (i == 1)
            {
                // what a power cut would leave: the database and its write-ahead log as they are now
                System.IO.File.Copy(path, crashed);
                if (System.IO.File.Exists(path + "-wal"))
                {
                    System.IO.File.Copy(path + "-wal", crashed + "-wal");
                }
            }
        };

        var applied = await store.ApplyAsync(ThreeUpdates());

        Assert.Equal(new long[] { 2, 3, 4 }, SampleStore.Versions(applied));
        await using var recovered = await SqliteTapeStore.OpenAsync(crashed);
        Assert.Equal("000000L6 LIBR v1", (await recovered.GetVolumeAsync(Lto.Volume("000000L6")))!.ToString());
        Assert.Null(await recovered.GetVolumeAsync(Lto.Volume("NEW001")));
        Assert.Equal(Sample().ToJson(), (await recovered.ExportAsync()).ToJson());
    }

    [Fact]
    public async Task A_batch_with_a_rejected_update_applies_the_others_like_the_reference_session()
    {
        var updates = new[]
        {
            Set("000000L6", 1, (VolumeFields.Repository, "OFFS")),
            Set("000001L6", 1, (VolumeFields.Repository, "NOPE")),
            Set("000002L6", 9, (VolumeFields.Slot, "2")),
            Set("000004L6", null, (VolumeFields.Current, "LIBR")),
            Set("NEW001", null, (VolumeFields.Current, "LIBR"), (VolumeFields.Attribute(200), "last")),
            Set("NEW002", null, (VolumeFields.Description, "no current")),
            new VolumeUpdate(new VolumeKey("XX99", "LTO", "1"), 1, new[] { new FieldChange(VolumeFields.Slot, "1") }),
            Set("000003L6", 1, (VolumeFields.Current, "OFFS")),
            Set("999999L6", 1, (VolumeFields.Slot, "1")),
        };
        var reference = new InMemoryServerSession(Sample());
        await using var store = await OpenSampleAsync(_folder.File("reference.db"));

        var actual = await AppliesAsTheReferenceAsync(reference, store, updates);

        Assert.Equal(
            new[] { UpdateStatus.Applied, UpdateStatus.Rejected, UpdateStatus.Conflict, UpdateStatus.AlreadyExists, UpdateStatus.Applied, UpdateStatus.Rejected, UpdateStatus.NotFound, UpdateStatus.Applied, UpdateStatus.NotFound },
            SampleStore.Statuses(actual));
        var second = new[] { Set("000000L6", 2, (VolumeFields.Current, "OFFS")), Set("NEW001", 3, (VolumeFields.Attribute(200), null)) };
        await AppliesAsTheReferenceAsync(reference, store, second);
    }

    [Fact]
    public async Task Every_shape_of_update_in_one_batch_is_written_as_the_reference_session_writes_it()
    {
        // a batch prepares one statement for each shape (fields alone, the current repository, the target, both, a new
        // volume) and runs it again with the next volume's values: each shape twice, and one volume updated twice
        var updates = new[]
        {
            Set("000000L6", 1, (VolumeFields.Slot, "7")),
            Set("000001L6", 1, (VolumeFields.Current, "OFFS")),
            Set("000002L6", 1, (VolumeFields.Repository, "OFFS")),
            Set("000003L6", 1, (VolumeFields.Current, "OFFS"), (VolumeFields.Repository, "LIBR")),
            Set("000004L6", 1, (VolumeFields.Description, "monthly")),
            Set("000001L6", 3, (VolumeFields.Current, "LIBR"), (VolumeFields.Slot, "9")),
            Set("000002L6", 4, (VolumeFields.Repository, null)),
            Set("000000L6", 2, (VolumeFields.Current, "OFFS"), (VolumeFields.Repository, "OFFS")),
            Set("NEW001", null, (VolumeFields.Current, "LIBR")),
            Set("NEW002", null, (VolumeFields.Current, "OFFS"), (VolumeFields.Repository, "LIBR")),
        };
        var reference = new InMemoryServerSession(Sample());
        await using var store = await OpenSampleAsync(_folder.File("shapes.db"));

        var actual = await AppliesAsTheReferenceAsync(reference, store, updates);

        Assert.All(actual, r => Assert.Equal(UpdateStatus.Applied, r.Status));
        var twice = await store.GetVolumeAsync(Lto.Volume("000001L6"));
        Assert.Equal(("LIBR", "9", 7L), (twice!.Current, twice.Fields[VolumeFields.Slot], twice.Version));
    }

    // the updates applied to the reference session and to the store: the same results, and the same store afterwards
    private static async Task<IReadOnlyList<UpdateResult>> AppliesAsTheReferenceAsync(InMemoryServerSession reference, SqliteTapeStore store, VolumeUpdate[] updates)
    {
        var expected = await reference.ApplyAsync(updates);
        var actual = await store.ApplyAsync(updates);

        Assert.Equal(Describe(expected), Describe(actual));
        Assert.Equal(reference.ToDocument().ToJson(), (await store.ExportAsync()).ToJson());
        return actual;
    }

    private static List<string> Describe(IReadOnlyList<UpdateResult> results)
    {
        var lines = new List<string>();
        foreach (var result in results)
        {
            var fields = new List<string>();
            if (result.Volume is not null)
            {
                foreach (var pair in result.Volume.Fields)
                {
                    fields.Add(pair.Key + "=" + pair.Value);
                }

                fields.Sort(StringComparer.Ordinal);
            }

            lines.Add($"{result.Key} {result.Status} [{result.Volume}] {string.Join(",", fields)} {result.Message}");
        }

        return lines;
    }
}
