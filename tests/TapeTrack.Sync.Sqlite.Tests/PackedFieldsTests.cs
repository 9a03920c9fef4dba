using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Sqlite.Tests;

/// <summary>The text a volume's fields are kept in since schema 4 (one per volume row).</summary>
public sealed class PackedFieldsTests
{
    [Fact]
    public void Fields_are_packed_by_name_in_ordinal_order_with_their_utf8_lengths()
    {
        var volume = new Volume("V1", "LIBR", null, 1, new Dictionary<string, string>
        {
            [VolumeFields.MoveDate] = "2026-03-01",
            [VolumeFields.Description] = "Bänder",
            ["ATTRIBUTE1"] = "12:3",
        });

        Assert.Equal("10:ATTRIBUTE14:12:311:DESCRIPTION7:Bänder8:MOVEDATE10:2026-03-01", PackedFields.Pack(volume));
    }

    [Fact]
    public void A_volume_without_fields_packs_to_null_and_null_unpacks_to_none()
    {
        Assert.Null(PackedFields.Pack(new Volume("V1", "LIBR", null, 1)));
        Assert.Empty(PackedFields.Unpack(null));
    }

    [Fact]
    public void Any_text_comes_back_as_it_went_in_from_the_string_and_in_place_from_utf8()
    {
        var fields = new Dictionary<string, string>
        {
            [VolumeFields.Description] = "1:2:3 ☃ \U0001F4BE",
            ["ATTRIBUTE2"] = "0",
            ["ATTRIBUTE3"] = new string('x', 1000),
            ["ÜBER"] = ":",
        };
        string packed = PackedFields.Pack(new Volume("V1", "LIBR", null, 1, fields))!;

        Assert.Equal(fields.OrderBy(f => f.Key, StringComparer.Ordinal), PackedFields.Unpack(packed).OrderBy(f => f.Key, StringComparer.Ordinal));
        ReadOnlySpan<byte> rest = Encoding.UTF8.GetBytes(packed);
        var read = new List<KeyValuePair<string, string>>();
        while (PackedFields.Next(ref rest, out var name, out var value))
        {
            read.Add(new(Encoding.UTF8.GetString(name.ToArray()), Encoding.UTF8.GetString(value.ToArray())));
        }

        Assert.Equal(fields.OrderBy(f => f.Key, StringComparer.Ordinal), read);
    }

    [Theory]
    [InlineData("11:DESCRIPTION")]
    [InlineData("11:DESCRIPTION9:short")]
    [InlineData("DESCRIPTION")]
    [InlineData(":x1:y")]
    [InlineData("99999999999:x")]
    public void A_damaged_text_is_refused(string packed)
    {
        var error = Assert.Throws<FormatException>(() => PackedFields.Unpack(packed));
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }
}
