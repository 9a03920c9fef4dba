using TapeTrack.Sync.Definitions;

namespace TapeTrack.Sync.Tests.Definitions;

/// <summary>Every error and warning, with the exact position it is reported at.</summary>
public class TtidefDiagnosticTests
{
    [Theory]
    [InlineData("SetCSVDelimeter(\",\");", "t.ttidef:1:1: error: unknown statement 'SetCSVDelimeter'; did you mean 'SetCSVDelimiter'?")]
    [InlineData("addtransaltion(SLOT, \"A\", \"B\");", "t.ttidef:1:1: error: unknown statement 'addtransaltion'; did you mean 'AddTranslation'?")]
    [InlineData("SetLiteral(VOLUMN, \"A\");", "t.ttidef:1:12: error: unknown field 'VOLUMN'; did you mean 'VOLUME'?")]
    [InlineData("SetLiteral(SLOT, \"A\", \"B\");", "t.ttidef:1:23: error: too many arguments: SetLiteral(FIELD, \"value\") takes 2 arguments, not 3")]
    [InlineData("Extract(SLOT, 0, 4);", "t.ttidef:1:19: error: too few arguments: Extract(FIELD, offset, length, record) takes 4 arguments, not 3")]
    [InlineData("Extract(SLOT, \"0\", 4, 0);", "t.ttidef:1:15: error: the offset must be a whole number, not a string")]
    [InlineData("Extract(SLOT, -1, 4, 0);", "t.ttidef:1:15: error: the offset must be 0 or more, not -1")]
    [InlineData("Extract(SLOT, 0, 0, 0);", "t.ttidef:1:18: error: the length must be 1 or more, not 0")]
    [InlineData("Extract(SLOT, 99999999999, 4, 0);", "t.ttidef:1:15: error: the number 99999999999 is too large")]
    [InlineData("Extract(\"SLOT\", 0, 4, 0);", "t.ttidef:1:9: error: a field must be a field name such as VOLUME (without quotes), not a string")]
    [InlineData("AddString(HEADR, 0, \"1*\");", "t.ttidef:1:11: error: unknown AddString type 'HEADR'; did you mean 'HEADER'? (HEADER, EXCLUSION, START, END or TERMINATE)")]
    [InlineData("AddString(EXCLUSION, -2, \"x\");", "t.ttidef:1:22: error: the offset must be 0 or more, not -2")]
    [InlineData("AddExclusionOnValue(VOLUME, \"AB[0-9\");", "t.ttidef:1:32: error: malformed filter \"AB[0-9\": '[' is not closed by ']'")]
    [InlineData("AddTranslation(SLOT, \"(A|B\", \"x\");", "t.ttidef:1:23: error: malformed filter \"(A|B\": '(' is not closed by ')'")]
    [InlineData("AddSkipOnRepositoryChange(\"*\", \"[z-a]\", \"*\");", "t.ttidef:1:34: error: malformed filter \"[z-a]\": the range 'z-a' runs backwards")]
    [InlineData("SetMoveDateFormat(\"%%Y-%%q\");", "t.ttidef:1:24: error: bad date format \"%Y-%q\": '%q' at position 4 is not a known date conversion (known: %Y %y %m %d %e %j %H %I %M %S %p %b %B %%)")]
    [InlineData("SetWriteTimeFormat(\"%%H:%%M\");", "t.ttidef:1:20: error: bad date format \"%H:%M\": the date format has no date conversion (%Y, %y, %m, %d, %e or %j)")]
    [InlineData("AddRepositoryOnMoveDate(MEDIA, \"*\", \"soon\", \"OFFS\");", "t.ttidef:1:37: error: the time \"soon\" is not a duration: write days (\"7\"), hours:days[:months[:years]] (\"0:1\") or \"1y2m3d4h\"")]
    [InlineData("AddRepositoryOnMoveDate(MEDIA, \"*\", \"7\", \"OFFSITE\");", "t.ttidef:1:42: error: the repository \"OFFSITE\" is longer than a repository id (4 characters)")]
    [InlineData("AddRepositoryOnWriteTime(MEDIA, \"*\", \"-2\", \"OFFS\", \"0\");", "t.ttidef:1:38: error: the time cannot be negative")]
    [InlineData("AddRepositoryOnWriteTime(MEDIA, \"*\", \"7\", \"OFFS\", \"99999y\");", "t.ttidef:1:51: error: the move date is longer than the calendar allows")]
    [InlineData("AddMoveDateAdjustment(MEDIA, \"*\", 0, 2000000000, 0);", "t.ttidef:1:35: error: the adjustment is larger than the calendar allows")]
    [InlineData("SetCSVDelimiter(\",,\");", "t.ttidef:1:17: error: the delimiter must be one character (or \"\\t\" for TAB) other than a quote, not \",,\"")]
    [InlineData("SetHeaderCount(0);", "t.ttidef:1:16: error: the header count must be 1 or more, not 0")]
    [InlineData("SetLiteral(SCRATCH, \"maybe\");", "t.ttidef:1:21: error: the value \"maybe\" is not a boolean for SCRATCH (YES/NO, TRUE/FALSE, Y/N or 1/0)")]
    [InlineData("SetLiteral(USAGECOUNT, \"many\");", "t.ttidef:1:24: error: the value \"many\" is not a whole number for USAGECOUNT")]
    [InlineData("SetLiteral(SLOT, \"ABCDEFGHIJK\");", "t.ttidef:1:18: error: the value \"ABCDEFGHIJK\" is 11 characters, longer than SLOT allows (10)")]
    [InlineData("AddTranslation(REPOSITORY, \"Library\", \"LIBRARY\");", "t.ttidef:1:39: error: the translation \"LIBRARY\" is 7 characters, longer than REPOSITORY allows (4)")]
    [InlineData("SetLiteral(SLOT, \"A\")", "t.ttidef:1:22: error: expected ';' after ')' of SetLiteral")]
    [InlineData("SetLiteral(SLOT, \"A);", "t.ttidef:1:18: error: unterminated string: a string must end with '\"' on the line it starts")]
    [InlineData("SetLiteral(SLOT, \"%SITE%\");", "t.ttidef:1:19: error: unknown variable '%SITE%' (give it to the loader or set it in the environment; write '%%' for a literal '%')")]
    [InlineData("SetLiteral(SLOT \"A\");", "t.ttidef:1:17: error: expected ',' or ')' after argument 1 of SetLiteral, found a string")]
    [InlineData("SetLiteral SLOT, \"A\");", "t.ttidef:1:12: error: expected '(' after 'SetLiteral', found 'SLOT'")]
    [InlineData("\"A\";", "t.ttidef:1:1: error: expected a statement name, found a string")]
    [InlineData("SetLiteral(SLOT, ,\"A\");", "t.ttidef:1:18: error: expected an argument (a name, a number or a string), found ','")]
    [InlineData("Include(\"\");", "t.ttidef:1:9: error: the path is empty")]
    [InlineData("Extract(SLOT, -, 4, 0);", "t.ttidef:1:15: error: unexpected character '-'")]
    [InlineData("SetLiteral(SLOT, 'A');", "t.ttidef:1:18: error: unexpected character '''; strings are written in double quotes")]
    [InlineData("Extract(MOVEDATE, 7, 10, 0);", "t.ttidef:1:1: error: MOVEDATE is given a value but the definition has no SetMoveDateFormat")]
    [InlineData("SetLiteral(MOUNTTIME, \"x\");", "t.ttidef:1:1: error: MOUNTTIME is given a value but the definition has no SetWriteTimeFormat")]
    [InlineData("SetMoveDateFormat(\"%%Y%%m%%d\");\nSetLiteral(EXPIRYDATE, \"20301399\");", "t.ttidef:2:24: error: the value \"20301399\" does not fit EXPIRYDATE's format \"%Y%m%d\"")]
    [InlineData("Extract(REPOSITORY, 5, 4, 0);\nSetLiteral(REPOSITORY_DESC, \"Offsite vault\");", "t.ttidef:2:1: error: REPOSITORY and REPOSITORY_DESC both propose a target (the other at t.ttidef:1:1); use one of them")]
    [InlineData("AddString(HEADER, 0, \"1*\");\nExtract(SLOT, 0, 4, 2);", "t.ttidef:2:21: error: record 2 of the header block is read, but a header block is 1 record(s) long (SetHeaderCount)")]
    [InlineData("SetCSVDelimiter(\",\");\nSetODBC(\"DSN=x\", \"q\");", "t.ttidef:2:1: error: SetODBC and SetCSVDelimiter (at t.ttidef:1:1) both choose the input; use one of them")]
    public void An_error_is_reported_at_its_exact_position(string lines, string expected)
    {
        Assert.Equal(new[] { expected }, Ttidef.FailWithRequired(lines));
    }

