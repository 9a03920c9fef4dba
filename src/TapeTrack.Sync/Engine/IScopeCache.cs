using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

/// <summary>
/// Gives the volumes of a customer/media scope as the server held them when they were downloaded.
/// A read contract: the engine never changes a <see cref="CachedScope"/> (each run keeps what it decides
/// in its own overlay), so one cache may serve several runs, one after another or at the same time.
/// </summary>
public interface IScopeCache
{
    /// <summary>The scope's volumes and repositories, from the cache or downloaded.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="cancellationToken">Cancels a download.</param>
    ValueTask<CachedScope> GetAsync(ScopeKey scope, CancellationToken cancellationToken = default);
}
