using System;
using System.Text;

namespace TapeTrack.Sync.Definitions;

/// <summary>
/// A compiled translation string: <c>*</c> inserts the whole current value; a run of <c>~</c> and
/// <c>^</c> walks the value from its start, <c>~</c> keeping one character and <c>^</c> dropping one;
/// any other character is copied. <c>"^^^~~~~~~L4"</c> turns <c>A12345678</c> into <c>345678L4</c>.
/// </summary>
internal sealed class TranslationTemplate : IEquatable<TranslationTemplate>
{
    private readonly Part[] _parts;
    private readonly bool _usesValue;

    private TranslationTemplate(string text, Part[] parts)
    {
        Text = text;
        _parts = parts;
        foreach (var part in parts)
        {
            _usesValue |= part.Kind != PartKind.Literal;
        }
    }

    /// <summary>The translation as written.</summary>
    public string Text { get; }

    /// <summary>Compiles a translation string.</summary>
    /// <param name="text">The translation string.</param>
    public static TranslationTemplate Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var parts = new System.Collections.Generic.List<Part>();
        int i = 0;
        while (i < text.Length)
        {
            int start = i;
            char c = text[i];
            if (c == '*')
            {
                parts.Add(new Part(PartKind.Whole, null));
                i++;
            }
            else if (c is '~' or '^')
            {
                while (i < text.Length && text[i] is '~' or '^')
                {
                    i++;
                }

                parts.Add(new Part(PartKind.Walk, text.Substring(start, i - start)));
            }
            else
            {
                while (i < text.Length && text[i] is not ('*' or '~' or '^'))
                {
                    i++;
                }

                parts.Add(new Part(PartKind.Literal, text.Substring(start, i - start)));
            }
        }

        return new TranslationTemplate(text, parts.ToArray());
    }

    /// <summary>Translates a value.</summary>
    /// <param name="value">The field's current value.</param>
    public string Apply(ReadOnlySpan<char> value)
    {
        if (!_usesValue)
        {
            return Text;
        }

        var builder = new StringBuilder(Text.Length + value.Length);
        foreach (var part in _parts)
        {
            switch (part.Kind)
            {
                case PartKind.Literal:
                    builder.Append(part.Text);
                    break;
                case PartKind.Whole:
                    Append(builder, value);
                    break;
                default:
                    var walk = part.Text!;
                    for (int i = 0; i < walk.Length && i < value.Length; i++)
                    {
                        if (walk[i] == '~')
                        {
                            builder.Append(value[i]);
                        }
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>The longest result for a value of <paramref name="valueLength"/> characters.</summary>
    internal int MaxLength(int valueLength)
    {
        int length = 0;
        foreach (var part in _parts)
        {
            length += part.Kind == PartKind.Whole ? valueLength : part.Text!.Length;
        }

        return length;
    }

    /// <summary>Translates a value into <paramref name="destination"/> (at least <see cref="MaxLength"/> long), without a string.</summary>
    /// <returns>The characters written.</returns>
    internal int Apply(ReadOnlySpan<char> value, Span<char> destination)
    {
        int written = 0;
        foreach (var part in _parts)
        {
            switch (part.Kind)
            {
                case PartKind.Literal:
                    part.Text.AsSpan().CopyTo(destination.Slice(written));
                    written += part.Text!.Length;
                    break;
                case PartKind.Whole:
                    value.CopyTo(destination.Slice(written));
                    written += value.Length;
                    break;
                default:
                    var walk = part.Text!;
                    for (int i = 0; i < walk.Length && i < value.Length; i++)
                    {
                        if (walk[i] == '~')
                        {
                            destination[written++] = value[i];
                        }
                    }

                    break;
            }
        }

        return written;
    }

    /// <summary>Whether the translation uses the field's value (<c>*</c>, <c>~</c> or <c>^</c>); otherwise it is a constant.</summary>
    internal bool UsesValue => _usesValue;

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Whether two translations are written the same.</summary>
    /// <param name="other">The other translation.</param>
    public bool Equals(TranslationTemplate? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TranslationTemplate);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    private static void Append(StringBuilder builder, ReadOnlySpan<char> value)
    {
        foreach (char c in value)
        {
            builder.Append(c);
        }
    }

    private enum PartKind : byte
    {
        Literal,
        Whole,
        Walk,
    }

    private readonly record struct Part(PartKind Kind, string? Text);
}
