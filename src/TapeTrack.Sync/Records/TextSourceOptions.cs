using System.Text;

namespace TapeTrack.Sync.Records;

/// <summary>Options of the text record sources (delimited and fixed-position).</summary>
public sealed class TextSourceOptions
{
    /// <summary>The text encoding of the input. A UTF-8 byte-order mark is always recognised and skipped.</summary>
    /// <value>The default is UTF-8.</value>
    public Encoding Encoding { get; set; } = new UTF8Encoding(false);

    /// <summary>The longest record accepted, in characters; a longer one is skipped and reported as a record error.</summary>
    /// <value>The default is 1,048,576 (1 Mi characters).</value>
    public int MaxRecordLength { get; set; } = 1024 * 1024;
}
