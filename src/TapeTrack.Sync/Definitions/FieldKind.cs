namespace TapeTrack.Sync.Definitions;

/// <summary>The kind of value a <see cref="SyncField"/> holds.</summary>
public enum FieldKind
{
    /// <summary>Text up to the field's maximum length.</summary>
    Text,
    /// <summary>A date; canonical form <c>yyyy-MM-dd</c>.</summary>
    Date,
    /// <summary>A date and time to the second; canonical form <c>yyyy-MM-ddTHH:mm:ss</c>.</summary>
    DateTime,
    /// <summary>YES/NO/TRUE/FALSE/Y/N/1/0 in any case; canonical form <c>true</c>/<c>false</c>.</summary>
    Boolean,
    /// <summary>A whole number.</summary>
    Integer,
}
