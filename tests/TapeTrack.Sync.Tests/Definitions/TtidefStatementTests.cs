using System.Linq;
using TapeTrack.Sync.Definitions;

namespace TapeTrack.Sync.Tests.Definitions;

public class TtidefStatementTests
{
    [Fact]
    public void SetFile_takes_the_path_literally_without_backslash_escapes()
    {
        var definition = Ttidef.Load("""SetFile("c:\tapetrack\var\in.csv");""");

        Assert.Equal(@"c:\tapetrack\var\in.csv", definition.InputFile);
    }

    [Fact]
    public void Without_SetFile_the_input_is_standard_input_and_fixed_position()
    {
        var definition = Ttidef.Load(string.Empty);

        Assert.Null(definition.InputFile);
        Assert.Equal(InputFormat.FixedPosition, definition.Format);
        Assert.Equal(1, definition.HeaderCount);
        Assert.Empty(definition.Warnings);
    }

    [Theory]
    [InlineData(",", ',')]
    [InlineData(";", ';')]
    [InlineData("|", '|')]
    [InlineData(@"\t", '\t')]
    public void SetCSVDelimiter_makes_the_input_delimited(string written, char delimiter)
    {
        var definition = Ttidef.Load($"SetCSVDelimiter(\"{written}\");");

        Assert.Equal(InputFormat.Delimited, definition.Format);
        Assert.Equal(delimiter, definition.Delimiter);
    }

    [Fact]
    public void SetODBC_reads_rows_of_a_query()
    {
        var definition = Ttidef.Load("""SetODBC("DSN=backup;UID=sync;PWD=secret", "SELECT volume FROM media");""");

        Assert.Equal(InputFormat.Odbc, definition.Format);
        Assert.Equal("DSN=backup;UID=sync;PWD=secret", definition.OdbcConnectionString);
        Assert.Equal("SELECT volume FROM media", definition.OdbcQuery);
    }

    [Fact]
    public void SetHeaderCount_sets_the_header_block_length()
    {
        var definition = Ttidef.Load("AddString(HEADER, 0, \"1*\");\nSetHeaderCount(7);");

        Assert.Equal(7, definition.HeaderCount);
    }

    [Theory]
    [InlineData("HEADER", RecordRuleType.Header)]
    [InlineData("exclusion", RecordRuleType.Exclusion)]
    [InlineData("Start", RecordRuleType.Start)]
    [InlineData("END", RecordRuleType.End)]
    [InlineData("terminate", RecordRuleType.Terminate)]
    public void AddString_takes_each_rule_type_in_any_case(string keyword, RecordRuleType type)
    {
        var definition = Ttidef.Load($"AddString({keyword}, 12, \"*TOTAL*\");");

        var rule = Assert.Single(definition.RecordRules);
        Assert.Equal(type, rule.Type);
        Assert.Equal(12, rule.Offset);
        Assert.Equal("*TOTAL*", rule.Filter.Text);
    }

    [Fact]
    public void AddString_rules_keep_file_order()
    {
        var definition = Ttidef.Load("AddString(EXCLUSION, 0, \"B*\");\nAddString(EXCLUSION, 0, \"A*\");\nAddString(START, 3, \"S\");");

        Assert.Equal(new[] { "B*", "A*", "S" }, definition.RecordRules.Select(r => r.Filter.Text));
    }

    [Fact]
    public void Extract_records_field_offset_length_and_record()
    {
        var definition = Ttidef.Load("AddString(HEADER, 0, \"1*\");\nSetHeaderCount(3);\nExtract(DESCRIPTION, 49, 30, 2);");

        Assert.Contains(new Extraction(SyncField.Description, 49, 30, 2), definition.Extractions);
        Assert.Contains(new Extraction(SyncField.Volume, 0, 8, 0), definition.Extractions);
    }

