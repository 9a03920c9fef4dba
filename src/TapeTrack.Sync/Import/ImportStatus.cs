namespace TapeTrack.Sync.Import;

/// <summary>What a raw record turned out to be.</summary>
public enum ImportStatus
{
    /// <summary>A body record with valid field values: <see cref="ImportResult.Record"/>.</summary>
    Body,
    /// <summary>A record of a header block.</summary>
    Header,
    /// <summary>Skipped by an <c>EXCLUSION</c> rule or <c>AddExclusionOnValue</c>.</summary>
    Excluded,
    /// <summary>Passed over: a START or END marker, or a record while processing is off (before the first START, after an END).</summary>
    PassedOver,
    /// <summary>A TERMINATE marker: nothing after it is read.</summary>
    Terminated,
    /// <summary>A record error: <see cref="ImportResult.Error"/>.</summary>
    Error,
    /// <summary>A body record that is empty or only white space: passed over and counted as blank, not an error.</summary>
    Blank,
}