    [Theory]
    [InlineData("Extract(SLOT, 0, 4, 2);", "t.ttidef:1:21: warning: record 2 of the header block is read, but there is no AddString(HEADER, ...) rule, so the field is never set")]
    [InlineData("SetCSVDelimiter(\",\");\nExtract(SLOT, 1, 4, 2);", "t.ttidef:2:21: warning: the record number 2 is ignored for delimited and ODBC input")]
    [InlineData("SetFile(\"a\");\nSetFile(\"b\");", "t.ttidef:2:1: warning: SetFile is given again; this one replaces the one at t.ttidef:1:1")]
    [InlineData("AddTranslation2(SLOT, USER3, \"x\", \"y\");", "t.ttidef:1:23: warning: AddTranslation2 uses USER3, which no statement gives a value")]
    [InlineData("SetHeaderCount(3);", "t.ttidef:1:1: warning: SetHeaderCount has no effect without an AddString(HEADER, ...) rule")]
    [InlineData("SetCSVDelimiter(\",\");\nExtract(SLOT, 2, 20, 0);\nExtract(SLOT, 3, 20, 0);", "t.ttidef:3:1: warning: SLOT is extracted again; this Extract replaces the one at t.ttidef:2:1, whose value is never used")]
    [InlineData("SetLiteral(SLOT, \"  \");", "t.ttidef:1:18: warning: an empty value never changes a field: this SetLiteral does nothing to SLOT")]
    [InlineData("SetLiteral(DESCRIPTION, \"100% full\");", "t.ttidef:1:29: warning: a lone '%' is taken literally; write '%%' for a percent sign")]
    [InlineData("SetLiteral(SLOT, \u201CA12\u201D);", "t.ttidef:1:18: warning: typographic quotes (\u201C \u201D) are taken as '\"'; write plain double quotes")]
    [InlineData("AddExclusionOnValue(VOLUME, \"!([0-9]*\");", "t.ttidef:1:31: warning: filter \"!([0-9]*\": '(' at position 2 is not closed; it is closed at the end of the pattern")]
    public void A_warning_is_reported_at_its_exact_position_and_the_definition_loads(string lines, string expected)
    {
        var definition = Ttidef.Load(lines);

        Assert.Equal(new[] { expected }, Ttidef.Warnings(definition));
    }

