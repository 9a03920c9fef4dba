namespace TapeTrack.Sync.Definitions;

/// <summary>How the input's records are laid out.</summary>
public enum InputFormat
{
    /// <summary>A fixed-position text report (no <c>SetCSVDelimiter</c>): fields are cut by character offset.</summary>
    FixedPosition,
    /// <summary>Delimited text with RFC 4180 quoting (<c>SetCSVDelimiter</c>): fields are elements by number.</summary>
    Delimited,
    /// <summary>Rows of an ODBC query (<c>SetODBC</c>): fields are columns by number.</summary>
    Odbc,
}
