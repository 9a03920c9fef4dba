namespace TapeTrack.Sync.Definitions;

/// <summary>A field a definition can set: the Volume fields of TapeTrack, plus <c>LOCATION</c> and the comparison-only <c>USER1</c>-<c>USER20</c>.</summary>
public enum SyncField
{
    /// <summary><c>VOLUME</c>: The volume id (barcode). Required.</summary>
    Volume,
    /// <summary><c>CUSTOMER</c>: The customer id. Required.</summary>
    Customer,
    /// <summary><c>MEDIA</c>: The media id. Required.</summary>
    Media,
    /// <summary><c>REPOSITORY</c>: The proposed target repository id.</summary>
    Repository,
    /// <summary><c>REPOSITORY_DESC</c>: A repository's description, resolved to its id and treated as REPOSITORY.</summary>
    RepositoryDescription,
    /// <summary><c>DESCRIPTION</c>: The volume's description.</summary>
    Description,
    /// <summary><c>MOVEDATE</c>: The next move date (a date; a time part is dropped).</summary>
    MoveDate,
    /// <summary><c>WRITETIME</c>: The last write time, to the second. WRITEDATE is an alias.</summary>
    WriteTime,
    /// <summary><c>SCRATCH</c>: Whether the volume is scratch.</summary>
    Scratch,
    /// <summary><c>ENCRYPTED</c>: Whether the volume is encrypted.</summary>
    Encrypted,
    /// <summary><c>SLOT</c>: The slot.</summary>
    Slot,
    /// <summary><c>SYSTEM</c>: The system.</summary>
    System,
    /// <summary><c>CONTAINER</c>: The container, a qualified barcode CUST.MEDIA.VOLUME.</summary>
    Container,
    /// <summary><c>DATACLUSTER</c>: The data cluster.</summary>
    DataCluster,
    /// <summary><c>EXPIRYDATE</c>: The expiry date.</summary>
    ExpiryDate,
    /// <summary><c>GENERATION</c>: The generation.</summary>
    Generation,
    /// <summary><c>HIDDEN</c>: Whether the volume is hidden.</summary>
    Hidden,
    /// <summary><c>HOMEREPOSITORY</c>: The home repository id.</summary>
    HomeRepository,
    /// <summary><c>HOMESLOT</c>: The home slot.</summary>
    HomeSlot,
    /// <summary><c>INITIALREPOSITORY</c>: The initial repository id.</summary>
    InitialRepository,
    /// <summary><c>MOUNTTIME</c>: The last mount time.</summary>
    MountTime,
    /// <summary><c>MOVELOCK</c>: Whether moves are locked.</summary>
    MoveLock,
    /// <summary><c>QUALITYCHECK</c>: The quality-check status.</summary>
    QualityCheck,
    /// <summary><c>READTIME</c>: The last read time.</summary>
    ReadTime,
    /// <summary><c>STAGE</c>: The stage.</summary>
    Stage,
    /// <summary><c>STOCKID</c>: The stock id.</summary>
    StockId,
    /// <summary><c>USAGE</c>: The usage.</summary>
    Usage,
    /// <summary><c>USAGECOUNT</c>: The usage (mount) count, a whole number.</summary>
    UsageCount,
    /// <summary><c>LOCATION</c>: Where the source says the volume physically is now (a repository id) [ext].</summary>
    Location,
    /// <summary><c>USER1</c>: Comparison-only value 1: for filters and AddTranslation2; never sent.</summary>
    User1,
    /// <summary><c>USER2</c>: Comparison-only value 2: for filters and AddTranslation2; never sent.</summary>
    User2,
    /// <summary><c>USER3</c>: Comparison-only value 3: for filters and AddTranslation2; never sent.</summary>
    User3,
    /// <summary><c>USER4</c>: Comparison-only value 4: for filters and AddTranslation2; never sent.</summary>
    User4,
    /// <summary><c>USER5</c>: Comparison-only value 5: for filters and AddTranslation2; never sent.</summary>
    User5,
    /// <summary><c>USER6</c>: Comparison-only value 6: for filters and AddTranslation2; never sent.</summary>
    User6,
    /// <summary><c>USER7</c>: Comparison-only value 7: for filters and AddTranslation2; never sent.</summary>
    User7,
    /// <summary><c>USER8</c>: Comparison-only value 8: for filters and AddTranslation2; never sent.</summary>
    User8,
    /// <summary><c>USER9</c>: Comparison-only value 9: for filters and AddTranslation2; never sent.</summary>
    User9,
    /// <summary><c>USER10</c>: Comparison-only value 10: for filters and AddTranslation2; never sent.</summary>
    User10,
    /// <summary><c>USER11</c>: Comparison-only value 11: for filters and AddTranslation2; never sent.</summary>
    User11,
    /// <summary><c>USER12</c>: Comparison-only value 12: for filters and AddTranslation2; never sent.</summary>
    User12,
    /// <summary><c>USER13</c>: Comparison-only value 13: for filters and AddTranslation2; never sent.</summary>
    User13,
    /// <summary><c>USER14</c>: Comparison-only value 14: for filters and AddTranslation2; never sent.</summary>
    User14,
    /// <summary><c>USER15</c>: Comparison-only value 15: for filters and AddTranslation2; never sent.</summary>
    User15,
    /// <summary><c>USER16</c>: Comparison-only value 16: for filters and AddTranslation2; never sent.</summary>
    User16,
    /// <summary><c>USER17</c>: Comparison-only value 17: for filters and AddTranslation2; never sent.</summary>
    User17,
    /// <summary><c>USER18</c>: Comparison-only value 18: for filters and AddTranslation2; never sent.</summary>
    User18,
    /// <summary><c>USER19</c>: Comparison-only value 19: for filters and AddTranslation2; never sent.</summary>
    User19,
    /// <summary><c>USER20</c>: Comparison-only value 20: for filters and AddTranslation2; never sent.</summary>
    User20,
}
