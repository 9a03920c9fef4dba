using System;
using System.Collections.Generic;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Definitions;

/// <summary>What the library knows of each <see cref="SyncField"/>: its name, value kind, maximum length and server name.</summary>
/// <remarks>
/// The one table of fields: <see cref="VolumeFields"/> names the server side of it, and the store file's volume
/// properties, the importer's checks, the decider's comparisons and the binder's diagnostics are all derived from it.
/// </remarks>
public static class SyncFields
{
    // indexed by the enum: row i is (SyncField)i (a test checks it). Json: the volume's property in a store file.
    private static readonly FieldInfo[] Infos =
    {
        new(SyncField.Volume, "VOLUME", FieldKind.Text, 10, null, null),
        new(SyncField.Customer, "CUSTOMER", FieldKind.Text, 4, null, null),
        new(SyncField.Media, "MEDIA", FieldKind.Text, 4, null, null),
        new(SyncField.Repository, "REPOSITORY", FieldKind.Text, 4, VolumeFields.Repository, "target"),
        new(SyncField.RepositoryDescription, "REPOSITORY_DESC", FieldKind.Text, 20, null, null),
        new(SyncField.Description, "DESCRIPTION", FieldKind.Text, 256, VolumeFields.Description, "description"),
        new(SyncField.MoveDate, "MOVEDATE", FieldKind.Date, 0, VolumeFields.MoveDate, "moveDate"),
        new(SyncField.WriteTime, "WRITETIME", FieldKind.DateTime, 0, VolumeFields.WriteTime, "writeTime"),
        new(SyncField.Scratch, "SCRATCH", FieldKind.Boolean, 0, VolumeFields.Scratch, "scratch"),
        new(SyncField.Encrypted, "ENCRYPTED", FieldKind.Boolean, 0, VolumeFields.Encrypted, "encrypted"),
        new(SyncField.Slot, "SLOT", FieldKind.Text, 10, VolumeFields.Slot, "slot"),
        new(SyncField.System, "SYSTEM", FieldKind.Text, 10, VolumeFields.System, "system"),
        new(SyncField.Container, "CONTAINER", FieldKind.Text, 20, VolumeFields.Container, "container"),
        new(SyncField.DataCluster, "DATACLUSTER", FieldKind.Text, 256, VolumeFields.DataCluster, "dataCluster"),
        new(SyncField.ExpiryDate, "EXPIRYDATE", FieldKind.Date, 0, VolumeFields.ExpiryDate, "expiryDate"),
        new(SyncField.Generation, "GENERATION", FieldKind.Text, 10, VolumeFields.Generation, "generation"),
        new(SyncField.Hidden, "HIDDEN", FieldKind.Boolean, 0, VolumeFields.Hidden, "hidden"),
        new(SyncField.HomeRepository, "HOMEREPOSITORY", FieldKind.Text, 4, VolumeFields.HomeRepository, "homeRepository"),
        new(SyncField.HomeSlot, "HOMESLOT", FieldKind.Text, 10, VolumeFields.HomeSlot, "homeSlot"),
        new(SyncField.InitialRepository, "INITIALREPOSITORY", FieldKind.Text, 4, VolumeFields.InitialRepository, "initialRepository"),
        new(SyncField.MountTime, "MOUNTTIME", FieldKind.DateTime, 0, VolumeFields.MountTime, "mountTime"),
        new(SyncField.MoveLock, "MOVELOCK", FieldKind.Boolean, 0, VolumeFields.MoveLock, "moveLock"),
        new(SyncField.QualityCheck, "QUALITYCHECK", FieldKind.Text, 20, VolumeFields.QualityCheck, "qualityCheck"),
        new(SyncField.ReadTime, "READTIME", FieldKind.DateTime, 0, VolumeFields.ReadTime, "readTime"),
        new(SyncField.Stage, "STAGE", FieldKind.Text, 20, VolumeFields.Stage, "stage"),
        new(SyncField.StockId, "STOCKID", FieldKind.Text, 20, VolumeFields.StockId, "stockId"),
        new(SyncField.Usage, "USAGE", FieldKind.Text, 20, VolumeFields.Usage, "usage"),
        new(SyncField.UsageCount, "USAGECOUNT", FieldKind.Integer, 0, VolumeFields.UsageCount, "usageCount"),
        new(SyncField.Location, "LOCATION", FieldKind.Text, 4, null, null),
        new(SyncField.User1, "USER1", FieldKind.Text, 256, null, null),
        new(SyncField.User2, "USER2", FieldKind.Text, 256, null, null),
        new(SyncField.User3, "USER3", FieldKind.Text, 256, null, null),
        new(SyncField.User4, "USER4", FieldKind.Text, 256, null, null),
        new(SyncField.User5, "USER5", FieldKind.Text, 256, null, null),
        new(SyncField.User6, "USER6", FieldKind.Text, 256, null, null),
        new(SyncField.User7, "USER7", FieldKind.Text, 256, null, null),
        new(SyncField.User8, "USER8", FieldKind.Text, 256, null, null),
        new(SyncField.User9, "USER9", FieldKind.Text, 256, null, null),
        new(SyncField.User10, "USER10", FieldKind.Text, 256, null, null),
        new(SyncField.User11, "USER11", FieldKind.Text, 256, null, null),
        new(SyncField.User12, "USER12", FieldKind.Text, 256, null, null),
        new(SyncField.User13, "USER13", FieldKind.Text, 256, null, null),
        new(SyncField.User14, "USER14", FieldKind.Text, 256, null, null),
        new(SyncField.User15, "USER15", FieldKind.Text, 256, null, null),
        new(SyncField.User16, "USER16", FieldKind.Text, 256, null, null),
        new(SyncField.User17, "USER17", FieldKind.Text, 256, null, null),
        new(SyncField.User18, "USER18", FieldKind.Text, 256, null, null),
        new(SyncField.User19, "USER19", FieldKind.Text, 256, null, null),
        new(SyncField.User20, "USER20", FieldKind.Text, 256, null, null),
    };

