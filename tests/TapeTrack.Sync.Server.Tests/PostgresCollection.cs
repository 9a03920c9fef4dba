namespace TapeTrack.Sync.Server.Tests;

/// <summary>One throwaway PostgreSQL cluster for the tests of <c>serve --postgres</c>; each test makes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL";
}
