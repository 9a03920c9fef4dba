using System;
using System.Linq;
using TapeTrack.Sync.Definitions;

namespace TapeTrack.Sync.Tests.Definitions;

public class TranslationTests
{
    [Theory]
    [InlineData("A12345678", "~~~~~~", "A12345")]
    [InlineData("A12345678", "^^^~~~~~~L4", "345678L4")]
    [InlineData("A12345678", "*L3", "A12345678L3")]
    [InlineData("A12345678", "LIBR", "LIBR")]
    [InlineData("A12345678", "*-*", "A12345678-A12345678")]
    [InlineData("ABC", "~~~~~~", "ABC")]
    [InlineData("ABC", "^~", "B")]
    [InlineData("ABC", "X~^~", "XAC")]
    [InlineData("ABC", "", "")]
    public void A_translation_walks_and_copies_the_value(string value, string translation, string expected)
    {
        Assert.Equal(expected, TranslationTemplate.Parse(translation).Apply(value.AsSpan()));
    }

    [Fact]
    public void Translation_first_match_wins_within_a_pass()
    {
        var definition = Ttidef.Load("""
            AddTranslation(SLOT, "A*", "FIRST");
            AddTranslation(SLOT, "A1*", "SECND");
            AddTranslation(SLOT, "*", "*");
            """);

        // The loaded table keeps file order; the first entry whose filter matches is the one applied.
        var winner = definition.Translations.First(t => t.Field == SyncField.Slot && t.Filter.IsMatch("A123"));
        Assert.Equal("FIRST", winner.Translation.Apply("A123".AsSpan()));
        Assert.Equal(new[] { "A*", "A1*", "*" }, definition.Translations.Select(t => t.Filter.Text));
    }

    [Fact]
    public void Second_pass_translations_are_kept_apart_from_the_first_pass()
    {
        var definition = Ttidef.Load("""
            Extract(USER1, 20, 4, 0);
            AddTranslation2(SLOT, USER1, "V*", "VAULT");
            AddTranslation(SLOT, "*", "S*");
            """);

        Assert.Equal("S*", Assert.Single(definition.Translations).Translation.Text);
        Assert.Equal(SyncField.User1, Assert.Single(definition.SecondPassTranslations).ConditionField);
    }
}