    [Theory]
    [InlineData("SetLiteral(CUSTOMER, \"US01\");\nSetLiteral(MEDIA, \"LTO\");\nExtract(VOLUME, -1, 8, 0);", "t.ttidef:3:17: error: the offset must be 0 or more, not -1")]
    [InlineData("SetLiteral(CUSTOMER, \"%NOPE%\");\nSetLiteral(MEDIA, \"LTO\");\nExtract(VOLUME, 0, 8, 0);", "t.ttidef:1:23: error: unknown variable '%NOPE%' (give it to the loader or set it in the environment; write '%%' for a literal '%')")]
    [InlineData("SetMoveDateFormat(\"%%Q\");\nExtract(MOVEDATE, 7, 10, 0);\n" + Ttidef.Required, "t.ttidef:1:20: error: bad date format \"%Q\": '%Q' at position 1 is not a known date conversion (known: %Y %y %m %d %e %j %H %I %M %S %p %b %B %%)")]
    public void An_error_in_a_statement_is_not_followed_by_errors_that_it_caused(string text, string expected)
    {
        Assert.Equal(new[] { expected }, Ttidef.Fail(text));
    }

    [Fact]
    public void Missing_required_fields_are_reported_at_the_start_of_the_definition()
    {
        var diagnostics = Ttidef.Fail("SetLiteral(CUSTOMER, \"US01\");\n");

        Assert.Equal(
            new[]
            {
                "t.ttidef:1:1: error: no statement gives VOLUME a value (use Extract or SetLiteral)",
                "t.ttidef:1:1: error: no statement gives MEDIA a value (use Extract or SetLiteral)",
            },
            diagnostics);
    }

