using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Tests.Engine;
using static TapeTrack.Sync.Tests.Engine.FieldRuleTests;
using static TapeTrack.Sync.Tests.Engine.SyncHarness;

namespace TapeTrack.Sync.Tests.Tryout;

// Runs that stop, and what the operator learns (issue 12).
public class RunsThatStopTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task Warnings_errors_and_changes_come_in_input_order_in_the_result_and_to_the_observer(int batchSize)
    {
        var h = new SyncHarness();
        h.Options.BatchSize = batchSize;
        h.Put("V1", "LIBR");
        h.Put("V2", "OFFS");
        h.Put("V4", "LIBR", "OFFS");

        // line 1 waits in a batch (a change and a warning); lines 2 to 5 are decided meanwhile
        var result = await h.RunAsync("VOLUME,REPOSITORY,LOCATION", "V1,OFFS,LIBR", "V2,,LIBR", "V3,,", "V1,NOPE,", "V4,,OFFS", "V2,,RACK");

        Assert.Equal(new long?[] { 1, 2, 3, 6 }, result.Warnings.Select(w => w.Line).ToArray());
        Assert.Equal(new long[] { 1, 5 }, result.Changes.Select(c => c.Line).ToArray());
        Assert.Equal(new long[] { 4 }, result.Errors.Select(e => e.Line).ToArray());
        Assert.Equal(result.Warnings, h.Observer.Warnings);
        Assert.Equal(result.Changes, h.Observer.Changes);
        var logged = h.Logger.Entries.Where(e => e.Id.Id is 301 or 302 or 303).Select(e => e.Message).ToArray();
        Assert.Equal(new[] { "line 1", "line 1", "line 2", "line 3", "line 4", "line 5", "line 6" }, logged.Select(LineOf).ToArray());
    }

    private static string LineOf(string message)
    {
        int at = message.IndexOf("line ", StringComparison.Ordinal);
        int end = at + 5;
        while (end < message.Length && char.IsDigit(message[end]))
        {
            end++;
        }

        return message.Substring(at, end - at);
    }

    [Fact]
    public async Task A_cancelled_run_says_what_was_applied_and_is_marked_interrupted()
    {
        var h = new SyncHarness();
        h.Options.BatchSize = 1;
        foreach (var id in new[] { "V1", "V2", "V3" })
        {
            h.Put(id, "LIBR");
        }

        using var stop = new CancellationTokenSource();
        var session = new RecordingSession(h.Session) { AfterApply = _ => stop.Cancel() };
        await using var source = Source("V1,OFFS", "V2,OFFS", "V3,OFFS");

        var e = await Assert.ThrowsAsync<SyncInterruptedException>(() => h.Pipeline(Definition("VOLUME,REPOSITORY"), session).RunAsync(source, stop.Token));

        Assert.True(e.Partial.Interrupted);
        Assert.Equal(new[] { "set V1 REPOSITORY LIBR->OFFS @1" }, Changes(e.Partial));
        Assert.Equal(1, e.Partial.Statistics.VolumesUpdated);
        Assert.Equal("V1 LIBR->OFFS", Where(h.Volume("V1")));
        Assert.Equal("V2 LIBR", Where(h.Volume("V2")));
        Assert.IsAssignableFrom<OperationCanceledException>(e);
        using var report = System.Text.Json.JsonDocument.Parse(SyncReportWriter.ToJson(e.Partial));
        Assert.True(report.RootElement.GetProperty("interrupted").GetBoolean());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_stop_that_ends_the_read_as_if_the_input_were_over_is_an_interrupted_run(bool dryRun)
    {
        // a read given up at the stop (Ctrl+C to a pipeline also ends its writer): the input was not all read, so the
        // run is interrupted; a dry run reports what it decided, a real one sends nothing more and says what it applied
        var h = new SyncHarness();
        h.Options.DryRun = dryRun;
        foreach (var id in new[] { "V1", "V2", "V3" })
        {
            h.Put(id, "LIBR");
        }

        using var stop = new CancellationTokenSource();
        await using var source = new StoppingSource(Source("V1,OFFS", "V2,OFFS"), stop);

        var e = await Assert.ThrowsAsync<SyncInterruptedException>(() => h.Pipeline(Definition("VOLUME,REPOSITORY")).RunAsync(source, stop.Token));

        Assert.True(e.Partial.Interrupted);
        Assert.Equal(dryRun, e.Partial.DryRun);
        Assert.Equal(2, e.Partial.Statistics.RecordsRead);
        Assert.Equal(dryRun ? new[] { "set V1 REPOSITORY LIBR->OFFS @1", "set V2 REPOSITORY LIBR->OFFS @2" } : Array.Empty<string>(), Changes(e.Partial));
        Assert.Equal(dryRun ? 2 : 0, e.Partial.Statistics.VolumesUpdated);
        Assert.Equal("V1 LIBR", Where(h.Volume("V1")));
        Assert.Equal("V2 LIBR", Where(h.Volume("V2")));
    }

    [Fact]
    public async Task A_stop_while_a_batch_is_sent_names_the_batch_in_flight_which_a_remote_server_may_have_applied()
    {
        // a server over the network finishes the batch although the client gave up on the request: the run cannot
        // know, so it says which updates were in flight instead of counting them either way
        var h = new SyncHarness();
        h.Options.BatchSize = 1;
        foreach (var id in new[] { "V1", "V2", "V3" })
        {
            h.Put(id, "LIBR");
        }

        using var stop = new CancellationTokenSource();
        var session = new FinishingAfterTheStop(h.Session, stop, stopAtBatch: 2);
        await using var source = Source("V1,OFFS", "V2,OFFS", "V3,OFFS");

        var e = await Assert.ThrowsAsync<SyncInterruptedException>(() => h.Pipeline(Definition("VOLUME,REPOSITORY"), session).RunAsync(source, stop.Token));

        Assert.True(e.Partial.Interrupted);
        Assert.Equal(new[] { "set V1 REPOSITORY LIBR->OFFS @1" }, Changes(e.Partial));
        Assert.Equal(1, e.Partial.Statistics.VolumesUpdated);
        var inFlight = Assert.Single(e.Partial.UpdatesInFlight);
        Assert.Equal(Key("V2"), inFlight.Key);
        Assert.Equal("V2 LIBR->OFFS", Where(h.Volume("V2")));
        Assert.Equal("V3 LIBR", Where(h.Volume("V3")));
        using var report = System.Text.Json.JsonDocument.Parse(SyncReportWriter.ToJson(e.Partial));
        Assert.Equal(1, report.RootElement.GetProperty("updatesInFlight").GetInt32());
        Assert.Equal(1, report.RootElement.GetProperty("statistics").GetProperty("volumesUpdated").GetInt32());

        // a whole run writes no such count
        using var whole = System.Text.Json.JsonDocument.Parse(SyncReportWriter.ToJson(await h.RunAsync("VOLUME,REPOSITORY", "V3,OFFS")));
        Assert.False(whole.RootElement.TryGetProperty("updatesInFlight", out _));
    }

    // applies every batch to the store, and at the given one cancels the run's token meanwhile and answers as a cancelled
    // request does: the work done, the answer lost
    private sealed class FinishingAfterTheStop(Sessions.IServerSession inner, CancellationTokenSource stop, int stopAtBatch) : Sessions.DelegatingServerSession(inner, leaveInnerOpen: true)
    {
        private int _batches;

        public override async ValueTask<System.Collections.Generic.IReadOnlyList<Sessions.UpdateResult>> ApplyAsync(System.Collections.Generic.IReadOnlyList<Sessions.VolumeUpdate> updates, CancellationToken cancellationToken = default)
        {
            var results = await base.ApplyAsync(updates, CancellationToken.None);
            if (++_batches == stopAtBatch)
            {
                stop.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
            }

            return results;
        }
    }

    // a source whose read, once its records are given, sees the stop and ends as if the input were over
    private sealed class StoppingSource(IRecordSource inner, CancellationTokenSource stop) : IRecordSource
    {
        public async System.Collections.Generic.IAsyncEnumerable<SourceRecord> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var record in inner.ReadAsync(cancellationToken))
            {
                yield return record;
            }

            stop.Cancel();
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    [Fact]
    public async Task A_dry_run_stopped_by_max_errors_says_nothing_was_sent_and_nothing_else()
    {
        var h = new SyncHarness();
        h.Options.DryRun = true;
        h.Options.MaxErrors = 1;
        h.Put("V1", "LIBR");

        var e = await Assert.ThrowsAsync<SyncStoppedException>(() => h.RunAsync("VOLUME,REPOSITORY", "V1,OFFS", "V2,NOPE", "V3,NOPE"));

        Assert.Equal("The sync stopped: 2 record errors exceed the limit of 1. Dry run: nothing was sent.", e.Message);
        Assert.DoesNotContain("applied", e.Message, StringComparison.Ordinal);
        Assert.Equal("V1 LIBR", Where(h.Volume("V1")));
    }
}