    private static readonly Dictionary<string, SyncField> ByName = CreateByName();

    /// <summary>The number of fields.</summary>
    public static int Count => Infos.Length;

    /// <summary>The field's name as the language writes it, such as <c>MOVEDATE</c>.</summary>
    /// <param name="field">The field.</param>
    public static string Name(this SyncField field) => Infos[(int)field].Name;

    /// <summary>The kind of value the field holds.</summary>
    /// <param name="field">The field.</param>
    public static FieldKind Kind(this SyncField field) => Infos[(int)field].Kind;

    /// <summary>The maximum length of a text value, or 0 where the kind sets the form.</summary>
    /// <param name="field">The field.</param>
    public static int MaxLength(this SyncField field) => Infos[(int)field].MaxLength;

    /// <summary>The name the server stores the field under (<see cref="VolumeFields"/>), or <see langword="null"/> for fields that are never sent as such.</summary>
    /// <param name="field">The field.</param>
    public static string? ServerName(this SyncField field) => Infos[(int)field].ServerName;

    /// <summary>The field's property name in a store file's volume (<c>moveDate</c>), or <see langword="null"/> for a field no store keeps.</summary>
    internal static string? JsonName(this SyncField field) => Infos[(int)field].Json;

    /// <summary>Looks a field up by name, case-insensitively; <c>WRITEDATE</c> is <see cref="SyncField.WriteTime"/>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="field">The field, when found.</param>
    public static bool TryParse(string name, out SyncField field) => ByName.TryGetValue(name ?? string.Empty, out field);

    /// <summary>Every field name the language knows, for suggestions.</summary>
    public static IEnumerable<string> Names => ByName.Keys;

    private static Dictionary<string, SyncField> CreateByName()
    {
        var map = new Dictionary<string, SyncField>(StringComparer.OrdinalIgnoreCase);
        foreach (var info in Infos)
        {
            map[info.Name] = info.Field;
        }

        map["WRITEDATE"] = SyncField.WriteTime;
        return map;
    }

    private readonly record struct FieldInfo(SyncField Field, string Name, FieldKind Kind, int MaxLength, string? ServerName, string? Json);
}
