using System;
using System.IO;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Sqlite.Tests.Fixtures;

namespace TapeTrack.Sync.Sqlite.Tests;

public sealed class SessionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("store:/var/lib/tapetrack.db", true, "/var/lib/tapetrack.db")]
    [InlineData("store:tapetrack.db", true, "tapetrack.db")]
    [InlineData("store:", false, "")]
    [InlineData("batch:secret@server", false, "")]
    [InlineData("STORE:x.db", false, "")]
    public void A_logon_string_names_a_store_only_with_the_store_prefix(string logon, bool isStore, string path)
    {
        Assert.Equal(isStore, SqliteServerSessions.TryParseLogon(logon, out var parsed));
        Assert.Equal(path, parsed);
    }

    [Fact]
    public async Task A_session_opened_from_a_logon_string_creates_the_file_and_works_without_credentials()
    {
        var path = _folder.File("new.db");
        Assert.True(SqliteServerSessions.TryParseLogon("store:" + path, out var parsed));

        await using (var session = await SqliteServerSessions.OpenAsync(parsed))
        {
            Assert.True(File.Exists(path));
            await session.LogonAsync();
            Assert.False((await session.DownloadScopeAsync(Lto)).Exists);
            await session.Store.ImportAsync(Sample());
            var result = Assert.Single(await session.ApplyAsync(new[] { Set("000006L6", 1, (VolumeFields.Repository, "LIBR")) }));
            Assert.Equal(UpdateStatus.Applied, result.Status);
        }

        Assert.True(File.Exists(path));
        await using var reopened = await SqliteTapeStore.OpenAsync(path);
        Assert.Equal("000006L6 RACK->LIBR v2", (await reopened.GetVolumeAsync(Lto.Volume("000006L6")))!.ToString());
    }

    [Fact]
    public async Task Opening_a_session_on_a_file_that_is_not_a_store_fails_at_once()
    {
        var path = _folder.File("notes.txt");
        File.WriteAllText(path, "not a database, just some text that is long enough to fill a header page of a file");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await SqliteServerSessions.OpenAsync(path));

        Assert.Contains("is not an SQLite database", error.Message, StringComparison.Ordinal);

        Assert.Equal("not a database, just some text that is long enough to fill a header page of a file", File.ReadAllText(path));
    }

    [Fact]
    public async Task A_session_refuses_work_before_logon()
    {
        await using var session = await SqliteServerSessions.OpenAsync(_folder.File("early.db"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await session.GetVolumeAsync(Lto.Volume("000001L6")));

        Assert.Contains("LogonAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_a_session_that_does_not_own_its_store_leaves_the_store_open()
    {
        await using var store = await OpenSampleAsync(_folder.File("shared.db"));
        await using (var session = new StoreServerSession(store))
        {
            await session.LogonAsync();
        }

        Assert.Equal(7, (await store.DownloadScopeAsync(Lto)).Volumes.Count);
    }
}
