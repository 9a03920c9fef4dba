namespace TapeTrack.Sync.Definitions;

/// <summary><c>Extract(FIELD, offset, length, record)</c>.</summary>
/// <param name="Field">The field set.</param>
/// <param name="Offset">Fixed-position: zero-based character offset. Delimited and ODBC: one-based element number; 0 is the whole raw line.</param>
/// <param name="Length">Fixed-position: exact width. Delimited and ODBC: maximum length (longer elements are cut).</param>
/// <param name="Record">0 for the body record; n &gt; 0 for record n of the current header block (fixed-position input only).</param>
internal sealed record Extraction(SyncField Field, int Offset, int Length, int Record);
