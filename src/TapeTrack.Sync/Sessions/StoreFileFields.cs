namespace TapeTrack.Sync.Sessions;

/// <summary>The volume properties of a store file: JSON name, field name and value kind, in the order export writes them.</summary>
internal static class StoreFileFields
{
    public static readonly (string Json, string Field, StoreValueKind Kind)[] Volume =
    {
        ("description", VolumeFields.Description, StoreValueKind.Text),
        ("moveDate", VolumeFields.MoveDate, StoreValueKind.Date),
        ("writeTime", VolumeFields.WriteTime, StoreValueKind.DateTime),
        ("scratch", VolumeFields.Scratch, StoreValueKind.Boolean),
        ("encrypted", VolumeFields.Encrypted, StoreValueKind.Boolean),
        ("slot", VolumeFields.Slot, StoreValueKind.Text),
        ("system", VolumeFields.System, StoreValueKind.Text),
        ("container", VolumeFields.Container, StoreValueKind.Text),
        ("dataCluster", VolumeFields.DataCluster, StoreValueKind.Text),
        ("expiryDate", "EXPIRYDATE", StoreValueKind.Date),
        ("generation", "GENERATION", StoreValueKind.Text),
        ("hidden", "HIDDEN", StoreValueKind.Boolean),
        ("homeRepository", "HOMEREPOSITORY", StoreValueKind.Text),
        ("homeSlot", "HOMESLOT", StoreValueKind.Text),
        ("initialRepository", "INITIALREPOSITORY", StoreValueKind.Text),
        ("mountTime", "MOUNTTIME", StoreValueKind.DateTime),
        ("moveLock", "MOVELOCK", StoreValueKind.Boolean),
        ("qualityCheck", "QUALITYCHECK", StoreValueKind.Text),
        ("readTime", "READTIME", StoreValueKind.DateTime),
        ("stage", "STAGE", StoreValueKind.Text),
        ("stockId", "STOCKID", StoreValueKind.Text),
        ("usage", "USAGE", StoreValueKind.Text),
        ("usageCount", "USAGECOUNT", StoreValueKind.Integer),
    };

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
}

/// <summary>How a volume property is written in a store file.</summary>
internal enum StoreValueKind
{
    Text,
    Date,
    DateTime,
    Boolean,
    Integer,
}
