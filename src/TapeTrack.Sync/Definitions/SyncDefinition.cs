using System.Collections.Generic;

namespace TapeTrack.Sync.Definitions;

/// <summary>
/// A loaded definition: how to read the input and turn each record into volume fields. Immutable.
/// Made by a definition loader from a <c>.ttidef</c> file, or in code by <see cref="SyncDefinitionBuilder"/>.
/// </summary>
public sealed class SyncDefinition
{
    internal SyncDefinition(SyncDefinitionBuilder builder, IReadOnlyList<DefinitionDiagnostic> warnings)
    {
        SourceName = builder.SourceNameValue;
        Format = builder.FormatValue;
        Delimiter = builder.DelimiterValue;
        InputFile = builder.InputFileValue;
        OdbcConnectionString = builder.OdbcConnectionStringValue;
        OdbcQuery = builder.OdbcQueryValue;
        HeaderCount = builder.HeaderCountValue;
        RecordRules = builder.RecordRuleList.ToArray();
        Extractions = builder.ExtractionList.ToArray();
        Literals = builder.LiteralList.ToArray();
        RemoveSpaces = builder.RemoveSpacesList.ToArray();
        Translations = builder.TranslationList.ToArray();
        SecondPassTranslations = builder.Translation2List.ToArray();
        Exclusions = builder.ExclusionList.ToArray();
        MoveDateFormat = builder.MoveDateFormatValue;
        WriteTimeFormat = builder.WriteTimeFormatValue;
        MoveDateAdjustments = builder.MoveDateAdjustmentList.ToArray();
        RepositoryOnWriteTimeRules = builder.RepositoryOnWriteTimeList.ToArray();
        RepositoryOnMoveDateRules = builder.RepositoryOnMoveDateList.ToArray();
        SkipOnRepositoryChangeRules = builder.SkipList.ToArray();
        Warnings = warnings;
        IncludedFiles = builder.IncludedFileList.ToArray();
        var set = new bool[SyncFields.Count];
        foreach (var extraction in Extractions)
        {
            set[(int)extraction.Field] = true;
        }

        foreach (var literal in Literals)
        {
            set[(int)literal.Field] = true;
        }

        foreach (var translation in Translations)
        {
            set[(int)translation.Field] = true;
        }

        foreach (var translation in SecondPassTranslations)
        {
            set[(int)translation.Field] = true;
        }

        FieldIsSet = set;
    }

    /// <summary>The file the definition came from, or a name given to it; <see langword="null"/> when built in code.</summary>
    public string? SourceName { get; }

    /// <summary>How the input's records are laid out.</summary>
    public InputFormat Format { get; }

    /// <summary>The delimiter of delimited input.</summary>
    public char Delimiter { get; }

    /// <summary>The file to read (<c>SetFile</c>), or <see langword="null"/> for standard input.</summary>
    public string? InputFile { get; }

    /// <summary>The ODBC connection string (<c>SetODBC</c>). It may hold a password: never log it.</summary>
    public string? OdbcConnectionString { get; }

    /// <summary>The ODBC query (<c>SetODBC</c>).</summary>
    public string? OdbcQuery { get; }

    /// <summary>The length of a header block, counting the HEADER record itself (<c>SetHeaderCount</c>; default 1).</summary>
    public int HeaderCount { get; }

    /// <summary>The <c>AddString</c> rules, in file order.</summary>
    internal IReadOnlyList<RecordRule> RecordRules { get; }

    /// <summary>The <c>Extract</c> statements, in file order.</summary>
    internal IReadOnlyList<Extraction> Extractions { get; }

    /// <summary>The <c>SetLiteral</c> statements.</summary>
    internal IReadOnlyList<LiteralValue> Literals { get; }

    /// <summary>The fields named by <c>RemoveSpaces</c>.</summary>
    public IReadOnlyList<SyncField> RemoveSpaces { get; }

    /// <summary>The <c>AddTranslation</c> table, in file order.</summary>
    internal IReadOnlyList<TranslationRule> Translations { get; }

    /// <summary>The <c>AddTranslation2</c> table, in file order; runs after <see cref="Translations"/>.</summary>
    internal IReadOnlyList<TranslationRule> SecondPassTranslations { get; }

    /// <summary>The <c>AddExclusionOnValue</c> rules.</summary>
    internal IReadOnlyList<ValueExclusion> Exclusions { get; }

    /// <summary>The format of <c>MOVEDATE</c> values.</summary>
    internal DateFormat? MoveDateFormat { get; }

    /// <summary>The format of <c>WRITETIME</c> values.</summary>
    internal DateFormat? WriteTimeFormat { get; }

    /// <summary>The <c>AddMoveDateAdjustment</c> rules, in file order (first match wins).</summary>
    internal IReadOnlyList<MoveDateAdjustment> MoveDateAdjustments { get; }

    /// <summary>The <c>AddRepositoryOnWriteTime</c> rules, in file order (first match wins).</summary>
    internal IReadOnlyList<RepositoryOnWriteTimeRule> RepositoryOnWriteTimeRules { get; }

    /// <summary>The <c>AddRepositoryOnMoveDate</c> rules, in file order (first match wins).</summary>
    internal IReadOnlyList<RepositoryOnMoveDateRule> RepositoryOnMoveDateRules { get; }

    /// <summary>The <c>AddSkipOnRepositoryChange</c> rules, in file order.</summary>
    internal IReadOnlyList<SkipOnRepositoryChangeRule> SkipOnRepositoryChangeRules { get; }

    /// <summary>
    /// The full paths of the files the definition includes (<c>Include</c>, directly or through another include), each
    /// once, in the order they were read; empty for a definition built in code or one without includes. The file given
    /// to the loader is not in the list (see <see cref="SourceName"/>).
    /// </summary>
    public IReadOnlyList<string> IncludedFiles { get; }

    /// <summary>Warnings found while loading (the definition loaded despite them).</summary>
    public IReadOnlyList<DefinitionDiagnostic> Warnings { get; }

    internal bool[] FieldIsSet { get; }

    /// <summary>Whether any statement gives the field a value.</summary>
    /// <param name="field">The field.</param>
    public bool Sets(SyncField field) => FieldIsSet[(int)field];
}
