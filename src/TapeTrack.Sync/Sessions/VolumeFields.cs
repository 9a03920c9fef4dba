using System;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// The names under which a <see cref="Volume"/>'s fields are stored, compared and reported.
/// Values are canonical text: dates <c>yyyy-MM-dd</c>, date-times <c>yyyy-MM-ddTHH:mm:ss</c>,
/// booleans <c>true</c>/<c>false</c>, whole numbers in invariant digits.
/// </summary>
/// <remarks>The server side of the one table of fields, <see cref="Definitions.SyncFields"/>: every name here but
/// <see cref="Current"/> is the <see cref="Definitions.SyncFields.ServerName"/> of one field.</remarks>
public static class VolumeFields
{
    /// <summary>The current repository (where the volume is).</summary>
    public const string Current = "CURRENT";
    /// <summary>The target repository (where the volume should be).</summary>
    public const string Repository = "REPOSITORY";
    /// <summary>The description.</summary>
    public const string Description = "DESCRIPTION";
    /// <summary>The next move date.</summary>
    public const string MoveDate = "MOVEDATE";
    /// <summary>The last write time.</summary>
    public const string WriteTime = "WRITETIME";
    /// <summary>The scratch flag.</summary>
    public const string Scratch = "SCRATCH";
    /// <summary>The encryption flag.</summary>
    public const string Encrypted = "ENCRYPTED";
    /// <summary>The slot.</summary>
    public const string Slot = "SLOT";
    /// <summary>The system.</summary>
    public const string System = "SYSTEM";
    /// <summary>The container (a qualified barcode).</summary>
    public const string Container = "CONTAINER";
    /// <summary>The data cluster.</summary>
    public const string DataCluster = "DATACLUSTER";
    /// <summary>The expiry date.</summary>
    public const string ExpiryDate = "EXPIRYDATE";
    /// <summary>The generation.</summary>
    public const string Generation = "GENERATION";
    /// <summary>The hidden flag.</summary>
    public const string Hidden = "HIDDEN";
    /// <summary>The home repository.</summary>
    public const string HomeRepository = "HOMEREPOSITORY";
    /// <summary>The home slot.</summary>
    public const string HomeSlot = "HOMESLOT";
    /// <summary>The initial repository.</summary>
    public const string InitialRepository = "INITIALREPOSITORY";
    /// <summary>The last mount time.</summary>
    public const string MountTime = "MOUNTTIME";
    /// <summary>The move-lock flag.</summary>
    public const string MoveLock = "MOVELOCK";
    /// <summary>The quality-check status.</summary>
    public const string QualityCheck = "QUALITYCHECK";
    /// <summary>The last read time.</summary>
    public const string ReadTime = "READTIME";
    /// <summary>The stage.</summary>
    public const string Stage = "STAGE";
    /// <summary>The stock id.</summary>
    public const string StockId = "STOCKID";
    /// <summary>The usage.</summary>
    public const string Usage = "USAGE";
    /// <summary>The usage (mount) count, a whole number.</summary>
    public const string UsageCount = "USAGECOUNT";

    /// <summary>The name of extended attribute <paramref name="index"/>, <c>ATTRIBUTEn</c>.</summary>
    /// <param name="index">The attribute index, 1 to 200.</param>
    public static string Attribute(int index)
    {
        if (index is < 1 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, "An extended attribute index is 1 to 200.");
        }

        return AttributeNames[index];
    }

    /// <summary>Whether <paramref name="field"/> names an extended attribute and which.</summary>
    /// <param name="field">A field name.</param>
    /// <param name="index">The attribute index, when it is one.</param>
    public static bool TryGetAttributeIndex(string field, out int index)
    {
        index = 0;
        if (field is null || !field.StartsWith("ATTRIBUTE", StringComparison.Ordinal))
        {
            return false;
        }

        return int.TryParse(field.Substring(9), global::System.Globalization.NumberStyles.None, global::System.Globalization.CultureInfo.InvariantCulture, out index)
            && index is >= 1 and <= 200;
    }

    private static readonly string[] AttributeNames = CreateAttributeNames();

    private static string[] CreateAttributeNames()
    {
        var names = new string[201];
        for (int i = 1; i <= 200; i++)
        {
            names[i] = "ATTRIBUTE" + i.ToString(global::System.Globalization.CultureInfo.InvariantCulture);
        }

        return names;
    }
}
