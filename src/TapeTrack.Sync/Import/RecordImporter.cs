using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Import;

/// <summary>
/// The import engine: applies a definition to raw records in input order and gives typed field values or
/// a record error, following the definition language's order of work: record-level rules on the raw record
/// (TERMINATE, HEADER, START, END, EXCLUSION), header blocks, extraction and literals, right-trim,
/// <c>RemoveSpaces</c>, the <c>AddTranslation</c> pass, the <c>AddTranslation2</c> pass, value exclusions,
/// validation. Stateful (header block, START/END, TERMINATE): one per input. Header, marker, blank and
/// excluded records cost no allocation; values are worked on in a reusable buffer and become strings only
/// for a body record that is kept.
/// </summary>
public sealed partial class RecordImporter
{
    private static readonly SyncField[] Required = { SyncField.Volume, SyncField.Customer, SyncField.Media };

    private readonly SyncDefinition _definition;
    private readonly RecordRule[] _terminate;
    private readonly RecordRule[] _header;
    private readonly RecordRule[] _start;
    private readonly RecordRule[] _end;
    private readonly RecordRule[] _exclusion;

    // the one exclusion's position and the character a record must have there to be excluded (a plain or prefix
    // pattern such as a heading's "volume*"), tested before the pattern; -1 when there is no such character
    private readonly int _exclusionOffset;
    private readonly int _exclusionFirst = -1;
    private readonly char[][] _headerText;
    private readonly int[] _headerLength;
    private readonly bool _byElement;

    // whether the definition has TERMINATE, HEADER, START or END rules (most have none: a record then skips them)
    private readonly bool _markers;

    // the highest element a delimited record must have: fewer means the delimiter is most likely wrong
    private readonly int _elementsRead;

    // per field, the highest element number an Extract of it reads (0: the whole line, or no Extract)
    private readonly int[] _highestElementOf;

    // the fields a sync statement filters (AddMoveDateAdjustment, AddRepositoryOnMoveDate, AddRepositoryOnWriteTime) whose
    // values are made canonical (a date, a yes/no, a number), and their values as the definition made them: the filter
    // sees N, not false, as AddExclusionOnValue does; null when the definition has no such filter. Where the values
    // were is kept (the record's text or the scratch, which Validate only appends to), and strings are made only for
    // a record that becomes an ImportedRecord: an unchanged one costs nothing.
    private readonly int[] _filteredTyped;
    private readonly ValueSlot[]? _filterSlots;

    // arrays, not the definition's IReadOnlyList: foreach over an interface allocates an enumerator per record
    private readonly LiteralValue[] _literals;
    private readonly Extraction[] _extractions;
    private readonly SyncField[] _removeSpaces;
    private readonly TranslationRule[] _translations;
    private readonly TranslationRule[] _secondPass;
    private readonly ValueExclusion[] _valueExclusions;

    // the fields the definition can give a value (literals, extractions, translations), in field order: no other
    // field ever has one, so a record's work is over these only
    private readonly int[] _used;

    // the values of the record being imported: field i is _values[i].Array[Start .. + Length], where
    // the array is the scratch buffer, a literal's characters, or the record's own (an extracted value is not copied
    // until something changes it)
    private readonly ValueSlot[] _values = new ValueSlot[SyncFields.Count];
    private readonly char[][] _literalChars;
    // The common definition, imported in one pass per field (ImportBodyInOnePass): every field it gives a value is
    // given by one extraction of the record's own elements or by one literal, and translated only by first-pass rules
    // of its own; no RemoveSpaces, no second pass. Null for any other definition, which takes the general passes (a
    // test compares both on random definitions and records).
    private readonly OnePassField[]? _onePass;

    // the fields whose check can fail or change them, in field order (the one-pass import checks only these): a text
    // field can skip its length check when neither its extraction nor a translation can make it longer than allowed
    private readonly int[]? _onePassChecks;
    private readonly Check[]? _checkPlan;
    private readonly int[] _literalLength;

    // for each field, the checks Validate makes: its kind, its longest text, whether control characters are refused
    private readonly FieldKind[] _kinds = new FieldKind[SyncFields.Count];
    private readonly int[] _maxLengths = new int[SyncFields.Count];
    private char[] _scratch = new char[512];

    // where Validate writes a canonical number or date
    private readonly char[] _canonical = new char[24];

    // the move date of the body record imported last: a date, or a canonical date packed (made a date when asked)
    private DateTime? _moveDate;
    private int _moveDatePacked;
    private int _scratchUsed;
    private int _headerRemaining;
    private bool _processing;

