namespace TapeTrack.Sync.PostgreSql.Tests;

/// <summary>One throwaway PostgreSQL cluster for every test of this assembly; each test makes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL";
}
