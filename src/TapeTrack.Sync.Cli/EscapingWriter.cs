using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli;

/// <summary>
/// Everything the tool writes goes through here: a control character other than TAB and the line ends is written
/// escaped (<c>\x1B</c>, <c>\x00</c>), so a report's value can never drive the terminal of the person reading the log.
/// </summary>
internal sealed class EscapingWriter : TextWriter
{
    private readonly TextWriter _inner;

    public EscapingWriter(TextWriter inner)
        : base(CultureInfo.InvariantCulture)
    {
        _inner = inner;
    }

    public override Encoding Encoding => _inner.Encoding;

    /// <summary>The text with its control characters escaped.</summary>
    public static string Escape(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        int first = 0;
        while (first < text.Length && !MustEscape(text, first))
        {
            first++;
        }

        if (first == text.Length)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (MustEscape(text, i))
            {
                escaped.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    // a lone character: a CR is taken as the start of a line end
    public override void Write(char value) => _inner.Write(value == '\r' ? "\r" : Escape(value.ToString()));

    public override void Write(string? value) => _inner.Write(Escape(value));

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => _inner.WriteLine(Escape(value));

    public override Task WriteAsync(string? value) => _inner.WriteAsync(Escape(value));

    public override Task WriteLineAsync(string? value) => _inner.WriteLineAsync(Escape(value));

    public override Task WriteAsync(char value) => _inner.WriteAsync(Escape(value.ToString()));

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync() => _inner.FlushAsync();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    // TAB and line ends (LF, CR LF) pass; a CR alone would let a value overwrite the line before it
    private static bool MustEscape(string text, int i)
    {
        char c = text[i];
        if (c == '\r')
        {
            return i + 1 >= text.Length || text[i + 1] != '\n';
        }

        return (c < ' ' && c != '\t' && c != '\n') || (c >= '\x7F' && c <= '\x9F');
    }
}
