using System;
using System.Text;

namespace TapeTrack.Sync.Records;

/// <summary>Options of the text record sources (delimited and fixed-position). Checked when a source is created.</summary>
public sealed class TextSourceOptions
{
    /// <summary>The text encoding of the input. A UTF-8 byte-order mark is always recognised and skipped.
    /// <see cref="GetEncoding"/> gives the usual ones by name (UTF-8, Latin-1, Windows-1252).</summary>
    /// <value>The default is UTF-8 (without a byte-order mark). A record with a byte the encoding cannot decode gets a
    /// <see cref="SourceRecord.Problem"/> (a record error), unless the encoding was given with a fallback of its own.</value>
    public Encoding Encoding { get; set; } = new UTF8Encoding(false);

    /// <summary>The longest record accepted, in characters, its line break not counted. A longer record is
    /// handed out once with <see cref="SourceRecord.Problem"/> set (a record error) and the rest of it is
    /// dropped as it is read, so memory stays near this limit whatever the input holds.</summary>
    /// <value>The default is 1,048,576 (1 Mi characters).</value>
    public int MaxRecordLength { get; set; } = 1024 * 1024;

    /// <summary>
    /// The encoding with this name: <c>utf-8</c>, <c>latin1</c> (also <c>iso-8859-1</c>), <c>windows-1252</c>
    /// (also <c>cp1252</c>) or any other name or code page number the platform knows. On .NET 8 and later the
    /// Windows code pages are always available; on .NET Framework they are built in; on other
    /// <c>netstandard2.0</c> hosts register <c>CodePagesEncodingProvider.Instance</c> first.
    /// </summary>
    /// <param name="name">The name, case-insensitive, or a code page number such as <c>1252</c>.</param>
    /// <exception cref="ArgumentException">The platform knows no such encoding.</exception>
    public static Encoding GetEncoding(string name)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        string key = name.Trim().ToUpperInvariant();
        try
        {
            switch (key)
            {
                case "UTF-8":
                case "UTF8":
                    return new UTF8Encoding(false);
                case "LATIN1":
                case "LATIN-1":
                case "ISO-8859-1":
                case "28591":
                    return Encoding.GetEncoding(28591);
                case "WINDOWS-1252":
                case "CP1252":
                case "1252":
                    EnsureCodePages();
                    return Encoding.GetEncoding(1252);
                default:
                    EnsureCodePages();
                    return int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int codePage)
                        ? Encoding.GetEncoding(codePage)
                        : Encoding.GetEncoding(name.Trim());
            }
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"The text encoding '{name}' is not known on this platform.", nameof(name), e);
        }
    }

    internal void Validate()
    {
        if (Encoding is null)
        {
            throw new ArgumentException("TextSourceOptions.Encoding is not set.");
        }

        if (MaxRecordLength < 1)
        {
            throw new ArgumentException($"TextSourceOptions.MaxRecordLength is {MaxRecordLength}; it must be at least 1.");
        }
    }

    private static void EnsureCodePages()
    {
#if NET
        CodePages.Register();
#endif
    }

#if NET
    private static class CodePages
    {
        static CodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        // touching the class runs the registration once
        public static void Register()
        {
        }
    }
#endif
}
