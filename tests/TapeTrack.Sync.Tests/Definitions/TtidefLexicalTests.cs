using System.Collections.Generic;
using System.Linq;
using TapeTrack.Sync.Definitions;

namespace TapeTrack.Sync.Tests.Definitions;

public class TtidefLexicalTests
{
    [Fact]
    public void A_caller_variable_is_replaced_and_its_name_is_case_insensitive()
    {
        var loader = Ttidef.Loader(new Dictionary<string, string> { ["dir"] = "/data" });

        var definition = Ttidef.Load("""SetFile("%DIR%/in.csv");""", loader);

        Assert.Equal("/data/in.csv", definition.InputFile);
    }

    [Fact]
    public void An_environment_variable_is_used_when_the_caller_gives_none()
    {
        var loader = Ttidef.Loader(environment: name => name == "TT_VAR" ? "/env" : null);

        var definition = Ttidef.Load("""SetFile("%TT_VAR%\in.csv");""", loader);

        Assert.Equal(@"/env\in.csv", definition.InputFile);
    }

    [Fact]
    public void A_caller_variable_wins_over_the_environment()
    {
        var loader = Ttidef.Loader(new Dictionary<string, string> { ["SITE"] = "caller" }, name => "environment");

        var definition = Ttidef.Load("""SetLiteral(DESCRIPTION, "%SITE%");""", loader);

        Assert.Contains(new LiteralValue(SyncField.Description, "caller"), definition.Literals);
    }

    [Fact]
    public void The_default_options_read_the_process_environment()
    {
        System.Environment.SetEnvironmentVariable("TAPETRACK_SYNC_TEST_SITE", "from-env");
        var definition = new TtidefLoader().Parse("SetLiteral(DESCRIPTION, \"%TAPETRACK_SYNC_TEST_SITE%\");\n" + Ttidef.Required);

        Assert.Contains(new LiteralValue(SyncField.Description, "from-env"), definition.Literals);
    }

    [Theory]
    [InlineData("%%d/%%m/%%Y", "%d/%m/%Y")]
    [InlineData("100%%", "100%")]
    [InlineData("a%%%%b", "a%%b")]
    [InlineData("%X%-%X%", "x-x")]
    public void Double_percent_is_one_percent_and_variables_are_replaced(string written, string value)
    {
        var loader = Ttidef.Loader(new Dictionary<string, string> { ["X"] = "x" });

        var definition = Ttidef.Load($"SetLiteral(DESCRIPTION, \"{written}\");", loader);

        Assert.Contains(new LiteralValue(SyncField.Description, value), definition.Literals);
    }

    [Fact]
    public void A_variable_value_is_not_expanded_again()
    {
        var loader = Ttidef.Loader(new Dictionary<string, string> { ["A"] = "%B%", ["B"] = "no" });

        var definition = Ttidef.Load("""SetLiteral(DESCRIPTION, "%A%");""", loader);

        Assert.Contains(new LiteralValue(SyncField.Description, "%B%"), definition.Literals);
    }

    [Fact]
    public void An_error_in_a_filter_made_from_a_variable_points_at_the_variable()
    {
        var loader = Ttidef.Loader(new Dictionary<string, string> { ["P"] = "A[" });

        var diagnostics = Ttidef.FailWithRequired("""AddExclusionOnValue(VOLUME, "%P%");""", loader);

        Assert.Equal(new[] { "t.ttidef:1:30: error: malformed filter \"A[\": '[' is not closed by ']'" }, diagnostics);
    }

    [Fact]
    public void Typographic_quotes_are_accepted_as_quotes_with_a_warning()
    {
        var definition = Ttidef.Load("AddTranslation(REPOSITORY, \u201CLibrary\u201D, \u201DLIBR\u201D);");

        var translation = Assert.Single(definition.Translations);
        Assert.Equal(("Library", "LIBR"), (translation.Filter.Text, translation.Translation.Text));
        Assert.Equal(
            new[]
            {
                "t.ttidef:1:28: warning: typographic quotes (\u201C \u201D) are taken as '\"'; write plain double quotes",
                "t.ttidef:1:39: warning: typographic quotes (\u201C \u201D) are taken as '\"'; write plain double quotes",
            },
            Ttidef.Warnings(definition));
    }

    [Fact]
    public void Typographic_quotes_inside_a_plain_quoted_string_are_characters_of_it()
    {
        // TMSS10Sync reads these as ordinary characters: a report written by Word or Excel holds them
        var definition = Ttidef.Load("AddExclusionOnValue(DESCRIPTION, \"*\u201CDO NOT USE\u201D*\");\nExtract(DESCRIPTION, 20, 30, 0);");

        var exclusion = Assert.Single(definition.Exclusions);
        Assert.Equal("*\u201CDO NOT USE\u201D*", exclusion.Filter.Text);
        Assert.True(exclusion.Filter.IsMatch("weekly \u201CDO NOT USE\u201D copy"));
        Assert.Empty(Ttidef.Warnings(definition));
    }

    [Fact]
    public void A_plain_quoted_string_closed_by_a_typographic_quote_is_unterminated_and_says_why()
    {
        var diagnostics = Ttidef.FailWithRequired("AddString(HEADER, 0, \"1*\u201D);");

        Assert.Equal(new[] { "t.ttidef:1:22: error: unterminated string: a string must end with '\"' on the line it starts (a typographic quote \u201C or \u201D does not end a string that starts with '\"')" }, diagnostics);
    }

    [Fact]
    public void A_string_ends_on_its_own_line_and_the_next_statement_is_still_read()
    {
        var diagnostics = Ttidef.FailWithRequired("SetLiteral(SLOT, \"open\nExtract(SLOTT, 0, 4, 0);");

        Assert.Equal(
            new[]
            {
                "t.ttidef:1:18: error: unterminated string: a string must end with '\"' on the line it starts",
                "t.ttidef:2:9: error: unknown field 'SLOTT'; did you mean 'SLOT'?",
            },
            diagnostics);
    }

    [Fact]
    public void Line_endings_of_every_kind_count_lines()
    {
        var diagnostics = Ttidef.Fail("SetLiteral(CUSTOMER, \"US01\");\r\nSetLiteral(MEDIA, \"LTO\");\rExtract(VOLUME, 0, 8, 0);\nExtract(VOLUMEE, 0, 1, 0);");

        Assert.Equal(new[] { "t.ttidef:4:9: error: unknown field 'VOLUMEE'; did you mean 'VOLUME'?" }, diagnostics);
    }

    [Fact]
    public void A_tab_delimiter_escape_is_only_for_SetCSVDelimiter()
    {
        var definition = Ttidef.Load("""SetLiteral(DESCRIPTION, "a\tb");""");

        Assert.Contains(new LiteralValue(SyncField.Description, @"a\tb"), definition.Literals);
    }
}
