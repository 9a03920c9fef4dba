using System;
using System.Collections.Generic;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Definitions;

/// <summary>What the language knows of each <see cref="SyncField"/>: its name, value kind and maximum length.</summary>
public static class SyncFields
{
    private static readonly FieldInfo[] Infos =
    {
        new(SyncField.Volume, "VOLUME", FieldKind.Text, 10, null),
        new(SyncField.Customer, "CUSTOMER", FieldKind.Text, 4, null),
        new(SyncField.Media, "MEDIA", FieldKind.Text, 4, null),
        new(SyncField.Repository, "REPOSITORY", FieldKind.Text, 4, "REPOSITORY"),
        new(SyncField.RepositoryDescription, "REPOSITORY_DESC", FieldKind.Text, 20, null),
        new(SyncField.Description, "DESCRIPTION", FieldKind.Text, 256, "DESCRIPTION"),
        new(SyncField.MoveDate, "MOVEDATE", FieldKind.Date, 0, "MOVEDATE"),
        new(SyncField.WriteTime, "WRITETIME", FieldKind.DateTime, 0, "WRITETIME"),
        new(SyncField.Scratch, "SCRATCH", FieldKind.Boolean, 0, "SCRATCH"),
        new(SyncField.Encrypted, "ENCRYPTED", FieldKind.Boolean, 0, "ENCRYPTED"),
        new(SyncField.Slot, "SLOT", FieldKind.Text, 10, "SLOT"),
        new(SyncField.System, "SYSTEM", FieldKind.Text, 10, "SYSTEM"),
        new(SyncField.Container, "CONTAINER", FieldKind.Text, 20, "CONTAINER"),
        new(SyncField.DataCluster, "DATACLUSTER", FieldKind.Text, 256, "DATACLUSTER"),
        new(SyncField.ExpiryDate, "EXPIRYDATE", FieldKind.Date, 0, "EXPIRYDATE"),
        new(SyncField.Generation, "GENERATION", FieldKind.Text, 10, "GENERATION"),
        new(SyncField.Hidden, "HIDDEN", FieldKind.Boolean, 0, "HIDDEN"),
        new(SyncField.HomeRepository, "HOMEREPOSITORY", FieldKind.Text, 4, "HOMEREPOSITORY"),
        new(SyncField.HomeSlot, "HOMESLOT", FieldKind.Text, 10, "HOMESLOT"),
        new(SyncField.InitialRepository, "INITIALREPOSITORY", FieldKind.Text, 4, "INITIALREPOSITORY"),
        new(SyncField.MountTime, "MOUNTTIME", FieldKind.DateTime, 0, "MOUNTTIME"),
        new(SyncField.MoveLock, "MOVELOCK", FieldKind.Boolean, 0, "MOVELOCK"),
        new(SyncField.QualityCheck, "QUALITYCHECK", FieldKind.Text, 20, "QUALITYCHECK"),
        new(SyncField.ReadTime, "READTIME", FieldKind.DateTime, 0, "READTIME"),
        new(SyncField.Stage, "STAGE", FieldKind.Text, 20, "STAGE"),
        new(SyncField.StockId, "STOCKID", FieldKind.Text, 20, "STOCKID"),
        new(SyncField.Usage, "USAGE", FieldKind.Text, 20, "USAGE"),
        new(SyncField.UsageCount, "USAGECOUNT", FieldKind.Integer, 0, "USAGECOUNT"),
        new(SyncField.Location, "LOCATION", FieldKind.Text, 4, null),
        new(SyncField.User1, "USER1", FieldKind.Text, 256, null),
        new(SyncField.User2, "USER2", FieldKind.Text, 256, null),
        new(SyncField.User3, "USER3", FieldKind.Text, 256, null),
        new(SyncField.User4, "USER4", FieldKind.Text, 256, null),
        new(SyncField.User5, "USER5", FieldKind.Text, 256, null),
        new(SyncField.User6, "USER6", FieldKind.Text, 256, null),
        new(SyncField.User7, "USER7", FieldKind.Text, 256, null),
        new(SyncField.User8, "USER8", FieldKind.Text, 256, null),
        new(SyncField.User9, "USER9", FieldKind.Text, 256, null),
        new(SyncField.User10, "USER10", FieldKind.Text, 256, null),
        new(SyncField.User11, "USER11", FieldKind.Text, 256, null),
        new(SyncField.User12, "USER12", FieldKind.Text, 256, null),
        new(SyncField.User13, "USER13", FieldKind.Text, 256, null),
        new(SyncField.User14, "USER14", FieldKind.Text, 256, null),
        new(SyncField.User15, "USER15", FieldKind.Text, 256, null),
        new(SyncField.User16, "USER16", FieldKind.Text, 256, null),
        new(SyncField.User17, "USER17", FieldKind.Text, 256, null),
        new(SyncField.User18, "USER18", FieldKind.Text, 256, null),
        new(SyncField.User19, "USER19", FieldKind.Text, 256, null),
        new(SyncField.User20, "USER20", FieldKind.Text, 256, null),
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

    private readonly record struct FieldInfo(SyncField Field, string Name, FieldKind Kind, int MaxLength, string? ServerName);
}
