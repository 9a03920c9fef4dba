using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlUserTests(PostgresCluster cluster) : UserContract
{
    protected override async Task<ITapeStore> OpenAsync()
        => await PostgreSqlTapeStore.OpenAsync(await cluster.CreateDatabaseAsync());
}
