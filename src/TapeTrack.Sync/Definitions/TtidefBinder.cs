using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace TapeTrack.Sync.Definitions;

/// <summary>
/// Gives the parsed statements of a file and its includes their meaning: checks each argument (reporting at its
/// position), applies the statement to a <see cref="SyncDefinitionBuilder"/>, then checks the definition as a whole.
/// </summary>
internal sealed class TtidefBinder
{
    private static readonly string[] StatementNames =
    {
        "SetFile", "SetCSVDelimiter", "SetODBC", "SetHeaderCount", "AddString", "Extract", "SetLiteral", "RemoveSpaces",
        "AddExclusionOnValue", "AddTranslation", "AddTranslation2", "SetMoveDateFormat", "SetWriteTimeFormat",
        "SetWriteDateFormat", "AddMoveDateAdjustment", "AddRepositoryOnWriteTime", "AddRepositoryOnMoveDate",
        "AddSkipOnRepositoryChange", "Include",
    };

    private static readonly string[] RecordRuleNames = { "HEADER", "EXCLUSION", "START", "END", "TERMINATE" };
    private static readonly char[] TranslationOperators = { '*', '~', '^' };

    private readonly SyncDefinitionBuilder _builder = new();
    private readonly TtidefDiagnostics _diagnostics;
    private readonly Func<string, string?> _variable;
    private readonly int _maxIncludeDepth;
    private readonly long _maxFileSize;
    private readonly List<string> _includeStack = new();
    private readonly TtidefLocation?[] _firstSetter = new TtidefLocation?[SyncFields.Count];
    private readonly int[] _setterOrder = new int[SyncFields.Count];
    private readonly Dictionary<string, TtidefLocation> _singletons = new(StringComparer.Ordinal);
    private readonly List<(SyncField Field, string Value, TtidefToken Token, string What)> _constants = new();
    private readonly List<(int Record, TtidefToken Token)> _headerExtracts = new();
    private readonly Dictionary<(SyncField Field, int Record), TtidefLocation> _extracts = new();
    private readonly List<(SyncField Field, TtidefToken Token, string Statement)> _uses = new();
    private TtidefLocation? _inputChoice;
    private string? _inputChoiceName;
    private bool _hasHeaderRule;
    private TtidefLocation? _headerCountAt;
    private int _order;
    private bool _moveDateFormatSeen;
    private bool _writeTimeFormatSeen;

    public TtidefBinder(TtidefDiagnostics diagnostics, Func<string, string?> variable, int maxIncludeDepth, long maxFileSize)
    {
        _diagnostics = diagnostics;
        _variable = variable;
        _maxIncludeDepth = maxIncludeDepth;
        _maxFileSize = maxFileSize;
    }

    /// <summary>Lexes, parses and binds one source; <paramref name="fullPath"/> is <see langword="null"/> for text that is not a file.</summary>
    public void BindSource(string text, string file, string baseDirectory, string? fullPath)
    {
        if (fullPath is not null)
        {
            _includeStack.Add(fullPath);
        }

        var tokens = new TtidefLexer(text, file, _diagnostics, _variable).Tokenize();
        var statements = new TtidefParser(tokens, _diagnostics).Parse();
        foreach (var statement in statements)
        {
            if (_diagnostics.IsFull)
            {
                break;
            }

            Bind(statement, baseDirectory);
        }

        if (fullPath is not null)
        {
            _includeStack.RemoveAt(_includeStack.Count - 1);
        }
    }

    /// <summary>Checks the definition as a whole and builds it.</summary>
    /// <exception cref="DefinitionException">The definition has errors.</exception>
    public SyncDefinition Finish(string sourceName)
    {
        CheckWhole(new TtidefLocation(sourceName, 1, 1));
        if (_diagnostics.HasErrors)
        {
            throw new DefinitionException(_diagnostics.Items);
        }

        foreach (var warning in _diagnostics.Warnings())
        {
            _builder.AddWarning(warning);
        }

        _builder.SetSourceName(sourceName);
        return _builder.Build();
    }

