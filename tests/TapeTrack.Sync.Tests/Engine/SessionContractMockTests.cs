using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Moq;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Tests.Engine;

// The pipeline's calls on a remote server's contract, where only a mock can stand for the remote end.
public class SessionContractMockTests
{
    private static readonly ScopeKey Scope = new("US01", "LTO");

    private static Mock<IServerSession> Server()
    {
        var server = new Mock<IServerSession>(MockBehavior.Strict);
        server.Setup(s => s.LogonAsync(It.IsAny<CancellationToken>())).Returns(default(ValueTask));
        server.Setup(s => s.DownloadScopeAsync(Scope, It.IsAny<CancellationToken>())).Returns(new ValueTask<ScopeData>(new ScopeData(
            Scope,
            true,
            new[] { new Repository("LIBR", "Library", RepositoryType.Library), new Repository("OFFS", "Vault", RepositoryType.Vault) },
            new[] { new Volume("V1", "LIBR", null, 7), new Volume("V2", "LIBR", null, 8) })));
        return server;
    }

    [Fact]
    public async Task Dry_run_logs_on_downloads_the_scope_once_and_never_applies()
    {
        var server = Server();
        await using var source = VolumeRepositoryReport.Source("V1,OFFS\nV2,OFFS\n");

        var result = await new SyncPipeline(VolumeRepositoryReport.Definition(), server.Object, new SyncOptions { DryRun = true }).RunAsync(source);

        Assert.Equal(2, result.Statistics.MovesRequested);
        server.Verify(s => s.LogonAsync(It.IsAny<CancellationToken>()), Times.Once);
        server.Verify(s => s.DownloadScopeAsync(Scope, It.IsAny<CancellationToken>()), Times.Once);
        server.Verify(s => s.ApplyAsync(It.IsAny<IReadOnlyList<VolumeUpdate>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Updates_carry_the_version_they_were_decided_against_and_only_the_changed_field()
    {
        var server = Server();
        IReadOnlyList<VolumeUpdate>? sent = null;
        server.Setup(s => s.ApplyAsync(It.IsAny<IReadOnlyList<VolumeUpdate>>(), It.IsAny<CancellationToken>()))
            .Callback((IReadOnlyList<VolumeUpdate> updates, CancellationToken _) => sent = updates)
            .Returns((IReadOnlyList<VolumeUpdate> updates, CancellationToken _) => new ValueTask<IReadOnlyList<UpdateResult>>(
                new[] { new UpdateResult(updates[0].Key, UpdateStatus.Applied, new Volume("V2", "LIBR", "OFFS", 9)) }));
        await using var source = VolumeRepositoryReport.Source("V1,LIBR\nV2,OFFS\n");

        var result = await new SyncPipeline(VolumeRepositoryReport.Definition(), server.Object).RunAsync(source);

        var update = Assert.Single(sent!);
        Assert.Equal(new VolumeKey("US01", "LTO", "V2"), update.Key);
        Assert.Equal(8, update.ExpectedVersion);
        Assert.Equal(new[] { new FieldChange(VolumeFields.Repository, "OFFS") }, update.Changes);
        Assert.Equal((1L, 1L), (result.Statistics.VolumesUnchanged, result.Statistics.VolumesUpdated));
    }

    [Fact]
    public async Task A_lost_connection_while_applying_reports_what_was_not_applied()
    {
        var server = Server();
        server.Setup(s => s.ApplyAsync(It.IsAny<IReadOnlyList<VolumeUpdate>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("connection reset by peer"));
        await using var source = VolumeRepositoryReport.Source("V1,OFFS\nV2,OFFS\n");

        var failure = await Assert.ThrowsAsync<SyncFailedException>(() => new SyncPipeline(VolumeRepositoryReport.Definition(), server.Object).RunAsync(source));

        Assert.Equal(new[] { "V1", "V2" }, new[] { failure.NotApplied[0].Key.Volume, failure.NotApplied[1].Key.Volume });
        Assert.Empty(failure.Partial.Changes);
        Assert.IsType<IOException>(failure.InnerException);
        Assert.Contains("connection reset by peer", failure.Message);
    }
}