    [Fact]
    public void One_load_reports_every_error_of_the_file_in_order()
    {
        var diagnostics = Ttidef.FailWithRequired("""
            SetLitteral(SLOT, "A");
            SetLiteral(SLOT, "unterminated);
            Extract(SLOTS, 0, 4, 0);
            AddString(EXCLUSION, 0, "[x");
            SetLiteral(SYSTEM, "S1")
            SetLiteral(SYSTEM, "%NOPE%");
            """);

        Assert.Equal(
            new[]
            {
                "t.ttidef:1:1: error: unknown statement 'SetLitteral'; did you mean 'SetLiteral'?",
                "t.ttidef:2:18: error: unterminated string: a string must end with '\"' on the line it starts",
                "t.ttidef:3:9: error: unknown field 'SLOTS'; did you mean 'SLOT'?",
                "t.ttidef:4:26: error: malformed filter \"[x\": '[' is not closed by ']'",
                "t.ttidef:5:25: error: expected ';' after ')' of SetLiteral",
                "t.ttidef:6:21: error: unknown variable '%NOPE%' (give it to the loader or set it in the environment; write '%%' for a literal '%')",
            },
            diagnostics);
    }

    [Fact]
    public void Errors_and_warnings_are_listed_together_and_the_message_names_the_count()
    {
        var e = Assert.Throws<DefinitionException>(() => Ttidef.Loader().Parse("SetLiteral(SLOT, \u201CA\u201D);\nExtract(SLOT, 0, 0, 0);\n" + Ttidef.Required, Ttidef.Name));

        Assert.Equal(2, e.Diagnostics.Count);
        Assert.Equal(DiagnosticSeverity.Warning, e.Diagnostics[0].Severity);
        Assert.Single(e.Errors);
        Assert.StartsWith("The definition has 1 error:", e.Message, System.StringComparison.Ordinal);
        Assert.Contains("t.ttidef:2:18: error: the length must be 1 or more, not 0", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_errors_lists_two_hundred_and_says_there_are_more()
    {
        var diagnostics = Ttidef.FailWithRequired(string.Concat(System.Linq.Enumerable.Repeat("Nonsense();\n", 250)));

        Assert.Equal(201, diagnostics.Length);
        Assert.Equal("t.ttidef:1:1: error: unknown statement 'Nonsense'; did you mean 'Include'?", diagnostics[0]);
        Assert.Equal("t.ttidef:201:1: error: more than 200 errors; the rest are not listed", diagnostics[200]);
    }

    [Fact]
    public void A_huge_name_is_shortened_in_its_message()
    {
        var name = new string('Q', 100_000);

        var diagnostics = Ttidef.FailWithRequired(name + "();");

        Assert.Equal($"t.ttidef:1:1: error: unknown statement '{new string('Q', 64)}...'; did you mean 'SetFile'?", Assert.Single(diagnostics));
    }

    [Fact]
    public void Unexpected_characters_are_one_error_at_their_position_and_the_statement_is_passed_over()
    {
        var diagnostics = Ttidef.FailWithRequired("SetLiteral(SLOT, @A);");

        Assert.Equal(new[] { "t.ttidef:1:18: error: unexpected character '@'" }, diagnostics);
    }

    [Fact]
    public void A_connection_string_never_appears_in_a_message()
    {
        var diagnostics = Ttidef.FailWithRequired("SetODBC(\"DSN=x;PWD=hunter2\", \"q\", \"extra\");\nSetODBC(\"PWD=hunter2\", \" \");");

        Assert.DoesNotContain(diagnostics, d => d.Contains("hunter2", System.StringComparison.Ordinal));
        Assert.Equal(2, diagnostics.Length);
    }
}
