using System.Collections.Generic;
using TapeTrack.Sync.Definitions;

namespace TapeTrack.Sync.Sessions;

/// <summary>The volume properties of a store file: JSON name, field name and value kind, in the order export writes them.</summary>
internal static class StoreFileFields
{
    // derived from the one table of fields (SyncFields), in its order; REPOSITORY is the volume's "target", written
    // beside "current" before the fields
    public static readonly (string Json, string Field, FieldKind Kind)[] Volume = Create();

    /// <summary>The longest text a store file takes for a field value or a description.</summary>
    public const int MaxValueLength = 256;

    public static int IndexOfJson(string json)
    {
        for (int i = 0; i < Volume.Length; i++)
        {
            if (Volume[i].Json == json)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The JSON path below a volume of a field: its property, or <c>attributes.N</c>.</summary>
    public static string JsonNameOf(string field)
    {
        foreach (var (json, name, _) in Volume)
        {
            if (name == field)
            {
                return json;
            }
        }

        return field.StartsWith("ATTRIBUTE", System.StringComparison.Ordinal) ? "attributes." + field.Substring(9) : field;
    }

    private static (string Json, string Field, FieldKind Kind)[] Create()
    {
        var properties = new List<(string Json, string Field, FieldKind Kind)>();
        for (int i = 0; i < SyncFields.Count; i++)
        {
            var field = (SyncField)i;
            if (field != SyncField.Repository && field.JsonName() is { } json)
            {
                properties.Add((json, field.ServerName()!, field.Kind()));
            }
        }

        return properties.ToArray();
    }
}

