using System;
using System.Collections.Generic;

namespace TapeTrack.Sync.Definitions;

/// <summary>
/// Builds a <see cref="SyncDefinition"/> in code, statement by statement, with the same meaning as a
/// <c>.ttidef</c> file. The definition loader uses it too, so both give the same model.
/// </summary>
/// <example>
/// <code>
/// var definition = new SyncDefinitionBuilder()
///     .SetCsvDelimiter(',')
///     .SetLiteral(SyncField.Customer, "US01")
///     .SetLiteral(SyncField.Media, "LTO")
///     .Extract(SyncField.Volume, 1, 10)
///     .Build();
/// </code>
/// </example>
public sealed class SyncDefinitionBuilder
{
    internal string? SourceNameValue { get; private set; }
    internal InputFormat FormatValue { get; private set; } = InputFormat.FixedPosition;
    internal char DelimiterValue { get; private set; } = ',';
    internal string? InputFileValue { get; private set; }
    internal string? OdbcConnectionStringValue { get; private set; }
    internal string? OdbcQueryValue { get; private set; }
    internal int HeaderCountValue { get; private set; } = 1;
    internal DateFormat? MoveDateFormatValue { get; private set; }
    internal DateFormat? WriteTimeFormatValue { get; private set; }
    internal List<RecordRule> RecordRuleList { get; } = new();
    internal List<Extraction> ExtractionList { get; } = new();
    internal List<LiteralValue> LiteralList { get; } = new();
    internal List<SyncField> RemoveSpacesList { get; } = new();
    internal List<TranslationRule> TranslationList { get; } = new();
    internal List<TranslationRule> Translation2List { get; } = new();
    internal List<ValueExclusion> ExclusionList { get; } = new();
    internal List<MoveDateAdjustment> MoveDateAdjustmentList { get; } = new();
    internal List<RepositoryOnWriteTimeRule> RepositoryOnWriteTimeList { get; } = new();
    internal List<RepositoryOnMoveDateRule> RepositoryOnMoveDateList { get; } = new();
    internal List<SkipOnRepositoryChangeRule> SkipList { get; } = new();
    internal List<string> IncludedFileList { get; } = new();
    private readonly List<DefinitionDiagnostic> _warnings = new();

    /// <summary>Names the definition (a file path, say) for messages.</summary>
    /// <param name="name">The name.</param>
    public SyncDefinitionBuilder SetSourceName(string? name)
    {
        SourceNameValue = name;
        return this;
    }

    /// <summary><c>SetFile("path")</c>: read records from this file instead of standard input.</summary>
    /// <param name="path">The file.</param>
    public SyncDefinitionBuilder SetFile(string path)
    {
        InputFileValue = path ?? throw new ArgumentNullException(nameof(path));
        return this;
    }

    /// <summary><c>SetCSVDelimiter("c")</c>: the input is delimited text split on <paramref name="delimiter"/>.</summary>
    /// <param name="delimiter">The delimiter.</param>
    public SyncDefinitionBuilder SetCsvDelimiter(char delimiter)
    {
        if (delimiter is '"' or '\r' or '\n')
        {
            throw new ArgumentException("A delimiter cannot be a quote or a line break.", nameof(delimiter));
        }

        FormatValue = InputFormat.Delimited;
        DelimiterValue = delimiter;
        return this;
    }

    /// <summary><c>SetODBC("connection string", "query")</c>: read records from an ODBC data source.</summary>
    /// <param name="connectionString">The ODBC connection string; it may hold a password and is never logged.</param>
    /// <param name="query">The query; each row is a record, each column an element.</param>
    public SyncDefinitionBuilder SetOdbc(string connectionString, string query)
    {
        OdbcConnectionStringValue = connectionString ?? throw new ArgumentNullException(nameof(connectionString));
        OdbcQueryValue = query ?? throw new ArgumentNullException(nameof(query));
        FormatValue = InputFormat.Odbc;
        return this;
    }

