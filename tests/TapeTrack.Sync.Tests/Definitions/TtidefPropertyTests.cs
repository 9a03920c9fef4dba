using System;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TapeTrack.Sync.Definitions;

namespace TapeTrack.Sync.Tests.Definitions;

public class TtidefPropertyTests
{
    // Pieces of the definition language, so that generated text gets past the lexer into the parser and binder.
    private static readonly string[] Vocabulary =
    {
        "SetFile", "SetCSVDelimiter", "SetODBC", "SetHeaderCount", "AddString", "Extract", "SetLiteral", "RemoveSpaces",
        "AddExclusionOnValue", "AddTranslation", "AddTranslation2", "SetMoveDateFormat", "SetWriteTimeFormat",
        "AddMoveDateAdjustment", "AddRepositoryOnWriteTime", "AddRepositoryOnMoveDate", "AddSkipOnRepositoryChange",
        "Include", "VOLUME", "CUSTOMER", "MEDIA", "MOVEDATE", "WRITETIME", "SCRATCH", "USER1", "REPOSITORY_DESC",
        "HEADER", "TERMINATE", "(", ")", ",", ";", "\"", "\u201C", "\u201D", "\"*\"", "\"A*\"", "\"[0-9\"", "\"(a|b)\"",
        "\"%%Y-%%m\"", "\"%X%\"", "\"%\"", "\"7\"", "\"\\t\"", "0", "1", "-1", "99999999999", "#", "\n", "\r", " ",
        "\"!([0-9]*\"", "\"~~^*\"", "@", "\0", "\"Include.ttidef\"",
    };

    private static readonly TtidefLoader Loader = new(new TtidefLoaderOptions { EnvironmentVariables = null });

    [Property(MaxTest = 300)]
    public bool Parse_of_any_text_ends_in_a_definition_or_a_DefinitionException(string? text) => ParsesOrRefuses(text ?? string.Empty);

    [Property(MaxTest = 500)]
    public Property Parse_of_any_sequence_of_language_pieces_ends_in_a_definition_or_a_DefinitionException() =>
        Prop.ForAll(
            Gen.Elements(Vocabulary).ListOf().Select(pieces => string.Concat(pieces)).ToArbitrary(),
            ParsesOrRefuses);

    [Property(MaxTest = 1000)]
    public Property Pattern_agrees_with_a_regex_reference(bool negated) =>
        Prop.ForAll(
            // At most 12 pieces: two-way alternatives then stay within the 4096 the matcher accepts.
            Gen.Choose(0, PatternPieces.Length - 1).ArrayOf().Resize(12).ToArbitrary(),
            Gen.Elements('a', 'b', 'c', '1', '|').ArrayOf().Select(chars => new string(chars)).ToArbitrary(),
            (pieces, value) =>
            {
                var pattern = new StringBuilder(negated ? "!" : string.Empty);
                var regex = new StringBuilder();
                foreach (int piece in pieces)
                {
                    pattern.Append(PatternPieces[piece].Pattern);
                    regex.Append(PatternPieces[piece].Regex);
                }

                bool expected = Regex.IsMatch(value, @"\A(?:" + regex + @")\z", RegexOptions.Singleline | RegexOptions.CultureInvariant) != negated;
                return Pattern.Parse(pattern.ToString()).IsMatch(value) == expected;
            });

    [Fact]
    public void Parse_of_a_large_random_text_ends_in_a_DefinitionException_listing_at_most_201_diagnostics()
    {
        var random = new Random(20261125);
        var chars = new char[200_000];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next(0, 0x3000);
        }

        var e = Assert.Throws<DefinitionException>(() => Loader.Parse(new string(chars), "p.ttidef"));

        Assert.InRange(e.Errors.Count(), 1, 201);
    }

    private static readonly (string Pattern, string Regex)[] PatternPieces =
    {
        ("a", "a"), ("b", "b"), ("1", "1"), ("*", ".*"), ("?", "."), ("[ab]", "[ab]"), ("[!a]", "[^a]"),
        ("[a-c]", "[a-c]"), ("[1|c]", "[1c]"), ("(a|b*)", "(?:a|b.*)"), ("(ab|c?)", "(?:ab|c.)"), ("(?|[!b]1)", "(?:.|[^b]1)"),
    };

    private static bool ParsesOrRefuses(string text)
    {
        try
        {
            var definition = Loader.Parse(text, "p.ttidef");
            return definition.Warnings.All(w => w.Severity == DiagnosticSeverity.Warning);
        }
        catch (DefinitionException e)
        {
            return e.Errors.Any() && !e.Diagnostics.Any(d => d.Message.StartsWith("internal error", StringComparison.Ordinal));
        }
    }
}
