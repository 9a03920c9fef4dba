using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Records;

namespace Contoso.Backup.TapeTrack;

/// <summary>
/// The product's media list as records for the sync: no report file, no parsing. Each cartridge is one
/// record of six elements: barcode, pool, slot, location, vault return date, last written.
/// </summary>
public sealed class MediaCatalogRecordSource : IRecordSource
{
    internal const string DateFormat = "yyyy-MM-dd";
    internal const string DateTimeFormat = "yyyy-MM-dd HH:mm:ss";

    private readonly MediaCatalog _catalog;

    public MediaCatalogRecordSource(MediaCatalog catalog) => _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // one record, refilled for each cartridge: the engine reads it before asking for the next
        var record = new SourceRecord();
        long line = 0;
        foreach (var item in _catalog.Items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            line++; // the record's "line" is the cartridge's position in the list, for messages
            if (item.IsCleaning)
            {
                continue; // a cleaning cartridge holds no backups: TapeTrack does not track it
            }

            record.Reset(line);
            record.AddElement(item.Barcode.AsSpan());
            record.AddElement(item.Pool.AsSpan());
            record.AddElement((item.Slot?.ToString(CultureInfo.InvariantCulture) ?? string.Empty).AsSpan());
            record.AddElement(item.Location.ToString().AsSpan());
            record.AddElement((item.VaultReturn?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? string.Empty).AsSpan());
            record.AddElement((item.LastWritten?.ToString(DateTimeFormat, CultureInfo.InvariantCulture) ?? string.Empty).AsSpan());
            yield return record;
        }

        // the list is in memory: nothing to wait for, but the contract is asynchronous
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => default;
}
