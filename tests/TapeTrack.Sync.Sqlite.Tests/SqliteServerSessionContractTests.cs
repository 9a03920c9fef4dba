using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Sqlite.Tests;

/// <summary>The session contract on the embedded store: <see cref="StoreServerSession"/> over <see cref="SqliteTapeStore"/>.</summary>
public sealed class SqliteServerSessionContractTests : ServerSessionContract
{
    private readonly TempFolder _folder = new();

    protected override async Task<IServerSession> CreateAsync(StoreDocument document)
    {
        var store = await SqliteTapeStore.OpenAsync(_folder.File("contract.db"));
        await store.ImportAsync(document);
        return new StoreServerSession(store, ownsStore: true);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
