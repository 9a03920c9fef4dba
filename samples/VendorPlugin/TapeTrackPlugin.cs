using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Sessions;

namespace Contoso.Backup.TapeTrack;

/// <summary>
/// The product's TapeTrack integration. The product's plug-in loader finds it through the assembly's
/// <c>TapeTrack.Sync.Plugin</c> metadata and drives it in two steps: <see cref="PlanAsync"/> (a dry run
/// whose changes the product shows to an operator) and, once the operator approves, <see cref="ApplyAsync"/>.
/// </summary>
public sealed class TapeTrackPlugin
{
    private readonly IServerSession _session;
    private readonly MediaCatalog _catalog;
    private readonly ILogger _logger;
    private readonly SyncDefinition _definition;

    /// <summary>A plug-in over the product's current media list.</summary>
    /// <param name="session">Any TapeTrack server session: a remote Framework Server, or an embedded store.</param>
    /// <param name="logger">The product's logger.</param>
    public TapeTrackPlugin(IServerSession session, ILogger? logger)
        : this(session, MediaCatalog.Current(), "US01", "LTO8", logger)
    {
    }

    /// <summary>A plug-in over the given media list, for one TapeTrack customer and media type.</summary>
    public TapeTrackPlugin(IServerSession session, MediaCatalog catalog, string customer, string media, ILogger? logger)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _logger = logger ?? NullLogger.Instance;
        _definition = BuildDefinition(customer, media);
    }

    /// <summary>
    /// The definition, in code: which element of a <see cref="MediaCatalogRecordSource"/> record is which
    /// TapeTrack field, and the product's location names as TapeTrack repositories.
    /// </summary>
    public static SyncDefinition BuildDefinition(string customer, string media) =>
        new SyncDefinitionBuilder()
            .SetSourceName("Contoso Backup media list")
            .SetCsvDelimiter(',') // records arrive as elements, numbered from 1
            .SetLiteral(SyncField.Customer, customer)
            .SetLiteral(SyncField.Media, media)
            .Extract(SyncField.Volume, 1, 8)
            .Extract(SyncField.Description, 2, 40)
            .Extract(SyncField.Slot, 3, 10)
            .Extract(SyncField.Repository, 4, 20)
            .Extract(SyncField.MoveDate, 5, 10)
            .Extract(SyncField.WriteTime, 6, 19)
            .SetMoveDateFormat("%Y-%m-%d")
            .SetWriteTimeFormat("%Y-%m-%d %H:%M:%S")
            .AddTranslation(SyncField.Repository, nameof(MediaLocation.Library), "LIBR")
            .AddTranslation(SyncField.Repository, nameof(MediaLocation.Vault), "OFFS")
            .Build();

    /// <summary>A dry run: every change the sync would make, for the operator to approve. Nothing is sent.</summary>
    public async Task<IReadOnlyList<SyncChange>> PlanAsync(CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(dryRun: true, cancellationToken).ConfigureAwait(false);
        foreach (var warning in result.Warnings)
        {
            _logger.LogWarning("{Warning}", warning);
        }

        return result.Changes;
    }

    /// <summary>
    /// Applies the approved plan. When the server or the media list changed since the plan (the changes a dry
    /// run finds now are not exactly the approved ones), nothing is applied and a
    /// <see cref="PlanOutdatedException"/> asks for a new plan: the operator approves what is applied.
    /// </summary>
    public async Task<SyncResult> ApplyAsync(IReadOnlyList<SyncChange> approved, CancellationToken cancellationToken = default)
    {
        if (approved is null)
        {
            throw new ArgumentNullException(nameof(approved));
        }

        var now = await RunAsync(dryRun: true, cancellationToken).ConfigureAwait(false);
        if (!now.Changes.SequenceEqual(approved))
        {
            throw new PlanOutdatedException(approved.Count, now.Changes.Count(change => !approved.Contains(change)) + approved.Count(change => !now.Changes.Contains(change)));
        }

        var result = await RunAsync(dryRun: false, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Applied {Changes} approved changes to TapeTrack", result.Changes.Count);
        return result;
    }

    private async Task<SyncResult> RunAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var source = new MediaCatalogRecordSource(_catalog);
        var pipeline = new SyncPipeline(_definition, _session, new SyncOptions { DryRun = dryRun }) { Logger = _logger };
        return await pipeline.RunAsync(source, cancellationToken).ConfigureAwait(false);
    }
}