    [Theory]
    [InlineData("SCRATCH", "YES")]
    [InlineData("SCRATCH", "no")]
    [InlineData("ENCRYPTED", "True")]
    [InlineData("ENCRYPTED", "FALSE")]
    [InlineData("HIDDEN", "y")]
    [InlineData("MOVELOCK", "N")]
    [InlineData("SCRATCH", "1")]
    [InlineData("SCRATCH", "0")]
    public void SetLiteral_of_a_boolean_field_accepts_every_spelling(string field, string value)
    {
        var definition = Ttidef.Load($"SetLiteral({field}, \"{value}\");");

        Assert.True(SyncFields.TryParse(field, out var parsed));
        Assert.Contains(new LiteralValue(parsed, value), definition.Literals);
    }

    [Theory]
    [InlineData("USAGECOUNT", "12")]
    [InlineData("DESCRIPTION", "Monthly backups, kept 7 years")]
    [InlineData("USER20", "anything at all")]
    [InlineData("LOCATION", "OFFS")]
    public void SetLiteral_keeps_a_value_that_fits_the_field(string field, string value)
    {
        var definition = Ttidef.Load($"SetLiteral({field}, \"{value}\");");

        Assert.Contains(definition.Literals, l => l.Field.Name() == field && l.Value == value);
    }

    [Fact]
    public void SetLiteral_of_a_date_must_fit_the_move_date_format()
    {
        var definition = Ttidef.Load("SetMoveDateFormat(\"%%d/%%m/%%Y\");\nSetLiteral(EXPIRYDATE, \"31/12/2030\");");

        Assert.Contains(new LiteralValue(SyncField.ExpiryDate, "31/12/2030"), definition.Literals);
    }

    [Fact]
    public void RemoveSpaces_names_the_field_once()
    {
        var definition = Ttidef.Load("RemoveSpaces(VOLUME);\nremovespaces(volume);");

        Assert.Equal(new[] { SyncField.Volume }, definition.RemoveSpaces);
    }

    [Fact]
    public void AddExclusionOnValue_filters_the_final_value()
    {
        var definition = Ttidef.Load("""AddExclusionOnValue(VOLUME, "CLN*");""");

        var exclusion = Assert.Single(definition.Exclusions);
        Assert.Equal(SyncField.Volume, exclusion.Field);
        Assert.True(exclusion.Filter.IsMatch("CLN001"));
    }

    [Fact]
    public void AddTranslation_and_AddTranslation2_fill_two_ordered_tables()
    {
        var definition = Ttidef.Load("""
            AddTranslation(REPOSITORY, "Library", "LIBR");
            AddTranslation2(REPOSITORY, USER1, "vault*", "VALT");
            AddTranslation(REPOSITORY, "Offsite", "OFFS");
            Extract(USER1, 10, 8, 0);
            """);

        Assert.Equal(new[] { "LIBR", "OFFS" }, definition.Translations.Select(t => t.Translation.Text));
        Assert.All(definition.Translations, t => Assert.Null(t.ConditionField));
        var second = Assert.Single(definition.SecondPassTranslations);
        Assert.Equal(SyncField.Repository, second.Field);
        Assert.Equal(SyncField.User1, second.ConditionField);
        Assert.Equal("vault*", second.Filter.Text);
    }

    [Fact]
    public void SetMoveDateFormat_unescapes_double_percent()
    {
        var definition = Ttidef.Load("""SetMoveDateFormat("%%Y-%%m-%%d");""");

        Assert.Equal("%Y-%m-%d", definition.MoveDateFormat!.Text);
    }

    [Theory]
    [InlineData("SetWriteTimeFormat")]
    [InlineData("SetWriteDateFormat")]
    [InlineData("setwritedateformat")]
    public void SetWriteDateFormat_is_an_alias_of_SetWriteTimeFormat(string statement)
    {
        var definition = Ttidef.Load($"{statement}(\"%%m/%%d/%%Y %%H:%%M:%%S\");\nExtract(WRITEDATE, 28, 19, 0);");

        Assert.Equal("%m/%d/%Y %H:%M:%S", definition.WriteTimeFormat!.Text);
        Assert.Contains(new Extraction(SyncField.WriteTime, 28, 19, 0), definition.Extractions);
    }

