using System;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Sqlite.Tests;

public sealed class SqliteUserTests : UserContract, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    protected override async Task<ITapeStore> OpenAsync()
        => await SqliteTapeStore.OpenAsync(_folder.File(Guid.NewGuid().ToString("N") + ".db"));
}
