using System;
using System.Linq;
using TapeTrack.Sync.Import;

namespace TapeTrack.Sync.Tests.Import;

/// <summary>
/// The control-character test of values (a volume id with one is an error, sync.md), whose values of 8 to 16
/// characters are tested sixteen bytes at a time, against the rule tested one character at a time.
/// </summary>
public class ControlTextTests
{
    // a control character is below a space (but TAB) or from DEL to U+009F
    private static bool IsControl(char c) => (c < ' ' && c != '\t') || (c >= '\x7F' && c <= '\x9F');

    [Fact]
    public void Values_of_every_length_have_a_control_character_exactly_where_one_character_is()
    {
        // printable ASCII, TAB, the edges of the control ranges and what lies beyond them
        char[] pieces = { 'A', '0', ' ', '~', '\t', '\0', '\x1F', '\x7F', '\x80', '\x9F', '\xA0', 'é', '€', '\uFFFD', '\r', '\n' };
        var random = new Random(14);
        int withControl = 0;
        int vectorLength = 0;
        for (int i = 0; i < 20_000; i++)
        {
            int length = random.Next(0, 24);
            var value = new char[length];
            for (int c = 0; c < length; c++)
            {
                // mostly printable, so that a value has at most one or two others, anywhere in it
                value[c] = random.Next(8) == 0 ? pieces[random.Next(pieces.Length)] : (char)random.Next(' ', '~' + 1);
            }

            bool expected = value.Any(IsControl);
            Assert.True(expected == ControlText.HasControl(value.AsSpan()), $"'{ControlText.Escape(new string(value))}' (length {length})");
            withControl += expected ? 1 : 0;
            vectorLength += length is >= 8 and <= 16 ? 1 : 0;
        }

        Assert.InRange(withControl, 5_000, 15_000);
        Assert.True(vectorLength > 5_000, $"{vectorLength} values of 8 to 16 characters");
    }

    [Theory]
    [InlineData("000123L6", false)]
    [InlineData("000123L\u0007", true)]
    [InlineData("\u0007000123L6", true)]
    [InlineData("0001\u007F23L6abcdefgh", true)]
    [InlineData("0001\t23L6", false)]
    [InlineData("A00000L6\u0085", true)]
    [InlineData("Bibliothèque-Ost", false)]
    public void A_value_has_a_control_character_when_one_of_its_characters_is(string value, bool expected) =>
        Assert.Equal(expected, ControlText.HasControl(value.AsSpan()));
}
