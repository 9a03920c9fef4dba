using System;
using TapeTrack.Sync.Definitions;

namespace TapeTrack.Sync.Tests.Definitions;

public class PatternTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "anything", true)]
    [InlineData("?", "a", true)]
    [InlineData("?", "", false)]
    [InlineData("?", "ab", false)]
    [InlineData("A*", "ABC", true)]
    [InlineData("A*", "BA", false)]
    [InlineData("*Z", "xyZ", true)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b", "aXbYc", false)]
    [InlineData("A12345678", "A12345678", true)]
    [InlineData("A1234567", "A12345678", false)]
    public void Star_and_question_mark_match_runs_and_single_characters_of_the_whole_value(string pattern, string value, bool matches)
    {
        Assert.Equal(matches, Pattern.Parse(pattern).IsMatch(value));
    }

    [Theory]
    [InlineData("[abc]", "b", true)]
    [InlineData("[abc]", "d", false)]
    [InlineData("[a-z]9", "q9", true)]
    [InlineData("[a-z]9", "Q9", false)]
    [InlineData("[4|5]", "4", true)]
    [InlineData("[4|5]", "5", true)]
    [InlineData("[4|5]", "|", false)]
    [InlineData("[!0-9]", "x", true)]
    [InlineData("[!0-9]", "5", false)]
    [InlineData("[a-]", "-", true)]
    public void A_set_matches_one_character_of_it_or_not_of_it(string pattern, string value, bool matches)
    {
        Assert.Equal(matches, Pattern.Parse(pattern).IsMatch(value));
    }

    [Theory]
    [InlineData("(LIB|OFF)*", "OFFSITE", true)]
    [InlineData("(LIB|OFF)*", "LIBRARY", true)]
    [InlineData("(LIB|OFF)*", "RACK", false)]
    [InlineData("(A?|B*)1", "AX1", true)]
    [InlineData("(A?|B*)1", "B1", true)]
    [InlineData("(A?|B*)1", "A1", false)]
    [InlineData("X(1|2)(a|b)", "X2a", true)]
    [InlineData("X(1|2)(a|b)", "X3a", false)]
    [InlineData("((a|b)|c)", "c", true)]
    public void Alternatives_match_any_of_their_branches(string pattern, string value, bool matches)
    {
        Assert.Equal(matches, Pattern.Parse(pattern).IsMatch(value));
    }

    [Theory]
    [InlineData("!CLN*", "CLN001", false)]
    [InlineData("!CLN*", "A00001", true)]
    [InlineData("!", "", false)]
    [InlineData("!([0-9]*", "123", false)]
    [InlineData("!([0-9]*", "A12", true)]
    public void A_leading_exclamation_mark_negates_the_whole_pattern(string pattern, string value, bool matches)
    {
        Assert.Equal(matches, Pattern.Parse(pattern).IsMatch(value));
    }

    [Theory]
    [InlineData("abc", "ABC")]
    [InlineData("[a-z]", "Q")]
    public void Matching_is_case_sensitive(string pattern, string value)
    {
        Assert.False(Pattern.Parse(pattern).IsMatch(value));
    }

    [Fact]
    public void The_published_unclosed_example_is_closed_at_its_end_with_a_warning()
    {
        var pattern = Pattern.Parse("!([0-9]*");

        Assert.Equal("'(' at position 2 is not closed; it is closed at the end of the pattern", pattern.Warning);
    }

    [Theory]
    [InlineData("[abc", 0, "'[' is not closed by ']'")]
    [InlineData("AB[0-9", 2, "'[' is not closed by ']'")]
    [InlineData("(A|B", 0, "'(' is not closed by ')'")]
    [InlineData("x(A", 1, "'(' is not closed by ')'")]
    [InlineData("!([0-9]", 1, "'(' is not closed by ')'")]
    [InlineData("[]", 0, "'[]' is an empty set")]
    [InlineData("[z-a]", 1, "the range 'z-a' runs backwards")]
    public void A_malformed_pattern_is_refused_with_its_position(string text, int position, string message)
    {
        var e = Assert.Throws<PatternException>(() => Pattern.Parse(text));

        Assert.Equal((position, message), (e.Position, e.Message));
    }

    [Fact]
    public void Deep_nesting_is_refused_rather_than_overflowing_the_stack()
    {
        var e = Assert.Throws<PatternException>(() => Pattern.Parse(new string('(', 100_000)));

        Assert.Contains("nested", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Alternatives_that_multiply_are_matched_without_expanding_them()
    {
        // 4^30 sequences if expanded
        var pattern = Pattern.Parse(string.Concat(System.Linq.Enumerable.Repeat("(a|b|c|d)", 30)));
        var value = string.Concat(System.Linq.Enumerable.Repeat("abcd", 7)) + "dc";

        Assert.True(pattern.IsMatch(value));
        Assert.False(pattern.IsMatch(value.Substring(1) + "e"));
        Assert.False(pattern.IsMatch(value.Substring(1)));
    }

    [Fact]
    public void A_filter_as_long_as_TapeTrack_documents_256_characters_is_accepted_and_matches()
    {
        // a 132-column report heading written out in full, as AddString filters (up to 256 characters) allow
        string heading = " VOLUME    STATE            LAST UPDATE          DESCRIPTION" + new string(' ', 40) + "LOCATION   POOL          EXPIRES   ";
        var pattern = Pattern.Parse(heading + heading.Substring(0, 256 - heading.Length - 1) + "*");

        Assert.True(pattern.IsMatch(heading + heading.Substring(0, 256 - heading.Length - 1) + " and more"));
        Assert.False(pattern.IsMatch(heading));
    }

    [Fact]
    public void A_pattern_with_more_positions_than_the_limit_is_refused_where_it_passes_it()
    {
        var e = Assert.Throws<PatternException>(() => Pattern.Parse(new string('?', Pattern.MaxPositions) + "ab"));

        Assert.Equal(Pattern.MaxPositions, e.Position);
        Assert.Contains($"more than {Pattern.MaxPositions} characters", e.Message, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(*a|a*)(*a|a*)(*a|a*)(*a|a*)(*a|a*)(*a|a*)(*a|a*)(*a|a*)(*a|a*)(*a|a*)(*a|a*)(*a|a*)b", "aaaaaaaaaaaab", true)]
    [InlineData("(*a|a*)(*a|a*)(*a|a*)(*a|a*)(*a|a*)(*a|a*)(*a|a*)(*a|a*)(*a|a*)(*a|a*)(*a|a*)(*a|a*)b", "aaab", false)]
    [InlineData("(*a|a*)(*a|a*)b", "aaaa", false)]
    [InlineData("*a*", "xxaxx", true)]
    [InlineData("a*b*c", "abbbbc", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("(A|B)*(1|2)", "Axyz2", true)]
    [InlineData("(A|B)*(1|2)", "Cxyz2", false)]
    [InlineData("((A|)B|C)", "B", true)]
    [InlineData("((A|)B|C)", "AB", true)]
    [InlineData("((A|)B|C)", "AC", false)]
    [InlineData("", "", true)]
    [InlineData("", "x", false)]
    [InlineData("*", "", true)]
    [InlineData("[!0-9]é?", "xéz", true)]
    [InlineData("Ω*", "ΩLTO", true)]
    public void The_automaton_matches_as_the_language_says(string text, string value, bool expected)
    {
        Assert.Equal(expected, Pattern.Parse(text).IsMatch(value));
    }

    [Fact]
    public async System.Threading.Tasks.Task The_costliest_accepted_pattern_on_the_longest_accepted_record_finishes_in_one_pass()
    {
        // every position live at once: the most work a step can take, on the longest record a source hands out
        var worst = Pattern.Parse(string.Concat(System.Linq.Enumerable.Repeat("(*a|a*)", Pattern.MaxPositions / 4)));
        var issue = Pattern.Parse(string.Concat(System.Linq.Enumerable.Repeat("(*a|a*)", 12)) + "b");
        var record = new string('a', new TapeTrack.Sync.Records.TextSourceOptions().MaxRecordLength);

        // a hang guard, not a timing: backtracking took 26 s for the 12-group pattern and far longer for the 64-group one
        var run = System.Threading.Tasks.Task.Run(() => (worst.IsMatch(record), issue.IsMatch(record), issue.IsMatch(record + "b")));

        var result = await run.WaitAsync(System.TimeSpan.FromSeconds(60));

        Assert.Equal((true, false, true), result);
    }

    [Fact]
    public void Patterns_written_the_same_are_equal()
    {
        Assert.Equal(Pattern.Parse("(A|B)*"), Pattern.Parse("(A|B)*"));
        Assert.NotEqual(Pattern.Parse("A*"), Pattern.Parse("B*"));
    }

    [Fact]
    public void Plain_and_prefix_patterns_match_exactly_as_the_automaton_does()
    {
        // the shortcuts for "Library" and "CLN*" (and their negations) against the general matcher, on values around them
        string[] patterns = { "Library", "CLN*", "!CLN*", "!Library", "*", "", "!", "A", "A*", "LIB|RARY", "a)b", "a)*", "ab**", "CLN*1", "*CLN", "CL?*", "[C]LN*", "(CLN)*" };
        string[] values = { string.Empty, "L", "Library", "Libraryx", "library", "Librar", "CLN", "CLN001L1", "CL", "xCLN", "A", "AB", "a)b", "a)", "a)bc", "ab", "ab*", "LIB|RARY", "*", "!", "CLN*1" };
        int compared = 0;
        foreach (var text in patterns)
        {
            var pattern = Pattern.Parse(text);
            foreach (var value in values)
            {
                Assert.True(pattern.IsMatchByAutomaton(value.AsSpan()) == pattern.IsMatch(value), $"'{text}' against '{value}'");
                compared++;
            }
        }

        Assert.Equal(patterns.Length * values.Length, compared);
        Assert.True(Pattern.Parse("CLN*").IsMatch("CLN001L1"));
        Assert.False(Pattern.Parse("!CLN*").IsMatch("CLN001L1"));
        Assert.True(Pattern.Parse("Library").IsMatch("Library"));
        Assert.False(Pattern.Parse("Library").IsMatch("Library "));
    }
}
