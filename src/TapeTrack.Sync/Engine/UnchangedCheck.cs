using System;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Engine;

// The common case of a nightly run, decided on spans: a record whose values the volume already holds. It answers
// true only when VolumeDecider would find the volume matched with no change, no warning and no error; anything
// else (a difference, a rule that could apply, a value it cannot compare as text) answers false, and the caller
// decides the record the full way. It allocates nothing.
internal sealed class UnchangedCheck
{
    private readonly bool _enabled;
    private readonly Entry[] _fields;

    public UnchangedCheck(SyncDefinition definition, SyncOptions options)
    {
        // rules that move dates or repositories by the clock, and the inventory, take the full way
        _enabled = !options.Inventory
            && definition.MoveDateAdjustments.Count == 0
            && definition.RepositoryOnMoveDateRules.Count == 0
            && definition.RepositoryOnWriteTimeRules.Count == 0;
        string? descriptionField = options.DescriptionAttribute > 0 ? VolumeFields.Attribute(options.DescriptionAttribute) : null;
        // only the fields the definition can give a value: any other is empty in every record
        var fields = new System.Collections.Generic.List<Entry>();
        foreach (int i in RecordImporter.FieldsGivenBy(definition))
        {
            var field = (SyncField)i;
            if (field.ServerName() is { } name && field != SyncField.Repository)
            {
                string serverName = field == SyncField.Description && descriptionField is not null ? descriptionField : name;
                var slot = serverName switch
                {
                    VolumeFields.Description => Slot.Description,
                    VolumeFields.MoveDate => Slot.MoveDate,
                    _ => Slot.Other,
                };
                fields.Add(new Entry(field, serverName, field.Kind() == FieldKind.Text, slot));
            }
        }

        _fields = fields.ToArray();
    }

    /// <summary>Whether the fast check can be used at all with this definition and these options.</summary>
    public bool Enabled => _enabled;

    public bool IsUnchanged(RecordImporter record, CachedScope scope, Volume volume)
    {
        if (!scope.Exists || !record.ValueOf(SyncField.Container).IsEmpty || !record.ValueOf(SyncField.RepositoryDescription).IsEmpty)
        {
            return false;
        }

        if (!TargetHolds(record.ValueOf(SyncField.Repository), scope, volume) || !LocationHolds(record.ValueOf(SyncField.Location), scope, volume))
        {
            return false;
        }

        foreach (var entry in _fields)
        {
            if (!Holds(entry, record.ValueOf(entry.Field), volume))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What the check makes of each field of the plain lane (<see cref="RecordImporter.PreparePlain"/>), in order.</summary>
    internal Entry[] EntriesFor(SyncField[] fields) => Array.ConvertAll(fields, field => field switch
    {
        SyncField.Customer => new Entry(field, string.Empty, true, Slot.Customer),
        SyncField.Media => new Entry(field, string.Empty, true, Slot.Media),
        SyncField.Volume => new Entry(field, string.Empty, true, Slot.Volume),
        SyncField.Repository => new Entry(field, string.Empty, true, Slot.Target),
        SyncField.Location => new Entry(field, string.Empty, true, Slot.Location),
        SyncField.Container or SyncField.RepositoryDescription => new Entry(field, string.Empty, true, Slot.None),
        _ => Array.Find(_fields, e => e.Field == field) is { ServerName: not null } entry ? entry : new Entry(field, string.Empty, true, Slot.Ignored),
    });

    // the proposed target (REPOSITORY) agrees when there is none, or it is the volume's and one of the media's
    internal static bool TargetHolds(ReadOnlySpan<char> proposed, CachedScope scope, Volume volume) =>
        proposed.IsEmpty || (Same(proposed, volume.Target) && scope.HasRepository(volume.Target));

    // the LOCATION agrees when there is none, or the volume is not moving and is there, in one of the media's repositories
    internal static bool LocationHolds(ReadOnlySpan<char> location, CachedScope scope, Volume volume) =>
        location.IsEmpty || (!volume.IsMoving && Same(location, volume.Target) && scope.HasRepository(volume.Target));

    // a field the server holds agrees when the record gives no value, or the server's is the same text
    internal static bool Holds(in Entry entry, ReadOnlySpan<char> value, Volume volume) =>
        value.IsEmpty || Agrees(entry, value, entry.Slot switch
        {
            Slot.Description => volume.Description,
            Slot.MoveDate => volume.MoveDateText,
            _ => volume.Get(entry.ServerName),
        });

    // a value agrees with the server's when it is the same text, or (a text) the server's adds only trailing white space
    internal static bool Agrees(in Entry entry, ReadOnlySpan<char> value, string? held) =>
        held is not null && (held.Length == value.Length ? ShortText.Same(value, held.AsSpan()) : entry.IsText && IsPaddedCopy(held.AsSpan(), value));

    private static bool Same(ReadOnlySpan<char> value, string text) => ShortText.Same(value, text.AsSpan());

    // a text value equals the server's when the server's only adds trailing white space (ttidef.md, "Values")
    private static bool IsPaddedCopy(ReadOnlySpan<char> server, ReadOnlySpan<char> value) =>
        server.Length > value.Length && server.StartsWith(value) && server.Slice(value.Length).IsWhiteSpace();

    internal enum Slot : byte
    {
        Other,
        Description,
        MoveDate,

        // the plain lane's other fields: the scope's customer and media, the volume's id, its target and location,
        // a field that must be empty (CONTAINER, REPOSITORY_DESC: the full way), and one the server does not hold
        Customer,
        Media,
        Volume,
        Target,
        Location,
        None,
        Ignored,
    }

    internal readonly record struct Entry(SyncField Field, string ServerName, bool IsText, Slot Slot);
}
