using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Sqlite;

/// <summary>
/// A volume's fields as the store keeps them since schema 4: one text in the volume's own row (issue 14: a scope
/// download is then one scan of one table), <see langword="null"/> when the volume has none. For each field, in
/// ordinal order of the names: the UTF-8 length of the name, a colon, the name, the UTF-8 length of the value, a
/// colon, the value; e.g. <c>11:DESCRIPTION6:weekly8:MOVEDATE10:2026-03-01</c>. Lengths rather than separators, so
/// any text can be a name or a value; the migration from schema 3 writes the same text in SQL.
/// </summary>
internal static class PackedFields
{
    /// <summary>The packed text of <paramref name="volume"/>'s fields; <see langword="null"/> when it has none.</summary>
    public static string? Pack(Volume volume)
    {
        if (volume.FieldCount == 0)
        {
            return null;
        }

        var fields = new List<KeyValuePair<string, string>>(volume.Fields);
        fields.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder();
        foreach (var pair in fields)
        {
            text.Append(Encoding.UTF8.GetByteCount(pair.Key).ToString(CultureInfo.InvariantCulture)).Append(':').Append(pair.Key)
                .Append(Encoding.UTF8.GetByteCount(pair.Value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(pair.Value);
        }

        return text.ToString();
    }

    /// <summary>The fields of a packed text (<see langword="null"/>: none), by name.</summary>
    /// <exception cref="FormatException">The text is not a packed field list.</exception>
    public static Dictionary<string, string> Unpack(string? packed)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(packed))
        {
            return fields;
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(packed);
        int at = 0;
        while (at < utf8.Length)
        {
            var (nameStart, nameLength) = Next(utf8, ref at);
            var (valueStart, valueLength) = Next(utf8, ref at);
            fields[Encoding.UTF8.GetString(utf8, nameStart, nameLength)] = Encoding.UTF8.GetString(utf8, valueStart, valueLength);
        }

        return fields;
    }

    /// <summary>The next field of a packed text read from its UTF-8 in place, moving <paramref name="rest"/> past it;
    /// false at the end.</summary>
    /// <exception cref="FormatException">The text is not a packed field list.</exception>
#if NET
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
#endif
    public static bool Next(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        if (rest.IsEmpty)
        {
            name = default;
            value = default;
            return false;
        }

        name = Item(ref rest);
        value = Item(ref rest);
        return true;
    }

#if NET
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
#endif
    private static ReadOnlySpan<byte> Item(ref ReadOnlySpan<byte> rest)
    {
        int length = 0;
        int i = 0;
        for (; i < rest.Length && rest[i] != (byte)':'; i++)
        {
            int digit = rest[i] - '0';
            if (digit is < 0 or > 9 || length > (int.MaxValue - digit) / 10)
            {
                throw Damaged();
            }

            length = (length * 10) + digit;
        }

        if (i == 0 || i == rest.Length || rest.Length - (i + 1) < length)
        {
            throw Damaged();
        }

        var item = rest.Slice(i + 1, length);
        rest = rest.Slice(i + 1 + length);
        return item;
    }

    private static (int Start, int Length) Next(byte[] utf8, ref int at)
    {
        ReadOnlySpan<byte> rest = utf8.AsSpan(at);
        int before = rest.Length;
        var item = Item(ref rest);
        int start = at + (before - rest.Length - item.Length);
        at += before - rest.Length;
        return (start, item.Length);
    }

    private static FormatException Damaged() => new("A volume's packed field list in the store is damaged.");
}
