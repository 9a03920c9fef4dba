using System;
using TapeTrack.Sync.Import;

namespace TapeTrack.Sync.Tests.Import;

/// <summary>
/// The equality the unchanged-record lane compares values with (its values of 4 to 16 characters as two overlapping
/// blocks), against <see cref="MemoryExtensions.SequenceEqual{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>.
/// </summary>
public class ShortTextTests
{
    [Fact]
    public void Values_of_every_length_are_equal_exactly_when_their_characters_are()
    {
        // each value a slice of a larger array, so that a read past either end would take in other characters
        var random = new Random(14);
        var left = new char[64];
        var right = new char[64];
        int equal = 0;
        for (int i = 0; i < 50_000; i++)
        {
            int length = random.Next(0, 24);
            int leftAt = random.Next(0, 20);
            int rightAt = random.Next(0, 20);
            for (int c = 0; c < left.Length; c++)
            {
                left[c] = (char)random.Next(' ', '~' + 1);
                right[c] = (char)random.Next(' ', '~' + 1);
            }

            Array.Copy(left, leftAt, right, rightAt, length);
            int change = random.Next(3);
            if (change == 1 && length > 0)
            {
                // one character other, anywhere, by as little as one bit in either of its bytes
                int at = random.Next(length);
                right[rightAt + at] ^= (char)(1 << random.Next(16));
            }

            int rightLength = change == 2 ? Math.Max(0, length + random.Next(-1, 2)) : length;
            var a = new ReadOnlySpan<char>(left, leftAt, length);
            var b = new ReadOnlySpan<char>(right, rightAt, rightLength);
            bool expected = a.SequenceEqual(b);
            Assert.True(expected == ShortText.Same(a, b), $"'{a.ToString()}' and '{b.ToString()}'");
            equal += expected ? 1 : 0;
        }

        Assert.InRange(equal, 15_000, 40_000);
    }

    [Theory]
    [InlineData("C001", "C001", true)]
    [InlineData("C001", "C002", false)]
    [InlineData("000123L6", "000123L6", true)]
    [InlineData("000123L6", "100123L6", false)]
    [InlineData("000123L6", "000123L7", false)]
    [InlineData("2026-01-05", "2026-01-05", true)]
    [InlineData("2026-01-05", "2026-01-06", false)]
    [InlineData("weekly_full", "weekly_fulL", false)]
    [InlineData("0123456789abcdef", "0123456789abcdef", true)]
    [InlineData("0123456789abcdef", "x123456789abcdef", false)]
    [InlineData("", "", true)]
    [InlineData("a", "b", false)]
    [InlineData("LIBR", "LIBRARY", false)]
    [InlineData("é€", "é€", true)]
    [InlineData("ab\u0100c", "ab\u0000c", false)]
    public void Known_values_compare_as_ordinal_text(string value, string text, bool same) =>
        Assert.Equal(same, ShortText.Same(value.AsSpan(), text.AsSpan()));
}