    private void Bind(TtidefStatement statement, string baseDirectory)
    {
        var nameToken = statement.Name;
        string canonical = Canonical(nameToken.Text);
        if (canonical.Length == 0)
        {
            _diagnostics.Error(nameToken.Location, $"unknown statement '{TtidefNames.Shorten(nameToken.Text)}'; did you mean '{TtidefNames.Nearest(nameToken.Text, StatementNames)}'?");
            return;
        }

        var a = statement.Arguments;
        bool ok = !statement.HasTokenError;
        _order++;
        try
        {
            switch (canonical)
            {
                case "SetFile":
                    if (Arity(statement, canonical, "\"path\"") & String(a, 0, "the path", out var path, nonEmpty: true) && ok)
                    {
                        Singleton("SetFile", nameToken);
                        _builder.SetFile(path);
                    }

                    break;
                case "SetCSVDelimiter":
                    if (Arity(statement, canonical, "\"c\"") & Delimiter(a, out char delimiter) && ok)
                    {
                        Singleton("SetCSVDelimiter", nameToken);
                        ChooseInput(canonical, nameToken);
                        _builder.SetCsvDelimiter(delimiter);
                    }

                    break;
                case "SetODBC":
                    if (Arity(statement, canonical, "\"connection string\"", "\"query\"")
                        & String(a, 0, "the connection string", out var connection, nonEmpty: true)
                        & String(a, 1, "the query", out var query, nonEmpty: true) && ok)
                    {
                        Singleton("SetODBC", nameToken);
                        ChooseInput(canonical, nameToken);
                        _builder.SetOdbc(connection, query);
                    }

                    break;
                case "SetHeaderCount":
                    if (Arity(statement, canonical, "n") & Integer(a, 0, "the header count", 1, out int count) && ok)
                    {
                        Singleton("SetHeaderCount", nameToken);
                        _headerCountAt = nameToken.Location;
                        _builder.SetHeaderCount(count);
                    }

                    break;
                case "AddString":
                    if (Arity(statement, canonical, "type", "offset", "\"filter\"")
                        & RuleType(a, out var type)
                        & Integer(a, 1, "the offset", 0, out int ruleOffset)
                        & Filter(a, 2, out var ruleFilter) && ok)
                    {
                        _hasHeaderRule |= type == RecordRuleType.Header;
                        _builder.AddString(type, ruleOffset, ruleFilter);
                    }

                    break;
                case "Extract":
                    bool extractedOk = Setter(a, nameToken, out var extracted);
                    if (Arity(statement, canonical, "FIELD", "offset", "length", "record")
                        & extractedOk
                        & Integer(a, 1, "the offset", 0, out int offset)
                        & Integer(a, 2, "the length", 1, out int length)
                        & Integer(a, 3, "the record", 0, out int record) && ok)
                    {
                        if (record > 0)
                        {
                            _headerExtracts.Add((record, a[3]));
                        }

                        // the same field from the same record twice: the import takes the last one's value (even an
                        // empty one), so the first never counts; most likely a copy-and-paste slip
                        if (_extracts.TryGetValue((extracted, record), out var earlierExtract))
                        {
                            _diagnostics.Warning(nameToken.Location, $"{extracted.Name()} is extracted again; this Extract replaces the one at {earlierExtract}, whose value is never used");
                        }

                        _extracts[(extracted, record)] = nameToken.Location;
                        _builder.Extract(extracted, offset, length, record);
                    }

                    break;
                case "SetLiteral":
                    bool literalFieldOk = Setter(a, nameToken, out var literalField);
                    if (Arity(statement, canonical, "FIELD", "\"value\"") & literalFieldOk & String(a, 1, "the value", out var literal) && ok)
                    {
                        if (literal.TrimEnd().Length == 0)
                        {
                            _diagnostics.Warning(a[1].Location, $"an empty value never changes a field: this SetLiteral does nothing to {literalField.Name()}");
                        }
                        else
                        {
                            _constants.Add((literalField, literal, a[1], "the value"));
                        }

                        _builder.SetLiteral(literalField, literal);
                    }

                    break;
                case "RemoveSpaces":
                    if (Arity(statement, canonical, "FIELD") & Field(a, 0, out var spaced) && ok)
                    {
                        _uses.Add((spaced, a[0], canonical));
                        _builder.RemoveSpaces(spaced);
                    }

                    break;
                case "AddExclusionOnValue":
                    if (Arity(statement, canonical, "FIELD", "\"filter\"") & Field(a, 0, out var excluded) & Filter(a, 1, out var exclusion) && ok)
                    {
                        _uses.Add((excluded, a[0], canonical));
                        _builder.AddExclusionOnValue(excluded, exclusion);
                    }

                    break;
                case "AddTranslation":
                    bool translatedOk = Setter(a, nameToken, out var translated);
                    if (Arity(statement, canonical, "FIELD", "\"filter\"", "\"translation\"")
                        & translatedOk
                        & Filter(a, 1, out var filter)
                        & String(a, 2, "the translation", out var translation) && ok)
                    {
                        Constant(translated, translation, a[2]);
                        _builder.AddTranslation(translated, filter, translation);
                    }

                    break;
                case "AddTranslation2":
                    bool translated2Ok = Setter(a, nameToken, out var translated2);
                    if (Arity(statement, canonical, "FIELD", "FIELD2", "\"filter\"", "\"translation\"")
                        & translated2Ok
                        & Field(a, 1, out var condition)
                        & Filter(a, 2, out var filter2)
                        & String(a, 3, "the translation", out var translation2) && ok)
                    {
                        _uses.Add((condition, a[1], canonical));
                        Constant(translated2, translation2, a[3]);
                        _builder.AddTranslation2(translated2, condition, filter2, translation2);
                    }

                    break;
                case "SetMoveDateFormat":
                    _moveDateFormatSeen = true;
                    if (Arity(statement, canonical, "\"format\"") & DateFormatArgument(a, out var moveFormat) && ok)
                    {
                        Singleton("SetMoveDateFormat", nameToken);
                        _builder.SetMoveDateFormat(moveFormat);
                    }

                    break;
                case "SetWriteTimeFormat":
                case "SetWriteDateFormat":
                    _writeTimeFormatSeen = true;
                    if (Arity(statement, canonical, "\"format\"") & DateFormatArgument(a, out var writeFormat) && ok)
                    {
                        Singleton("SetWriteTimeFormat", nameToken);
                        _builder.SetWriteTimeFormat(writeFormat);
                    }

                    break;
                case "AddMoveDateAdjustment":
                    if (Arity(statement, canonical, "FIELD", "\"filter\"", "years", "months", "days")
                        & Field(a, 0, out var adjusted)
                        & Filter(a, 1, out var adjustment)
                        & Integer(a, 2, "the years", int.MinValue, out int years)
                        & Integer(a, 3, "the months", int.MinValue, out int months)
                        & Integer(a, 4, "the days", int.MinValue, out int days) && ok)
                    {
                        if (!FitsCalendar(years, months, days, 0))
                        {
                            _diagnostics.Error(a[2].Location, "the adjustment is larger than the calendar allows");
                            break;
                        }

                        _uses.Add((adjusted, a[0], canonical));
                        _builder.AddMoveDateAdjustment(adjusted, adjustment, years, months, days);
                    }

                    break;
                case "AddRepositoryOnWriteTime":
                    if (Arity(statement, canonical, "FIELD", "\"filter\"", "\"time\"", "\"REPO\"", "\"movedate\"")
                        & Field(a, 0, out var writeField)
                        & Filter(a, 1, out var writeFilter)
                        & Duration(a, 2, "the time", out var within)
                        & Repository(a, 3, out var writeRepository)
                        & Duration(a, 4, "the move date", out var after) && ok)
                    {
                        _uses.Add((writeField, a[0], canonical));
                        _builder.AddRepositoryOnWriteTime(writeField, writeFilter, within, writeRepository, after);
                    }

                    break;
                case "AddRepositoryOnMoveDate":
                    if (Arity(statement, canonical, "FIELD", "\"filter\"", "\"time\"", "\"REPO\"")
                        & Field(a, 0, out var moveField)
                        & Filter(a, 1, out var moveFilter)
                        & Duration(a, 2, "the time", out var soon)
                        & Repository(a, 3, out var moveRepository) && ok)
                    {
                        _uses.Add((moveField, a[0], canonical));
                        _builder.AddRepositoryOnMoveDate(moveField, moveFilter, soon, moveRepository);
                    }

                    break;
                case "AddSkipOnRepositoryChange":
                    if (Arity(statement, canonical, "\"proposed\"", "\"target\"", "\"current\"")
                        & Filter(a, 0, out var proposed)
                        & Filter(a, 1, out var target)
                        & Filter(a, 2, out var current) && ok)
                    {
                        _builder.AddSkipOnRepositoryChange(proposed, target, current);
                    }

                    break;
                default: // Include
                    if (Arity(statement, canonical, "\"path\"") & String(a, 0, "the path", out var include, nonEmpty: true) && ok)
                    {
                        Include(include, a[0], baseDirectory);
                    }

                    break;
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // The checks above should leave the builder nothing to refuse; if it does, say so at the statement.
            _diagnostics.Error(nameToken.Location, $"{canonical}: {e.Message}");
        }
    }

    private static string Canonical(string name)
    {
        foreach (var known in StatementNames)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return string.Empty;
    }

    private bool Arity(TtidefStatement statement, string name, params string[] parameters)
    {
        int given = statement.Arguments.Count;
        if (given == parameters.Length)
        {
            return true;
        }

        string signature = $"{name}({string.Join(", ", parameters)})";
        string plural = parameters.Length == 1 ? "argument" : "arguments";
        if (given > parameters.Length)
        {
            _diagnostics.Error(statement.Arguments[parameters.Length].Location, $"too many arguments: {signature} takes {parameters.Length} {plural}, not {given}");
        }
        else
        {
            _diagnostics.Error(statement.CloseParen.Location, $"too few arguments: {signature} takes {parameters.Length} {plural}, not {given}");
        }

        return false;
    }

    private bool Expect(List<TtidefToken> arguments, int index, TtidefTokenKind kind, string what, string expected, out TtidefToken token)
    {
        token = index < arguments.Count ? arguments[index] : null!;
        if (token is null)
        {
            return false;
        }

        if (token.Kind == kind)
        {
            return true;
        }

        if (!token.HasError)
        {
            _diagnostics.Error(token.Location, $"{what} must be {expected}, not {token.Describe()}");
        }

        return false;
    }

    private bool String(List<TtidefToken> arguments, int index, string what, out string value, bool nonEmpty = false)
    {
        value = string.Empty;
        if (!Expect(arguments, index, TtidefTokenKind.String, what, "a string in double quotes", out var token))
        {
            return false;
        }

        value = token.Value;
        if (nonEmpty && value.Trim().Length == 0)
        {
            _diagnostics.Error(token.Location, $"{what} is empty");
            return false;
        }

        return true;
    }

    private bool Integer(List<TtidefToken> arguments, int index, string what, int minimum, out int value)
    {
        value = 0;
        if (!Expect(arguments, index, TtidefTokenKind.Integer, what, "a whole number", out var token))
        {
            return false;
        }

        value = token.Number;
        if (token.HasError)
        {
            return false;
        }

        if (value < minimum)
        {
            _diagnostics.Error(token.Location, $"{what} must be {minimum} or more, not {value}");
            return false;
        }

        return true;
    }

    private bool Field(List<TtidefToken> arguments, int index, out SyncField field)
    {
        field = default;
        if (!Expect(arguments, index, TtidefTokenKind.Identifier, "a field", "a field name such as VOLUME (without quotes)", out var token))
        {
            return false;
        }

        if (SyncFields.TryParse(token.Text, out field))
        {
            return true;
        }

        _diagnostics.Error(token.Location, $"unknown field '{TtidefNames.Shorten(token.Text)}'; did you mean '{TtidefNames.Nearest(token.Text, SyncFields.Names)}'?");
        return false;
    }

    private bool RuleType(List<TtidefToken> arguments, out RecordRuleType type)
    {
        type = default;
        if (!Expect(arguments, 0, TtidefTokenKind.Identifier, "the AddString type", "one of HEADER, EXCLUSION, START, END, TERMINATE (without quotes)", out var token))
        {
            return false;
        }

        switch (token.Text.ToUpperInvariant())
        {
            case "HEADER": type = RecordRuleType.Header; return true;
            case "EXCLUSION": type = RecordRuleType.Exclusion; return true;
            case "START": type = RecordRuleType.Start; return true;
            case "END": type = RecordRuleType.End; return true;
            case "TERMINATE": type = RecordRuleType.Terminate; return true;
        }

        _diagnostics.Error(token.Location, $"unknown AddString type '{TtidefNames.Shorten(token.Text)}'; did you mean '{TtidefNames.Nearest(token.Text, RecordRuleNames)}'? (HEADER, EXCLUSION, START, END or TERMINATE)");
        return false;
    }

    private bool Filter(List<TtidefToken> arguments, int index, out string filter)
    {
        if (!String(arguments, index, "the filter", out filter))
        {
            return false;
        }

        var token = arguments[index];
        try
        {
            var pattern = Pattern.Parse(filter);
            if (pattern.Warning is not null)
            {
                _diagnostics.Warning(token.LocationOf(pattern.WarningPosition), $"filter \"{TtidefNames.Shorten(filter)}\": {pattern.Warning}");
            }

            return true;
        }
        catch (PatternException e)
        {
            _diagnostics.Error(token.LocationOf(e.Position), $"malformed filter \"{TtidefNames.Shorten(filter)}\": {e.Message}");
            return false;
        }
    }

    private bool Delimiter(List<TtidefToken> arguments, out char delimiter)
    {
        delimiter = ',';
        if (!String(arguments, 0, "the delimiter", out var text))
        {
            return false;
        }

        if (text == "\\t")
        {
            delimiter = '\t';
            return true;
        }

        if (text.Length != 1 || text[0] is '"' or '\r' or '\n')
        {
            _diagnostics.Error(arguments[0].Location, $"the delimiter must be one character (or \"\\t\" for TAB) other than a quote, not \"{TtidefNames.Shorten(text)}\"");
            return false;
        }

        delimiter = text[0];
        return true;
    }

    private bool DateFormatArgument(List<TtidefToken> arguments, out string format)
    {
        if (!String(arguments, 0, "the date format", out format))
        {
            return false;
        }

        if (DateFormat.TryCompile(format, out _, out var error, out int position))
        {
            return true;
        }

        _diagnostics.Error(position < 0 ? arguments[0].Location : arguments[0].LocationOf(position), $"bad date format \"{TtidefNames.Shorten(format)}\": {error}");
        return false;
    }

    private bool Duration(List<TtidefToken> arguments, int index, string what, out SyncDuration duration)
    {
        duration = default;
        if (index >= arguments.Count)
        {
            return false;
        }

        var token = arguments[index];
        if (token.Kind == TtidefTokenKind.Integer && !token.HasError)
        {
            // [ours] a bare number is a number of days, as "7" is.
            duration = new SyncDuration(0, 0, token.Number, 0);
        }
        else if (!String(arguments, index, what, out var text))
        {
            return false;
        }
        else if (!SyncDuration.TryParse(text, out duration))
        {
            _diagnostics.Error(token.Location, $"{what} \"{TtidefNames.Shorten(text)}\" is not a duration: write days (\"7\"), hours:days[:months[:years]] (\"0:1\") or \"1y2m3d4h\"");
            return false;
        }

        if (duration.Years < 0 || duration.Months < 0 || duration.Days < 0 || duration.Hours < 0)
        {
            _diagnostics.Error(token.Location, $"{what} cannot be negative");
            return false;
        }

        if (!FitsCalendar(duration.Years, duration.Months, duration.Days, duration.Hours))
        {
            _diagnostics.Error(token.Location, $"{what} is longer than the calendar allows");
            return false;
        }

        return true;
    }

    private bool Repository(List<TtidefToken> arguments, int index, out string repository)
    {
        if (!String(arguments, index, "the repository", out repository, nonEmpty: true))
        {
            return false;
        }

        int max = SyncField.Repository.MaxLength();
        if (repository.Length > max)
        {
            _diagnostics.Error(arguments[index].Location, $"the repository \"{TtidefNames.Shorten(repository)}\" is longer than a repository id ({max} characters)");
            return false;
        }

        return true;
    }

    // The engine adds these periods to dates: a period no date can take would only fail there, record by record.
    private static bool FitsCalendar(int years, int months, int days, int hours) =>
        Math.Abs((long)years) <= 9999 && Math.Abs((long)months) <= 9999 * 12 && Math.Abs((long)days) <= 9999 * 366 && Math.Abs((long)hours) <= 9999L * 366 * 24;

    private void Include(string path, TtidefToken token, string baseDirectory)
    {
        if (!TtidefSourceReader.TryGetFullPath(path, baseDirectory, out var fullPath, out var problem))
        {
            _diagnostics.Error(token.Location, $"cannot include '{TtidefNames.Shorten(path, 260)}': {problem}");
            return;
        }

        var comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        for (int i = 0; i < _includeStack.Count; i++)
        {
            if (string.Equals(_includeStack[i], fullPath, comparison))
            {
                var chain = new List<string>();
                for (int j = i; j < _includeStack.Count; j++)
                {
                    chain.Add(_includeStack[j]);
                }

                chain.Add(fullPath);
                _diagnostics.Error(token.Location, $"include cycle: {string.Join(" -> ", chain)}");
                return;
            }
        }

        // The file given to the loader is depth 0; text without a file counts as depth 0 as well.
        int depth = Math.Max(_includeStack.Count, 1);
        if (depth > _maxIncludeDepth)
        {
            _diagnostics.Error(token.Location, $"cannot include '{fullPath}': includes are nested more than {_maxIncludeDepth} deep (MaxIncludeDepth)");
            return;
        }

        if (!TtidefSourceReader.TryRead(fullPath, _maxFileSize, out var text, out problem))
        {
            _diagnostics.Error(token.Location, $"cannot include '{fullPath}': {problem}");
            return;
        }

        // every file read, so that a tool can refuse to write over one (tapetrack-sync's --report)
        if (!_builder.IncludedFileList.Exists(f => string.Equals(f, fullPath, comparison)))
        {
            _builder.IncludedFileList.Add(fullPath);
        }

        if (_includeStack.Count == 0)
        {
            // Parsed text has no path of its own; keep depth counting right for what it includes.
            _includeStack.Add(string.Empty);
            BindSource(text, fullPath, Path.GetDirectoryName(fullPath) ?? baseDirectory, fullPath);
            _includeStack.RemoveAt(0);
        }
        else
        {
            BindSource(text, fullPath, Path.GetDirectoryName(fullPath) ?? baseDirectory, fullPath);
        }
    }

    private void Singleton(string key, TtidefToken name)
    {
        if (_singletons.TryGetValue(key, out var earlier))
        {
            _diagnostics.Warning(name.Location, $"{name.Text} is given again; this one replaces the one at {earlier}");
        }

        _singletons[key] = name.Location;
    }

    private void ChooseInput(string statement, TtidefToken name)
    {
        if (_inputChoice is { } earlier && _inputChoiceName != statement)
        {
            _diagnostics.Error(name.Location, $"{statement} and {_inputChoiceName} (at {earlier}) both choose the input; use one of them");
        }

        _inputChoice = name.Location;
        _inputChoiceName = statement;
    }

    /// <summary>Reads the field a statement gives a value, and records that it does even if other arguments are wrong.</summary>
    private bool Setter(List<TtidefToken> arguments, TtidefToken statementName, out SyncField field)
    {
        if (!Field(arguments, 0, out field))
        {
            return false;
        }

        Sets(field, statementName);
        return true;
    }

    private void Sets(SyncField field, TtidefToken statementName)
    {
        if (_firstSetter[(int)field] is null)
        {
            _firstSetter[(int)field] = statementName.Location;
            _setterOrder[(int)field] = _order;
        }
    }

    private void Constant(SyncField field, string translation, TtidefToken token)
    {
        if (translation.IndexOfAny(TranslationOperators) < 0 && translation.TrimEnd().Length > 0)
        {
            _constants.Add((field, translation, token, "the translation"));
        }
    }

    private void CheckWhole(TtidefLocation start)
    {
        var moveFormat = _builder.MoveDateFormatValue;
        var writeFormat = _builder.WriteTimeFormatValue;

        // a statement that failed (a typo in its name, a syntax error) is the cause: what is "missing" because of
        // it is a consequence, and is not reported (it would come first, at 1:1, and hide the cause)
        bool statementFailed = _diagnostics.HasErrors;
        for (int i = 0; i < SyncFields.Count && !statementFailed; i++)
        {
            var field = (SyncField)i;
            if (_firstSetter[i] is not { } at)
            {
                continue;
            }

            // A format statement with errors has been reported already; do not say it is missing too.
            if (field.Kind() == FieldKind.Date && !_moveDateFormatSeen)
            {
                _diagnostics.Error(at, $"{field.Name()} is given a value but the definition has no SetMoveDateFormat");
            }
            else if (field.Kind() == FieldKind.DateTime && !_writeTimeFormatSeen)
            {
                _diagnostics.Error(at, $"{field.Name()} is given a value but the definition has no SetWriteTimeFormat");
            }
        }

        if (_firstSetter[(int)SyncField.Repository] is { } repository && _firstSetter[(int)SyncField.RepositoryDescription] is { } description)
        {
            bool descriptionLater = _setterOrder[(int)SyncField.RepositoryDescription] > _setterOrder[(int)SyncField.Repository];
            _diagnostics.Error(
                descriptionLater ? description : repository,
                $"REPOSITORY and REPOSITORY_DESC both propose a target (the other at {(descriptionLater ? repository : description)}); use one of them");
        }

        foreach (var required in new[] { SyncField.Volume, SyncField.Customer, SyncField.Media })
        {
            if (_firstSetter[(int)required] is null && !statementFailed)
            {
                _diagnostics.Error(start, $"no statement gives {required.Name()} a value (use Extract or SetLiteral)");
            }
        }

        foreach (var (field, token, statement) in _uses)
        {
            if (_firstSetter[(int)field] is null && !statementFailed)
            {
                _diagnostics.Warning(token.Location, $"{statement} uses {field.Name()}, which no statement gives a value");
            }
        }

        if (_headerCountAt is { } headerCount && !_hasHeaderRule)
        {
            _diagnostics.Warning(headerCount, "SetHeaderCount has no effect without an AddString(HEADER, ...) rule");
        }

        foreach (var (record, token) in _headerExtracts)
        {
            if (_builder.FormatValue != InputFormat.FixedPosition)
            {
                _diagnostics.Warning(token.Location, $"the record number {record} is ignored for delimited and ODBC input");
            }
            else if (!_hasHeaderRule)
            {
                _diagnostics.Warning(token.Location, $"record {record} of the header block is read, but there is no AddString(HEADER, ...) rule, so the field is never set");
            }
            else if (record > _builder.HeaderCountValue)
            {
                _diagnostics.Error(token.Location, $"record {record} of the header block is read, but a header block is {_builder.HeaderCountValue} record(s) long (SetHeaderCount)");
            }
        }

        foreach (var (field, value, token, what) in _constants)
        {
            CheckValue(field, value.TrimEnd(), token, what, moveFormat, writeFormat);
        }
    }

    private void CheckValue(SyncField field, string value, TtidefToken token, string what, DateFormat? moveFormat, DateFormat? writeFormat)
    {
        string name = field.Name();
        switch (field.Kind())
        {
            case FieldKind.Text:
                int max = field.MaxLength();
                if (max > 0 && value.Length > max)
                {
                    _diagnostics.Error(token.Location, $"{what} \"{TtidefNames.Shorten(value)}\" is {value.Length} characters, longer than {name} allows ({max})");
                }

                break;
            case FieldKind.Boolean:
                if (FieldValues.TryParseBoolean(value.AsSpan(), out _))
                {
                    return;
                }

                _diagnostics.Error(token.Location, $"{what} \"{TtidefNames.Shorten(value)}\" is not a boolean for {name} (YES/NO, TRUE/FALSE, Y/N or 1/0)");
                break;
            case FieldKind.Integer:
                if (!FieldValues.TryParseInteger(value.AsSpan(), out _))
                {
                    _diagnostics.Error(token.Location, $"{what} \"{TtidefNames.Shorten(value)}\" is not a whole number for {name}");
                }

                break;
            default:
                // without its format the field was reported already (a .ttidef date field needs one)
                var format = field.Kind() == FieldKind.Date ? moveFormat : writeFormat;
                if (format is not null && !format.TryParse(value.AsSpan(), out _))
                {
                    _diagnostics.Error(token.Location, $"{what} \"{TtidefNames.Shorten(value)}\" does not fit {name}'s format \"{format.Text}\"");
                }

                break;
        }
    }
}