    /// <summary>Creates an importer for one input.</summary>
    /// <param name="definition">The definition.</param>
    public RecordImporter(SyncDefinition definition)
    {
        _definition = definition ?? throw new ArgumentNullException(nameof(definition));
        _byElement = definition.Format != InputFormat.FixedPosition;
        _terminate = RulesOf(definition, RecordRuleType.Terminate);
        _header = RulesOf(definition, RecordRuleType.Header);
        _start = RulesOf(definition, RecordRuleType.Start);
        _end = RulesOf(definition, RecordRuleType.End);
        _exclusion = RulesOf(definition, RecordRuleType.Exclusion);
        if (_exclusion.Length == 1 && _exclusion[0].Filter.RequiredFirst is int first and >= 0)
        {
            _exclusionOffset = _exclusion[0].Offset;
            _exclusionFirst = first;
        }

        _literals = ToArray(definition.Literals);
        _literalChars = new char[_literals.Length][];
        for (int i = 0; i < _literals.Length; i++)
        {
            _literalChars[i] = _literals[i].Value.ToCharArray();
        }

        for (int i = 0; i < _values.Length; i++)
        {
            _values[i].Array = _scratch;
        }

        _extractions = ToArray(definition.Extractions);
        _removeSpaces = ToArray(definition.RemoveSpaces);
        _translations = ToArray(definition.Translations);
        _secondPass = ToArray(definition.SecondPassTranslations);
        _valueExclusions = ToArray(definition.Exclusions);
        _headerText = new char[definition.HeaderCount][];
        _headerLength = new int[definition.HeaderCount];
        for (int i = 0; i < _headerText.Length; i++)
        {
            _headerText[i] = new char[128];
        }

        _processing = _start.Length == 0;
        _markers = _terminate.Length + _header.Length + _start.Length + _end.Length > 0;
        _used = FieldsGivenBy(definition);
        for (int i = 0; i < SyncFields.Count; i++)
        {
            _kinds[i] = ((SyncField)i).Kind();
            _maxLengths[i] = ((SyncField)i).MaxLength();
        }

        _literalLength = new int[_literals.Length];
        for (int i = 0; i < _literals.Length; i++)
        {
            _literalLength[i] = TrimmedLength(_literalChars[i]);
        }

        _onePass = OnePassFields(definition, _byElement);
        if (_onePass is not null)
        {
            _onePassChecks = FieldsToCheck(_onePass);
            _checkPlan = CheckPlan(_onePassChecks);
        }
        // an ODBC row has as many elements as the query selects columns: a column it does not select is as wrong
        _filteredTyped = FilteredTypedFields(definition);
        _filterSlots = _filteredTyped.Length == 0 ? null : new ValueSlot[SyncFields.Count];
        _highestElementOf = new int[SyncFields.Count];
        if (_byElement)
        {
            foreach (var extraction in _extractions)
            {
                _elementsRead = Math.Max(_elementsRead, extraction.Offset);
                _highestElementOf[(int)extraction.Field] = Math.Max(_highestElementOf[(int)extraction.Field], extraction.Offset);
            }
        }
    }

    private static int[] FilteredTypedFields(SyncDefinition definition)
    {
        var fields = new List<int>();
        void Add(SyncField field)
        {
            if (field.Kind() != FieldKind.Text && !fields.Contains((int)field))
            {
                fields.Add((int)field);
            }
        }

        foreach (var rule in definition.MoveDateAdjustments)
        {
            Add(rule.Field);
        }

        foreach (var rule in definition.RepositoryOnMoveDateRules)
        {
            Add(rule.Field);
        }

        foreach (var rule in definition.RepositoryOnWriteTimeRules)
        {
            Add(rule.Field);
        }

        return fields.ToArray();
    }

    /// <summary>The fields a definition can give a value (literals, extractions, translations), in field order: no
    /// other field of a record it imports ever has one.</summary>
    internal static int[] FieldsGivenBy(SyncDefinition definition)
    {
        var used = new bool[SyncFields.Count];
        foreach (var literal in definition.Literals)
        {
            used[(int)literal.Field] = true;
        }

        foreach (var extraction in definition.Extractions)
        {
            used[(int)extraction.Field] = true;
        }

        foreach (var rule in definition.Translations)
        {
            used[(int)rule.Field] = true;
        }

        foreach (var rule in definition.SecondPassTranslations)
        {
            used[(int)rule.Field] = true;
        }

        var fields = new List<int>();
        for (int i = 0; i < used.Length; i++)
        {
            if (used[i])
            {
                fields.Add(i);
            }
        }

        return fields.ToArray();
    }

    /// <summary>Whether body records take the one-pass import (tests turn it off to compare it with the general passes).</summary>
    internal bool OnePass { get; set; } = true;

    /// <summary>Whether the one-pass plan compares some field's exact values without their patterns (for tests).</summary>
    internal bool UsesExactTranslations => UsesOnePass && Array.Exists(_onePass!, f => f.Exact is not null);

    /// <summary>Whether the definition has the shape of the one-pass import (and it is on).</summary>
    internal bool UsesOnePass => OnePass && _onePass is not null;

