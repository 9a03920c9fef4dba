namespace TapeTrack.Sync.Server.Tests;

/// <summary>
/// One throwaway PostgreSQL cluster for the tests of <c>serve --postgres</c> (each test makes its own database), and the
/// fault tests' run without fault, made once; the fault tests run over both stores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>, ICollectionFixture<Faults.ReferenceRun>
{
    public const string Name = "PostgreSQL";
}
