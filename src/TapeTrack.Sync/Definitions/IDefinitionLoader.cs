using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Definitions;

/// <summary>Loads a <see cref="SyncDefinition"/> from a file. <see cref="TtidefLoader"/> reads <c>.ttidef</c> files.</summary>
public interface IDefinitionLoader
{
    /// <summary>Loads the definition at <paramref name="path"/>.</summary>
    /// <param name="path">The definition file.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The definition; its <see cref="SyncDefinition.Warnings"/> list what loaded but looks wrong.</returns>
    /// <exception cref="DefinitionException">The file cannot be read or has errors; every error found is listed.</exception>
    ValueTask<SyncDefinition> LoadAsync(string path, CancellationToken cancellationToken = default);
}