    // The plan of the one-pass import, or null when the definition needs the general passes.
    private static OnePassField[]? OnePassFields(SyncDefinition definition, bool byElement)
    {
        if (!byElement || definition.RemoveSpaces.Count > 0 || definition.SecondPassTranslations.Count > 0)
        {
            return null;
        }

        var given = new bool[SyncFields.Count];
        foreach (var literal in definition.Literals)
        {
            if (given[(int)literal.Field])
            {
                return null;
            }

            given[(int)literal.Field] = true;
        }

        var fields = new List<OnePassField>();
        foreach (var extraction in definition.Extractions)
        {
            if (given[(int)extraction.Field])
            {
                return null;
            }

            given[(int)extraction.Field] = true;
            var rules = new List<TranslationRule>();
            var constants = new List<char[]?>();
            foreach (var rule in definition.Translations)
            {
                if (rule.Field == extraction.Field)
                {
                    rules.Add(rule);
                    var text = rule.Translation.Text;
                    constants.Add(rule.Translation.UsesValue ? null : text.AsSpan(0, TrimmedLength(text.AsSpan())).ToArray());
                }
            }

            // rules that each match one exact value and give a constant (Library -> LIBR): compared as they are
            var exact = rules.Count > 0 && rules.TrueForAll(r => !r.Translation.UsesValue && r.Filter.ExactText is not null)
                ? rules.ConvertAll(r => r.Filter.ExactText!.ToCharArray()).ToArray()
                : null;

            fields.Add(new OnePassField((int)extraction.Field, extraction.Offset, extraction.Length, rules.ToArray(), constants.ToArray(), exact));
        }

        // a translation of a field no extraction gives (a literal's, say) takes the general passes
        foreach (var rule in definition.Translations)
        {
            if (!fields.Exists(f => f.Field == (int)rule.Field))
            {
                return null;
            }
        }

        return fields.ToArray();
    }

    // The fields Validate must look at after a one-pass import: any but a text field that can never be too long.
    private int[] FieldsToCheck(OnePassField[] plan)
    {
        var checks = new List<int>();
        foreach (int i in _used)
        {
            int longest = int.MaxValue;
            if (_kinds[i] == FieldKind.Text && i != (int)SyncField.Volume)
            {
                for (int l = 0; l < _literals.Length; l++)
                {
                    longest = (int)_literals[l].Field == i ? _literalLength[l] : longest;
                }

                foreach (var step in plan)
                {
                    if (step.Field != i)
                    {
                        continue;
                    }

                    longest = step.Length;
                    for (int r = 0; r < step.Rules.Length; r++)
                    {
                        longest = step.Constants[r] is { } constant ? Math.Max(longest, constant.Length) : int.MaxValue;
                        if (longest == int.MaxValue)
                        {
                            break;
                        }
                    }
                }
            }

            if (longest > _maxLengths[i])
            {
                checks.Add(i);
            }
        }

        return checks.ToArray();
    }

    /// <summary>Whether a TERMINATE record has been seen: nothing more should be read.</summary>
    public bool Terminated { get; private set; }

    /// <summary>Records imported so far: every record taken from the source (headings, markers, blank and excluded
    /// records included, the TERMINATE record too), the statistic <c>recordsRead</c>.</summary>
    public long RecordsRead { get; private set; }

    /// <summary>Records of header blocks so far.</summary>
    public long HeaderRecords { get; private set; }

    /// <summary>Records excluded so far (an <c>EXCLUSION</c> rule or <c>AddExclusionOnValue</c>).</summary>
    public long ExcludedRecords { get; private set; }

    /// <summary>Blank body records passed over so far.</summary>
    public long BlankRecords { get; private set; }

    /// <summary>Record errors so far.</summary>
    public long RecordErrors { get; private set; }

    /// <summary>Imports the next raw record. Once <see cref="Terminated"/> is true, stop reading: later records are
    /// not counted and come back as <see cref="ImportStatus.Terminated"/>.</summary>
    /// <param name="record">The record, in input order.</param>
    public ImportResult Import(SourceRecord record) => ImportInPlace(record) switch
    {
        ImportStatus.Body => ImportResult.Body(CreateRecord()),
        ImportStatus.Error => ImportResult.Failed(Error!),
        var status => ImportResult.Of(status),
    };

    /// <summary>The error of the record imported last, when its status was <see cref="ImportStatus.Error"/>.</summary>
    internal RecordError? Error { get; private set; }

    /// <summary>
    /// Imports the next raw record as <see cref="Import"/> does, but leaves a body record's final values in the
    /// importer (<see cref="ValueOf"/>, <see cref="MoveDate"/>, <see cref="WriteTime"/>, <see cref="Line"/>) without
    /// making a string of them (<see cref="CreateRecord"/> makes them), and a record error in <see cref="Error"/>: only
    /// the status comes back. The values hold until the next record is imported or the source reads
    /// on (an extracted value may be a view of the record's own text).
    /// </summary>
    internal ImportStatus ImportInPlace(SourceRecord record)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        if (Terminated)
        {
            return ImportStatus.Terminated;
        }

        RecordsRead++;
        var result = Classify(record);
        switch (result)
        {
            case ImportStatus.Header:
                HeaderRecords++;
                break;
            case ImportStatus.Excluded:
                ExcludedRecords++;
                break;
            case ImportStatus.Blank:
                BlankRecords++;
                break;
            case ImportStatus.Error:
                RecordErrors++;
                break;
        }

