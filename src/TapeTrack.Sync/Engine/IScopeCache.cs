using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

/// <summary>Gives the volumes of a customer/media scope, downloading them from the server on a miss.</summary>
public interface IScopeCache
{
    /// <summary>The number of downloads made so far.</summary>
    long Downloads { get; }

    /// <summary>The scope's volumes and repositories, from the cache or downloaded.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="cancellationToken">Cancels a download.</param>
    ValueTask<CachedScope> GetAsync(ScopeKey scope, CancellationToken cancellationToken = default);
}