    [Fact]
    public void AddMoveDateAdjustment_takes_signed_years_months_days()
    {
        var definition = Ttidef.Load("""AddMoveDateAdjustment(MEDIA, "LTO*", -1, 2, -3);""");

        var adjustment = Assert.Single(definition.MoveDateAdjustments);
        Assert.Equal((SyncField.Media, "LTO*", -1, 2, -3), (adjustment.Field, adjustment.Filter.Text, adjustment.Years, adjustment.Months, adjustment.Days));
    }

    [Theory]
    [InlineData("\"7\"", 0, 0, 7, 0)]
    [InlineData("7", 0, 0, 7, 0)]
    [InlineData("\"0:1\"", 0, 0, 1, 0)]
    [InlineData("\"12:0\"", 0, 0, 0, 12)]
    [InlineData("\"0:2:1:1\"", 1, 1, 2, 0)]
    [InlineData("\"1y2m3d4h\"", 1, 2, 3, 4)]
    [InlineData("\"2m\"", 0, 2, 0, 0)]
    public void AddRepositoryOnWriteTime_reads_every_duration_form(string time, int years, int months, int days, int hours)
    {
        var definition = Ttidef.Load($"AddRepositoryOnWriteTime(MEDIA, \"*\", {time}, \"OFFS\", \"0\");");

        var rule = Assert.Single(definition.RepositoryOnWriteTimeRules);
        Assert.Equal(new SyncDuration(years, months, days, hours), rule.Within);
        Assert.Equal("OFFS", rule.Repository);
        Assert.True(rule.MoveDateAfter.IsZero);
    }

    [Fact]
    public void AddRepositoryOnMoveDate_proposes_a_repository()
    {
        var definition = Ttidef.Load("""AddRepositoryOnMoveDate(VOLUME, "A*", "3", "LIBR");""");

        var rule = Assert.Single(definition.RepositoryOnMoveDateRules);
        Assert.Equal((SyncField.Volume, "A*", new SyncDuration(0, 0, 3, 0), "LIBR"), (rule.Field, rule.Filter.Text, rule.Within, rule.Repository));
    }

    [Fact]
    public void AddSkipOnRepositoryChange_takes_three_filters()
    {
        var definition = Ttidef.Load("""AddSkipOnRepositoryChange("OFFS", "(LIBR|RACK)", "*");""");

        var rule = Assert.Single(definition.SkipOnRepositoryChangeRules);
        Assert.Equal(("OFFS", "(LIBR|RACK)", "*"), (rule.Proposed.Text, rule.Target.Text, rule.Current.Text));
    }

    [Fact]
    public void Names_keywords_and_fields_are_case_insensitive()
    {
        var definition = new TtidefLoader(new TtidefLoaderOptions { EnvironmentVariables = null }).Parse("""
            setcsvdelimiter(",");
            SETLITERAL(customer, "US01");
            sEtLiTeRaL(Media, "LTO");
            EXTRACT(volume, 1, 10, 0);
            addstring(exclusion, 0, "x");
            """);

        Assert.Equal(InputFormat.Delimited, definition.Format);
        Assert.Equal(RecordRuleType.Exclusion, Assert.Single(definition.RecordRules).Type);
        Assert.Equal("<text>", definition.SourceName);
    }

    [Fact]
    public void A_statement_may_span_lines_and_carry_comments()
    {
        var definition = Ttidef.Load("""
            # a comment line
            AddTranslation(   # why: the product prints names
                REPOSITORY,
                "Lib#1",       # '#' inside a string is text
                "LIBR"
            )
            ;
            """);

        var translation = Assert.Single(definition.Translations);
        Assert.Equal("Lib#1", translation.Filter.Text);
        Assert.Equal("LIBR", translation.Translation.Text);
    }

    [Fact]
    public void Empty_statements_and_a_byte_order_mark_are_harmless()
    {
        var definition = Ttidef.Loader().Parse("\uFEFF;;" + Ttidef.Required + ";", Ttidef.Name);

        Assert.Equal(3, definition.Extractions.Count + definition.Literals.Count);
    }
}
