using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.PostgreSql.Tests;

/// <summary>The session contract every store runs, unchanged, on a PostgreSQL database of its own per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlServerSessionContractTests(PostgresCluster cluster) : ServerSessionContract
{
    protected override async Task<IServerSession> CreateAsync(StoreDocument document)
    {
        var store = await PostgreSqlTapeStore.OpenAsync(await cluster.CreateDatabaseAsync());
        await store.ImportAsync(document);
        return new StoreServerSession(store, ownsStore: true);
    }
}