        return result;
    }

    /// <summary>The line of the body record imported last.</summary>
    internal long Line { get; private set; }

    /// <summary>The move date of the body record imported last, when it gives one.</summary>
    internal DateTime? MoveDate => _moveDatePacked != 0 ? DateFormat.FromPacked(_moveDatePacked) : _moveDate;

    /// <summary>The write time of the body record imported last, when it gives one.</summary>
    internal DateTime? WriteTime { get; private set; }

    /// <summary>A final value (canonical text) of the body record imported last; empty when it has none.</summary>
    internal ReadOnlySpan<char> ValueOf(SyncField field) => Value((int)field);

    /// <summary>Makes the body record imported last into an <see cref="ImportedRecord"/> (its strings).</summary>
    internal ImportedRecord CreateRecord()
    {
        var values = new string?[SyncFields.Count];
        for (int i = 0; i < values.Length; i++)
        {
            if (_values[i].Length > 0)
            {
                values[i] = Value(i).ToString();
            }
        }

        return new ImportedRecord(Line, values, MoveDate, WriteTime) { FilterValues = FilterValues() };
    }

    // the filtered fields' values as Screen saw them, as strings (null when the definition filters none)
    private string?[]? FilterValues()
    {
        if (_filterSlots is null)
        {
            return null;
        }

        var filterValues = new string?[SyncFields.Count];
        foreach (int field in _filteredTyped)
        {
            ref readonly var slot = ref _filterSlots[field];
            filterValues[field] = slot.Length == 0 ? null : new string(slot.Array, slot.Start, slot.Length);
        }

        return filterValues;
    }

    private ImportStatus Classify(SourceRecord record)
    {

        var text = record.Text;

        // the records after a HEADER record belong to its block whatever they contain
        if (_headerRemaining > 0)
        {
            int slot = _headerText.Length - _headerRemaining;
            _headerRemaining--;
            KeepHeader(slot, text);
            return record.Problem is { } headerProblem
                ? Fail(new RecordError(record.LineNumber, null, headerProblem))
                : ImportStatus.Header;
        }

        if (_markers && MarkerResult(text) is { } marked)
        {
            return marked;
        }

        if (record.Problem is { } problem)
        {
            return Fail(new RecordError(record.LineNumber, null, problem));
        }

        if (Matches(_exclusion, text))
        {
            return ImportStatus.Excluded;
        }

        // only white space, whatever the delimiter: a TAB- or space-delimited line of delimiters is as blank as an empty
        // one (its elements are white space too; a source that hands out elements without text is not blank)
        if (IsBlank(text) && (!_byElement || record.ElementCount <= 1 || ElementsAreBlank(record)))
        {
            return ImportStatus.Blank;
        }

        return _onePass is not null && OnePass ? ImportBodyInOnePass(record, _onePass) : ImportBody(record);
    }

    // TERMINATE, HEADER, START and END, and the records outside START..END: the status, or null for a record to go on with
    private ImportStatus? MarkerResult(ReadOnlySpan<char> text)
    {
        if (Matches(_terminate, text))
        {
            Terminated = true;
            return ImportStatus.Terminated;
        }

        if (Matches(_header, text))
        {
            Array.Clear(_headerLength, 0, _headerLength.Length);
            KeepHeader(0, text);
            _headerRemaining = _headerText.Length - 1;
            return ImportStatus.Header;
        }

        if (Matches(_start, text))
        {
            _processing = true;
            return ImportStatus.PassedOver;
        }

        if (Matches(_end, text))
        {
            _processing = false;
            return ImportStatus.PassedOver;
        }

        return _processing ? null : ImportStatus.PassedOver;
    }

    private static T[] ToArray<T>(IReadOnlyList<T> list)
    {
        var array = new T[list.Count];
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = list[i];
        }

        return array;
    }

    private static RecordRule[] RulesOf(SyncDefinition definition, RecordRuleType type)
    {
        int count = 0;
        foreach (var rule in definition.RecordRules)
        {
            count += rule.Type == type ? 1 : 0;
        }

        var rules = new RecordRule[count];
        count = 0;
        foreach (var rule in definition.RecordRules)
        {
            if (rule.Type == type)
            {
                rules[count++] = rule;
            }
        }

        return rules;
    }

    private static bool Matches(RecordRule[] rules, ReadOnlySpan<char> text)
    {
        foreach (var rule in rules)
        {
            if (Matches(rule, text))
            {
                return true;
            }
        }

        return false;
    }

    // a record rule's pattern against the record's text from the rule's offset on
    private static bool Matches(RecordRule rule, ReadOnlySpan<char> text) =>
        rule.Filter.IsMatch(rule.Offset <= text.Length ? text.Slice(rule.Offset) : ReadOnlySpan<char>.Empty);

    private void KeepHeader(int slot, ReadOnlySpan<char> text)
    {
        if (_headerText[slot].Length < text.Length)
        {
            _headerText[slot] = new char[Math.Max(text.Length, _headerText[slot].Length * 2)];
        }

        text.CopyTo(_headerText[slot]);
        _headerLength[slot] = text.Length;
    }

    private ReadOnlySpan<char> Value(int field)
    {
        ref readonly var slot = ref _values[field];
        return slot.Array.AsSpan(slot.Start, slot.Length);
    }

    private void SetView(int field, char[] array, int start, int length)
    {
        ref var slot = ref _values[field];
        slot.Array = array;
        slot.Start = start;
        slot.Length = length;
    }

    private void SetValue(int field, ReadOnlySpan<char> value)
    {
        if (_scratchUsed + value.Length > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratchUsed + value.Length, _scratch.Length * 2));
        }

        value.CopyTo(_scratch.AsSpan(_scratchUsed));
        _values[field].Array = _scratch;
        _values[field].Start = _scratchUsed;
        _values[field].Length = value.Length;
        _scratchUsed += value.Length;
    }

    private ImportStatus ImportBody(SourceRecord record)
    {
        bool tooFewElements = record.ElementCount < _elementsRead;
        if (tooFewElements && _valueExclusions.Length == 0)
        {
            return TooFewElements(record);
        }

        _scratchUsed = 0;
        foreach (int field in _used)
        {
            _values[field].Length = 0;
        }

        for (int i = 0; i < _literals.Length; i++)
        {
            var chars = _literalChars[i];
            SetView((int)_literals[i].Field, chars, 0, chars.Length);
        }

        foreach (var extraction in _extractions)
        {
            var array = Extract(record, extraction, out int start, out int length);
            SetView((int)extraction.Field, array, start, length);
        }

        foreach (int field in _used)
        {
            _values[field].Length = TrimmedLength(Value(field));
        }

        foreach (var field in _removeSpaces)
        {
            RemoveSpaces((int)field);
        }

        Translate(_translations, firstPass: true);
        Translate(_secondPass, firstPass: false);

        if (tooFewElements)
        {
            return ExcludedByElementsPresent(record.ElementCount) ? ImportStatus.Excluded : TooFewElements(record);
        }

        return Finish(record.LineNumber, _used);
    }

    // A record with fewer elements than the definition reads (a trailer line such as "Total: 12", a cleaning cartridge
    // listed alone) is excluded when an AddExclusionOnValue says so of a field read from elements it has, as
    // TMSS10Sync excludes it; a field read from a missing element is unknown, not empty, so no exclusion on it hides
    // the error of a line written with the wrong delimiter.
    private bool ExcludedByElementsPresent(int elementCount)
    {
        foreach (var exclusion in _valueExclusions)
        {
            if (_highestElementOf[(int)exclusion.Field] <= elementCount && exclusion.Filter.IsMatch(Value((int)exclusion.Field)))
            {
                return true;
            }
        }

        return false;
    }

    private ImportStatus TooFewElements(SourceRecord record) =>
        Fail(new RecordError(
                record.LineNumber,
                null,
                string.Format(
                    CultureInfo.InvariantCulture,
                    _definition.Format == InputFormat.Odbc
                        ? "the row has {0} column{1} but the definition reads column {2}; does the query select it?"
                        : "the record has {0} element{1} but the definition reads element {2}; is the delimiter right?",
                    record.ElementCount,
                    record.ElementCount == 1 ? string.Empty : "s",
                    _elementsRead)));

    // What both imports do once the values are made: the value exclusions, the required fields, then the checks of
    // the fields given (all the definition gives a value, or the one-pass import's list).
    private ImportStatus Finish(long line, int[] fieldsToCheck) => Screen(line) ?? Validate(line, fieldsToCheck);

    // The value exclusions, then the required fields: Excluded or Error, or null for a record whose values are checked next.
    private ImportStatus? Screen(long line)
    {
        foreach (var exclusion in _valueExclusions)
        {
            if (exclusion.Filter.IsMatch(Value((int)exclusion.Field)))
            {
                return ImportStatus.Excluded;
            }
        }

        foreach (var required in Required)
        {
            if (_values[(int)required].Length == 0)
            {
                return Fail(new RecordError(line, required.Name(), "is empty; every record needs VOLUME, CUSTOMER and MEDIA"));
            }
        }

        if (_filterSlots is not null)
        {
            foreach (int field in _filteredTyped)
            {
                _filterSlots[field] = _values[field];
            }
        }

        return null;
    }

    // A body record whose values passed their checks: its line and dates kept for the caller.
    private ImportStatus Accept(long line, DateTime? moveDate, int moveDatePacked, DateTime? writeTime)
    {
        Line = line;
        _moveDate = moveDate;
        _moveDatePacked = moveDatePacked;
        WriteTime = writeTime;
        return ImportStatus.Body;
    }

    // ImportBody for a definition with a one-pass plan: what the general passes give, each field extracted, trimmed and
    // translated in turn (a field's translation depends on its own value only), the literals views of their own text.
    private ImportStatus ImportBodyInOnePass(SourceRecord record, OnePassField[] plan)
    {
        if (record.ElementCount < _elementsRead)
        {
            return ImportBody(record);
        }

        _scratchUsed = 0;
        var literals = _literals;
        for (int i = 0; i < literals.Length; i++)
        {
            SetView((int)literals[i].Field, _literalChars[i], 0, _literalLength[i]);
        }

        for (int f = 0; f < plan.Length; f++)
        {
            ref readonly var step = ref plan[f];
            var array = Cut(record, step, out int start, out int length);
            SetView(step.Field, array, start, length);
            int r = MatchingRule(step, array.AsSpan(start, length));
            if (r >= 0)
            {
                if (step.Constants[r] is { } constant)
                {
                    SetView(step.Field, constant, 0, constant.Length);
                }
                else
                {
                    Translate(step.Field, step.Rules[r].Translation);
                }
            }
        }

        return FinishOnePass(record.LineNumber);
    }

    // Finish for the one-pass import: the value exclusions and required fields, then the checks by the plan made for the
    // definition (a length, a volume id, a canonical date); anything else, or any check that fails, goes through
    // Validate, which makes the same values and the same errors.
    private ImportStatus FinishOnePass(long line)
    {
        if (Screen(line) is { } screened)
        {
            return screened;
        }

        var values = _values;
        int moveDatePacked = 0;
        var checks = _checkPlan!;
        for (int c = 0; c < checks.Length; c++)
        {
            var check = checks[c];
            ref readonly var slot = ref values[check.Field];
            if (slot.Length == 0)
            {
                continue;
            }

            if (!Passes(check.Kind, check.MaxLength, slot.Array.AsSpan(slot.Start, slot.Length), out int packed))
            {
                return Validate(line, _onePassChecks!);
            }

            moveDatePacked = check.Kind == CheckKind.CanonicalDate ? packed : moveDatePacked;
        }

        return Accept(line, null, moveDatePacked, null);
    }

    // A value (not empty) against its check: false for a General one, which only Validate makes. packed: a canonical
    // date's value, packed.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Passes(CheckKind kind, int maxLength, ReadOnlySpan<char> value, out int packed)
    {
        packed = 0;
        return kind switch
        {
            CheckKind.None => true,
            CheckKind.Length => FitsLength(value, maxLength),
            CheckKind.VolumeId => IsVolumeId(value, maxLength),
            CheckKind.CanonicalDate => DateFormat.TryReadCanonicalDate(value, out packed),
            _ => false,
        };
    }

    // the checks Passes makes, one by one (the unchanged lane's steps make each of them alone)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool FitsLength(ReadOnlySpan<char> value, int maxLength) => value.Length <= maxLength;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsVolumeId(ReadOnlySpan<char> value, int maxLength) => value.Length <= maxLength && !ControlText.HasControl(value);

    // the field's element cut to its step's length and trimmed; when its translations are exact ones, the constant of
    // the one it matches instead (a view of the record's text, or of the constant)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static char[] Cut(SourceRecord record, in OnePassField step, out int start, out int length)
    {
        var array = LocateElement(record, step.Element, step.Length, out start, out length);
        length = TrimmedLength(array.AsSpan(start, length));
        if (step.Exact is { } exact && ExactMatch(exact, array.AsSpan(start, length)) is var r and >= 0)
        {
            var constant = step.Constants[r]!;
            start = 0;
            length = constant.Length;
            return constant;
        }

        return array;
    }

    /// <summary>Which of a field's exact translations' texts the value is, or -1; the first character tested apart,
    /// since the texts of most translations differ in it ("Library", "Offsite").</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int ExactMatch(char[][] exact, ReadOnlySpan<char> value)
    {
        for (int r = 0; r < exact.Length; r++)
        {
            var from = exact[r];
            if (from.Length == value.Length && (from.Length == 0 || from[0] == value[0]) && value.SequenceEqual(from))
            {
                return r;
            }
        }

        return -1;
    }

    // The first of a field's rules whose pattern matches its cut value (the first match wins, ttidef.md), or -1; none
    // for exact rules, which Cut has already applied.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int MatchingRule(in OnePassField step, ReadOnlySpan<char> value)
    {
        if (step.Exact is null)
        {
            var rules = step.Rules;
            for (int r = 0; r < rules.Length; r++)
            {
                if (rules[r].Filter.IsMatch(value))
                {
                    return r;
                }
            }
        }

        return -1;
    }

    // A translation that uses the value (* ~ ^) made into destination, trimmed as every value is: its length.
    internal static int ApplyTrimmed(TranslationTemplate translation, ReadOnlySpan<char> value, Span<char> destination) =>
        TrimmedLength(destination.Slice(0, translation.Apply(value, destination)));

    // how FinishOnePass checks a field
    internal enum CheckKind : byte
    {
        // any other check: Validate makes it
        General,

        // none: the plain lane's fields that FinishOnePass's plan does not list
        None,

        // a text no longer than MaxLength
        Length,

        // a volume id: no longer than MaxLength, no control character
        VolumeId,

        // the move date, when the definition reads it as yyyy-MM-dd: kept packed
        CanonicalDate,

        // the move date in another format, a flag, a number: Validate reads and rewrites them (the import), Rewrite (the
        // plain lanes)
        FormattedDate,
        Boolean,
        Integer,
    }

    private readonly record struct Check(int Field, CheckKind Kind, int MaxLength);

    // the plan of FinishOnePass for the fields Validate would look at
    private Check[] CheckPlan(int[] fields)
    {
        var plan = new Check[fields.Length];
        var format = _definition.MoveDateFormat;
        for (int c = 0; c < fields.Length; c++)
        {
            int i = fields[c];
            var kind = _kinds[i] switch
            {
                FieldKind.Text => i == (int)SyncField.Volume ? CheckKind.VolumeId : CheckKind.Length,
                FieldKind.Date when i == (int)SyncField.MoveDate && (format is null || format.IsCanonicalDate) => CheckKind.CanonicalDate,
                FieldKind.Date when i == (int)SyncField.MoveDate => CheckKind.FormattedDate,
                FieldKind.Boolean => CheckKind.Boolean,
                FieldKind.Integer => CheckKind.Integer,
                _ => CheckKind.General,
            };
            plan[c] = new Check(i, kind, _maxLengths[i]);
        }

        return plan;
    }

    // where a value is: a view of a record's text, a literal's characters or the scratch buffer
    private struct ValueSlot
    {
        public char[] Array;
        public int Start;
        public int Length;
    }

    // a field of the one-pass plan: the field, its element and longest length, its first-pass rules, and for each rule
    // its translation trimmed when it is a constant (a view of it is then the value), null when it uses the value
    // and, when every rule matches one exact value and gives a constant, those values (compared without the patterns)
    internal readonly record struct OnePassField(int Field, int Element, int Length, TranslationRule[] Rules, char[]?[] Constants, char[][]? Exact);

    // where element number (0: the whole text) of a delimited or ODBC record is, cut to the extraction's length
    private static char[] LocateElement(SourceRecord record, int number, int maxLength, out int start, out int length)
    {
        char[] array;
        if (number == 0)
        {
            array = record.LocateText(out start);
            length = record.Text.Length;
        }
        else
        {
            array = record.LocateElement(number, out start, out length);
        }

        length = Math.Min(length, maxLength);
        return array;
    }

    // where the extracted value is: an element (or the text) of the record, or a slice of a header record
    private char[] Extract(SourceRecord record, Extraction extraction, out int start, out int length)
    {
        if (_byElement)
        {
            return LocateElement(record, extraction.Offset, extraction.Length, out start, out length);
        }

        char[] source;
        int sourceStart, sourceLength;
        if (extraction.Record > 0)
        {
            int slot = extraction.Record - 1;
            source = slot < _headerText.Length ? _headerText[slot] : _scratch;
            sourceStart = 0;
            sourceLength = slot < _headerText.Length ? _headerLength[slot] : 0;
        }
        else
        {
            source = record.LocateText(out sourceStart);
            sourceLength = record.Text.Length;
        }

        if (extraction.Offset >= sourceLength)
        {
            start = 0;
            length = 0;
            return source;
        }

        start = sourceStart + extraction.Offset;
        length = Math.Min(extraction.Length, sourceLength - extraction.Offset);
        return source;
    }

    private void RemoveSpaces(int field)
    {
        if (!ReferenceEquals(_values[field].Array, _scratch))
        {
            // changed in place: in the scratch buffer, never in the record's own text
            SetValue(field, Value(field));
        }

        var value = _scratch.AsSpan(_values[field].Start, _values[field].Length);
        int kept = 0;
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != ' ')
            {
                value[kept++] = value[i];
            }
        }

        _values[field].Length = kept;
    }

    private void Translate(TranslationRule[] table, bool firstPass)
    {
        if (table.Length == 0)
        {
            return;
        }

        Span<bool> done = stackalloc bool[SyncFields.Count];
        foreach (var rule in table)
        {
            int field = (int)rule.Field;
            if (done[field])
            {
                continue;
            }

            var subject = firstPass ? Value(field) : Value((int)rule.ConditionField!.Value);
            if (rule.Filter.IsMatch(subject))
            {
                Translate(field, rule.Translation);
                done[field] = true;
            }
        }
    }

    /// <summary>The value without its trailing white space, as every extracted value is trimmed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ReadOnlySpan<char> Trimmed(ReadOnlySpan<char> value) => EndsPrintable(value) ? value : value.Slice(0, TrimmedLengthOfRest(value));

    private static int TrimmedLength(ReadOnlySpan<char> value) => EndsPrintable(value) ? value.Length : TrimmedLengthOfRest(value);

    // most values end in a printable ASCII character: nothing to trim, and no white-space table to consult
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool EndsPrintable(ReadOnlySpan<char> value) => value.IsEmpty || (uint)(value[value.Length - 1] - '!') <= '~' - '!';

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int TrimmedLengthOfRest(ReadOnlySpan<char> value)
    {
        int length = value.Length;
        while (length > 0 && char.IsWhiteSpace(value[length - 1]))
        {
            length--;
        }

        return length;
    }

    private void Translate(int field, TranslationTemplate translation)
    {
        if (!translation.UsesValue)
        {
            var constant = translation.Text.AsSpan();
            SetValue(field, constant.Slice(0, TrimmedLength(constant)));
            return;
        }

        // written after the values in the scratch buffer, then kept as the field's value
        Reserve(translation.MaxLength(_values[field].Length));
        var value = Value(field);
        int length = ApplyTrimmed(translation, value, _scratch.AsSpan(_scratchUsed));
        _values[field].Array = _scratch;
        _values[field].Start = _scratchUsed;
        _values[field].Length = length;
        _scratchUsed += length;
    }

    private void Reserve(int length)
    {
        if (_scratchUsed + length > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratchUsed + length, _scratch.Length * 2));
        }
    }

    // Checks and canonicalises the fields in field order (the first that fails is the record's error): every field the
    // definition gives a value, or the one-pass import's list of those whose check can fail or change them. The messages
    // are made in methods of their own: a record that passes (nearly all) runs none of their code.
    private ImportStatus Validate(long line, int[] fields)
    {
        DateTime? moveDate = null, writeTime = null;
        int moveDatePacked = 0;
        var canonical = _canonical;
        foreach (int i in fields)
        {
            if (_values[i].Length == 0)
            {
                continue;
            }

            var value = Value(i);
            if (i == (int)SyncField.Volume && ControlText.HasControl(value))
            {
                return Failed(line, i, FailedCheck.Control);
            }

            var kind = _kinds[i];
            switch (kind)
            {
                case FieldKind.Text:
                    if (value.Length > _maxLengths[i])
                    {
                        return Failed(line, i, FailedCheck.Length);
                    }

                    break;
                case FieldKind.Boolean:
                case FieldKind.Integer:
                    bool boolean = kind == FieldKind.Boolean;
                    int rewritten = Rewrite(boolean ? CheckKind.Boolean : CheckKind.Integer, null, value, canonical);
                    if (rewritten < 0)
                    {
                        return Failed(line, i, boolean ? FailedCheck.Boolean : FailedCheck.Integer);
                    }

                    SetValue(i, canonical.AsSpan(0, rewritten));
                    break;
                case FieldKind.Date:
                case FieldKind.DateTime:
                    bool dateOnly = kind == FieldKind.Date;
                    var format = dateOnly ? _definition.MoveDateFormat : _definition.WriteTimeFormat;

                    // a date already written in its canonical form, as most reports write it, is kept as it is
                    if (dateOnly && (format is null || format.IsCanonicalDate) && DateFormat.TryReadCanonicalDate(value, out int packed))
                    {
                        if (i == (int)SyncField.MoveDate)
                        {
                            // the date itself is made only when asked for (a record that changes something)
                            moveDatePacked = packed;
                        }

                        break;
                    }

                    int written = WriteDate(value, format, dateOnly, canonical, out var parsed);
                    if (written < 0)
                    {
                        return Failed(line, i, FailedCheck.Date);
                    }

                    if (!value.SequenceEqual(canonical.AsSpan(0, written)))
                    {
                        SetValue(i, canonical.AsSpan(0, written));
                    }

                    if (i == (int)SyncField.MoveDate)
                    {
                        moveDate = parsed;
                    }
                    else if (i == (int)SyncField.WriteTime)
                    {
                        writeTime = parsed;
                    }

                    break;
            }
        }

        return Accept(line, moveDate, moveDatePacked, writeTime);
    }

    // a record error: kept for the caller (Error), the status Error
    private ImportStatus Fail(RecordError error)
    {
        Error = error;
        return ImportStatus.Error;
    }

    // what a field's check found wrong
    private enum FailedCheck : byte
    {
        Control,
        Length,
        Boolean,
        Integer,
        Date,
    }

    // The record error of a failed check, its message naming the value: out of the way of the checks themselves.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private ImportStatus Failed(long line, int i, FailedCheck check)
    {
        var field = (SyncField)i;
        string value = Value(i).ToString();
        string message = check switch
        {
            FailedCheck.Control => $"'{value}' holds a control character; a volume id never does",
            FailedCheck.Length => $"'{value}' is longer than {field.MaxLength()} characters",
            FailedCheck.Boolean => $"'{value}' is not a yes/no value (YES, NO, TRUE, FALSE, Y, N, 1, 0)",
            FailedCheck.Integer => $"'{value}' is not a whole number",
            _ when _kinds[i] == FieldKind.Date => $"'{value}' does not fit the format {_definition.MoveDateFormat?.Text ?? FieldValues.DateFormat}",
            _ => $"'{value}' does not fit the format {_definition.WriteTimeFormat?.Text ?? FieldValues.DateTimeFormat}",
        };
        return Fail(new RecordError(line, field.Name(), message));
    }

    // A date read by its format (a date-only field at midnight) and written canonically (yyyy-MM-dd, or to the second)
    // into destination: its length, or -1 when the format does not read it.
    private static int WriteDate(ReadOnlySpan<char> value, DateFormat? format, bool dateOnly, Span<char> destination, out DateTime parsed)
    {
        if (!(format is not null ? format.TryParse(value, out parsed) : FieldValues.TryParseDate(value, out parsed)))
        {
            return -1;
        }

        parsed = dateOnly ? parsed.Date : parsed;
        return FieldValues.FormatDate(parsed, dateOnly, destination);
    }

    /// <summary>
    /// A value Validate rewrites, rewritten as Validate does (it calls this too) into <paramref name="destination"/> (at
    /// least 24 characters): a move date read by the definition's <paramref name="format"/> (yyyy-MM-dd), a flag, a
    /// number; its length, or -1 where Validate fails the record.
    /// </summary>
    internal static int Rewrite(CheckKind kind, DateFormat? format, ReadOnlySpan<char> value, Span<char> destination)
    {
        switch (kind)
        {
            case CheckKind.FormattedDate:
                return WriteDate(value, format, dateOnly: true, destination, out _);
            case CheckKind.Boolean:
                if (!FieldValues.TryParseBoolean(value, out bool flag))
                {
                    return -1;
                }

                var text = FieldValues.Format(flag).AsSpan();
                text.CopyTo(destination);
                return text.Length;
            case CheckKind.Integer:
                return FieldValues.TryParseInteger(value, out long number) ? FieldValues.FormatInteger(number, destination) : -1;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a value Validate rewrites");
        }
    }

    /// <summary>The definition's format of MOVEDATE.</summary>
    internal DateFormat? MoveDateFormat => _definition.MoveDateFormat;

    private static bool ElementsAreBlank(SourceRecord record)
    {
        for (int i = 1; i <= record.ElementCount; i++)
        {
            if (!IsBlank(record.GetElement(i)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBlank(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }
}
