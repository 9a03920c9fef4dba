using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Tests.Engine;

public class RetryTests
{
    private static readonly ScopeKey Scope = new("US01", "LTO");

    private static InMemoryServerSession Server()
    {
        var server = new InMemoryServerSession();
        server.AddMedia(Scope, new Repository("LIBR", "Library", RepositoryType.Library), new Repository("OFFS", "Vault", RepositoryType.Vault));
        server.PutVolume(Scope, new Volume("V1", "LIBR", null, 1));
        server.PutVolume(Scope, new Volume("V2", "LIBR", null, 1));
        return server;
    }

    private static async Task<T> Drive<T>(FakeTimeProvider clock, Task<T> run)
    {
        // the run waits on the fake clock between tries: move it on until the run ends
        for (int i = 0; i < 1000 && !run.IsCompleted; i++)
        {
            await Task.Delay(1);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        return await run;
    }

    [Fact]
    public async Task A_dropped_batch_is_retried_after_a_new_logon_and_applied_once()
    {
        var server = Server();
        var flaky = new FlakySession(server) { ApplyFailures = 2, ApplyFirstThenFail = true };
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero));
        await using var source = VolumeRepositoryReport.Source("V1,OFFS\nV2,OFFS\n");
        var pipeline = new SyncPipeline(VolumeRepositoryReport.Definition(), flaky, new SyncOptions { Retry = new RetryOptions() }) { TimeProvider = clock };

        var result = await Drive(clock, pipeline.RunAsync(source));

        // the first try reached the server before the connection dropped: the retry finds it done
        Assert.Equal("OFFS", server.Find(Scope.Volume("V1"))!.Target);
        Assert.Equal("OFFS", server.Find(Scope.Volume("V2"))!.Target);
        Assert.Equal(3, flaky.Logons); // the first, and one after each drop
        Assert.Equal(0, result.Statistics.RecordErrors);
        Assert.Equal(1, flaky.AppliedBatches);
    }

    [Fact]
    public async Task A_connection_that_stays_down_fails_the_run_after_the_last_try_and_reports_what_was_not_applied()
    {
        var flaky = new FlakySession(Server()) { ApplyFailures = int.MaxValue };
        var clock = new FakeTimeProvider();
        await using var source = VolumeRepositoryReport.Source("V1,OFFS\n");
        var pipeline = new SyncPipeline(VolumeRepositoryReport.Definition(), flaky, new SyncOptions { Retry = new RetryOptions { MaxAttempts = 3 } }) { TimeProvider = clock };

        var failure = await Assert.ThrowsAsync<SyncFailedException>(() => Drive(clock, pipeline.RunAsync(source)));

        Assert.Equal(3, flaky.ApplyCalls);
        Assert.Equal("V1", Assert.Single(failure.NotApplied).Key.Volume);
    }

    [Fact]
    public async Task Waits_double_from_the_first_delay_up_to_the_longest()
    {
        var flaky = new FlakySession(Server()) { ApplyFailures = 4 };
        var clock = new FakeTimeProvider();
        var session = new RetryingServerSession(flaky, new RetryOptions { InitialDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(5) }, clock);
        await session.LogonAsync();
        var applying = session.ApplyAsync(new[] { new VolumeUpdate(Scope.Volume("V1"), 1, new[] { new FieldChange(VolumeFields.Slot, "7") }) }).AsTask();

        var seen = new List<int>();
        for (int second = 1; second <= 20 && !applying.IsCompleted; second++)
        {
            await Task.Delay(1);
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
            seen.Add(flaky.ApplyCalls);
        }

        var results = await applying;
        Assert.Equal(UpdateStatus.Applied, results[0].Status);
        Assert.Equal(4, session.Retries);
        // tries at t=0, then after waits of 2, 4, 5 and 5 seconds: t=2, 6, 11, 16
        Assert.Equal(2, seen.IndexOf(2) + 1);
        Assert.Equal(6, seen.IndexOf(3) + 1);
        Assert.Equal(11, seen.IndexOf(4) + 1);
        Assert.Equal(16, seen.IndexOf(5) + 1);
    }

    [Fact]
    public async Task Without_retry_options_a_dropped_batch_fails_the_run_at_once()
    {
        var flaky = new FlakySession(Server()) { ApplyFailures = 1 };
        await using var source = VolumeRepositoryReport.Source("V1,OFFS\n");

        await Assert.ThrowsAsync<SyncFailedException>(() => new SyncPipeline(VolumeRepositoryReport.Definition(), flaky).RunAsync(source));
        Assert.Equal(1, flaky.ApplyCalls);
    }

    [Fact]
    public async Task A_failure_that_is_not_a_lost_connection_is_not_retried()
    {
        var flaky = new FlakySession(Server()) { ApplyFailures = 1, Failure = () => new InvalidOperationException("bad request") };
        var session = new RetryingServerSession(flaky, new RetryOptions(), new FakeTimeProvider());

        await Assert.ThrowsAsync<InvalidOperationException>(() => session.ApplyAsync(Array.Empty<VolumeUpdate>()).AsTask());
        Assert.Equal(1, flaky.ApplyCalls);
    }

    private sealed class FlakySession : IServerSession
    {
        private readonly IServerSession _inner;

        public FlakySession(IServerSession inner) => _inner = inner;

        public int ApplyFailures { get; set; }

        public bool ApplyFirstThenFail { get; set; }

        public Func<Exception> Failure { get; set; } = () => new IOException("connection reset by peer");

        public int Logons { get; private set; }

        public int ApplyCalls { get; private set; }

        public int AppliedBatches { get; private set; }

        public ValueTask LogonAsync(CancellationToken cancellationToken = default)
        {
            Logons++;
            return _inner.LogonAsync(cancellationToken);
        }

        public ValueTask<ScopeData> DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default) => _inner.DownloadScopeAsync(scope, cancellationToken);

        public ValueTask<Volume?> GetVolumeAsync(VolumeKey key, CancellationToken cancellationToken = default) => _inner.GetVolumeAsync(key, cancellationToken);

        public async ValueTask<IReadOnlyList<UpdateResult>> ApplyAsync(IReadOnlyList<VolumeUpdate> updates, CancellationToken cancellationToken = default)
        {
            ApplyCalls++;
            if (ApplyCalls <= ApplyFailures)
            {
                if (ApplyFirstThenFail && ApplyCalls == 1)
                {
                    await _inner.ApplyAsync(updates, cancellationToken);
                    AppliedBatches++;
                }

                throw Failure();
            }

            var results = await _inner.ApplyAsync(updates, cancellationToken);
            if (results.Count > 0 && results[0].Status == UpdateStatus.Applied)
            {
                AppliedBatches++;
            }

            return results;
        }

        public ValueTask DisposeAsync() => default;
    }
}
