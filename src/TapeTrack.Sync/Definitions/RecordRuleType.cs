namespace TapeTrack.Sync.Definitions;

/// <summary>The record-level rules of <c>AddString</c>, tried on each raw record in this order.</summary>
public enum RecordRuleType
{
    /// <summary>Stop reading for good.</summary>
    Terminate,
    /// <summary>The record starts a header block of <c>SetHeaderCount</c> records.</summary>
    Header,
    /// <summary>Begin (or resume) processing here.</summary>
    Start,
    /// <summary>Stop processing until the next START match.</summary>
    End,
    /// <summary>Skip this record.</summary>
    Exclusion,
}
