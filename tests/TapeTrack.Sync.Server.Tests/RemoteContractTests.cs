using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Server.Tests;

/// <summary>The shared session contract on the remote session: a real server on loopback over TLS, the embedded store behind it.</summary>
public sealed class RemoteContractTests : ServerSessionContract
{
    private ServerHost? _host;

    protected override async Task<IServerSession> CreateAsync(StoreDocument document)
    {
        document.Users.Clear();
        document.Users.Add(new StoreUser("batch", "batch"));
        _host = await ServerHost.StartAsync(document);
        return _host.Connect();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
