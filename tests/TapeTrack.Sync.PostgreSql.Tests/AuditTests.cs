using System;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlAuditTests(PostgresCluster cluster) : AuditContract
{
    protected override async Task<ITapeStore> OpenAsync(TimeProvider clock)
        => await PostgreSqlTapeStore.OpenAsync(await cluster.CreateDatabaseAsync(), timeProvider: clock);
}
