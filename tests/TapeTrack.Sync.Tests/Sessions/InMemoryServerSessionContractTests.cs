using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Tests;

/// <summary>The session contract on the reference session, <see cref="InMemoryServerSession"/>.</summary>
public sealed class InMemoryServerSessionContractTests : ServerSessionContract
{
    protected override Task<IServerSession> CreateAsync(StoreDocument document) => Task.FromResult<IServerSession>(new InMemoryServerSession(document));
}
