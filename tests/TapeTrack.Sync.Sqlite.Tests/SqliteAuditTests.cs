using System;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Sqlite.Tests;

public sealed class SqliteAuditTests : AuditContract, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    protected override async Task<ITapeStore> OpenAsync(TimeProvider clock)
    {
        var store = await SqliteTapeStore.OpenAsync(_folder.File(Guid.NewGuid().ToString("N") + ".db"));
        store.TimeProvider = clock;
        return store;
    }
}
