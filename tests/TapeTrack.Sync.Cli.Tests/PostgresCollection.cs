namespace TapeTrack.Sync.Cli.Tests;

/// <summary>One throwaway PostgreSQL cluster for the tests of the tool's --postgres; each test makes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL";
}