    /// <summary><c>SetHeaderCount(n)</c>: a header block is <paramref name="count"/> records long, counting the HEADER record.</summary>
    /// <param name="count">At least 1.</param>
    public SyncDefinitionBuilder SetHeaderCount(int count)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "A header block is at least one record long.");
        }

        HeaderCountValue = count;
        return this;
    }

    /// <summary><c>AddString(type, offset, "filter")</c>.</summary>
    /// <param name="type">The kind of rule.</param>
    /// <param name="offset">The zero-based character offset the filter is matched from.</param>
    /// <param name="filter">The filter pattern.</param>
    public SyncDefinitionBuilder AddString(RecordRuleType type, int offset, string filter)
    {
        if (offset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "An offset is zero or more.");
        }

        RecordRuleList.Add(new RecordRule(type, offset, Compile(filter)));
        return this;
    }

    /// <summary><c>Extract(FIELD, offset, length, record)</c>.</summary>
    /// <param name="field">The field.</param>
    /// <param name="offset">Fixed-position: zero-based character offset. Delimited and ODBC: one-based element; 0 is the whole line.</param>
    /// <param name="length">The width (fixed-position) or maximum length (delimited, ODBC).</param>
    /// <param name="record">0 for the body record; n &gt; 0 for record n of the header block.</param>
    public SyncDefinitionBuilder Extract(SyncField field, int offset, int length, int record = 0)
    {
        if (offset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "An offset is zero or more.");
        }

        if (length < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A length is at least 1.");
        }

        if (record < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(record), record, "A record number is zero or more.");
        }

        ExtractionList.Add(new Extraction(field, offset, length, record));
        return this;
    }

    /// <summary><c>SetLiteral(FIELD, "value")</c>.</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">The value for every record.</param>
    public SyncDefinitionBuilder SetLiteral(SyncField field, string value)
    {
        LiteralList.Add(new LiteralValue(field, value ?? throw new ArgumentNullException(nameof(value))));
        return this;
    }

    /// <summary><c>RemoveSpaces(FIELD)</c>.</summary>
    /// <param name="field">The field.</param>
    public SyncDefinitionBuilder RemoveSpaces(SyncField field)
    {
        if (!RemoveSpacesList.Contains(field))
        {
            RemoveSpacesList.Add(field);
        }

        return this;
    }

    /// <summary><c>AddTranslation(FIELD, "filter", "translation")</c>.</summary>
    /// <param name="field">The field.</param>
    /// <param name="filter">The filter on the field's value.</param>
    /// <param name="translation">The translation string.</param>
    public SyncDefinitionBuilder AddTranslation(SyncField field, string filter, string translation)
    {
        TranslationList.Add(new TranslationRule(field, Compile(filter), TranslationTemplate.Parse(translation)));
        return this;
    }

    /// <summary><c>AddTranslation2(FIELD, FIELD2, "filter", "translation")</c>.</summary>
    /// <param name="field">The field translated.</param>
    /// <param name="conditionField">The field the filter is matched against.</param>
    /// <param name="filter">The filter.</param>
    /// <param name="translation">The translation string.</param>
    public SyncDefinitionBuilder AddTranslation2(SyncField field, SyncField conditionField, string filter, string translation)
    {
        Translation2List.Add(new TranslationRule(field, Compile(filter), TranslationTemplate.Parse(translation), conditionField));
        return this;
    }

    /// <summary><c>AddExclusionOnValue(FIELD, "filter")</c>.</summary>
    /// <param name="field">The field.</param>
    /// <param name="filter">The filter on its final value.</param>
    public SyncDefinitionBuilder AddExclusionOnValue(SyncField field, string filter)
    {
        ExclusionList.Add(new ValueExclusion(field, Compile(filter)));
        return this;
    }

    /// <summary><c>SetMoveDateFormat("fmt")</c>.</summary>
    /// <param name="format">A strftime format such as <c>%Y-%m-%d</c> (already unescaped: one <c>%</c>, not the <c>%%</c> of a definition file).</param>
    /// <exception cref="FormatException">The format is not one the definition language accepts (such as <c>%%Y-%%m-%%d</c>, which has no conversion).</exception>
    public SyncDefinitionBuilder SetMoveDateFormat(string format)
    {
        MoveDateFormatValue = DateFormat.Parse(format);
        return this;
    }

    /// <summary><c>SetWriteTimeFormat("fmt")</c> (or <c>SetWriteDateFormat</c>).</summary>
    /// <param name="format">A strftime format such as <c>%m/%d/%Y %H:%M:%S</c> (already unescaped: one <c>%</c>, not the <c>%%</c> of a definition file).</param>
    /// <exception cref="FormatException">The format is not one the definition language accepts.</exception>
    public SyncDefinitionBuilder SetWriteTimeFormat(string format)
    {
        WriteTimeFormatValue = DateFormat.Parse(format);
        return this;
    }

    /// <summary><c>AddMoveDateAdjustment(FIELD, "filter", years, months, days)</c>.</summary>
    /// <param name="field">The field matched.</param>
    /// <param name="filter">The filter.</param>
    /// <param name="years">Years to add.</param>
    /// <param name="months">Months to add.</param>
    /// <param name="days">Days to add.</param>
    public SyncDefinitionBuilder AddMoveDateAdjustment(SyncField field, string filter, int years, int months, int days)
    {
        MoveDateAdjustmentList.Add(new MoveDateAdjustment(field, Compile(filter), years, months, days));
        return this;
    }

    /// <summary><c>AddRepositoryOnWriteTime(FIELD, "filter", "time", "REPO", "movedate")</c>.</summary>
    /// <param name="field">The field matched.</param>
    /// <param name="filter">The filter.</param>
    /// <param name="within">How recent the write time must be.</param>
    /// <param name="repository">The proposed target.</param>
    /// <param name="moveDateAfter">Added to the write time to give the move date; zero leaves it.</param>
    public SyncDefinitionBuilder AddRepositoryOnWriteTime(SyncField field, string filter, SyncDuration within, string repository, SyncDuration moveDateAfter)
    {
        RepositoryOnWriteTimeList.Add(new RepositoryOnWriteTimeRule(field, Compile(filter), within, repository ?? throw new ArgumentNullException(nameof(repository)), moveDateAfter));
        return this;
    }

    /// <summary><c>AddRepositoryOnMoveDate(FIELD, "filter", "time", "REPO")</c>.</summary>
    /// <param name="field">The field matched.</param>
    /// <param name="filter">The filter.</param>
    /// <param name="within">How soon the move date must be.</param>
    /// <param name="repository">The proposed target.</param>
    public SyncDefinitionBuilder AddRepositoryOnMoveDate(SyncField field, string filter, SyncDuration within, string repository)
    {
        RepositoryOnMoveDateList.Add(new RepositoryOnMoveDateRule(field, Compile(filter), within, repository ?? throw new ArgumentNullException(nameof(repository))));
        return this;
    }

    /// <summary><c>AddSkipOnRepositoryChange("proposed", "target", "current")</c>.</summary>
    /// <param name="proposed">The filter on the proposed target.</param>
    /// <param name="target">The filter on the present target.</param>
    /// <param name="current">The filter on the current repository.</param>
    public SyncDefinitionBuilder AddSkipOnRepositoryChange(string proposed, string target, string current)
    {
        SkipList.Add(new SkipOnRepositoryChangeRule(Compile(proposed), Compile(target), Compile(current)));
        return this;
    }

    /// <summary>Adds a warning to carry on the built definition (the loader's warnings).</summary>
    /// <param name="warning">The warning.</param>
    public SyncDefinitionBuilder AddWarning(DefinitionDiagnostic warning)
    {
        _warnings.Add(warning ?? throw new ArgumentNullException(nameof(warning)));
        return this;
    }

    /// <summary>Checks the whole definition and builds it.</summary>
    /// <exception cref="DefinitionException">The definition is incomplete or inconsistent.</exception>
    public SyncDefinition Build()
    {
        var problems = new List<DefinitionDiagnostic>(_warnings);
        int errors = 0;
        void Error(string message)
        {
            problems.Add(new DefinitionDiagnostic(SourceNameValue, 0, 0, DiagnosticSeverity.Error, message));
            errors++;
        }

        var definition = new SyncDefinition(this, _warnings.ToArray());
        foreach (var required in new[] { SyncField.Volume, SyncField.Customer, SyncField.Media })
        {
            if (!definition.Sets(required))
            {
                Error($"no statement gives {required.Name()} a value (Extract or SetLiteral)");
            }
        }

        for (int i = 0; i < SyncFields.Count; i++)
        {
            var field = (SyncField)i;
            if (!definition.Sets(field))
            {
                continue;
            }

            if (field.Kind() == FieldKind.Date && MoveDateFormatValue is null)
            {
                Error($"{field.Name()} is given a value but the definition has no SetMoveDateFormat");
            }
            else if (field.Kind() == FieldKind.DateTime && WriteTimeFormatValue is null)
            {
                Error($"{field.Name()} is given a value but the definition has no SetWriteTimeFormat");
            }
        }

        if (definition.Sets(SyncField.Repository) && definition.Sets(SyncField.RepositoryDescription))
        {
            Error("REPOSITORY and REPOSITORY_DESC both propose a target; use one of them");
        }

        if (errors > 0)
        {
            throw new DefinitionException(problems);
        }

        return definition;
    }

    private static Pattern Compile(string filter) => Pattern.Parse(filter ?? throw new ArgumentNullException(nameof(filter)));
}
