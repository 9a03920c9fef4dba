using System;
using System.Globalization;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Import;

/// <summary>
/// The import engine: applies a definition to raw records in input order (record-level rules, header
/// blocks, extraction, literals, right-trim, <c>RemoveSpaces</c>, both translation passes, value
/// exclusions, validation) and gives typed field values or a record error. Stateful: one per input.
/// </summary>
public sealed class RecordImporter
{
    private readonly SyncDefinition _definition;
    private readonly string?[] _headerRecords;
    private readonly bool _hasStart;
    private readonly bool _byElement;
    private int _headerRemaining;
    private bool _processing;

    /// <summary>Creates an importer for one input.</summary>
    /// <param name="definition">The definition.</param>
    public RecordImporter(SyncDefinition definition)
    {
        _definition = definition ?? throw new ArgumentNullException(nameof(definition));
        _headerRecords = new string?[definition.HeaderCount];
        _byElement = definition.Format != InputFormat.FixedPosition;
        foreach (var rule in definition.RecordRules)
        {
            _hasStart |= rule.Type == RecordRuleType.Start;
        }

        _processing = !_hasStart;
    }

    /// <summary>Whether a TERMINATE record has been seen: nothing more should be read.</summary>
    public bool Terminated { get; private set; }

    /// <summary>Imports the next raw record.</summary>
    /// <param name="record">The record, in input order.</param>
    public ImportResult Import(SourceRecord record)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        if (Terminated)
        {
            return ImportResult.Of(ImportStatus.Terminated);
        }

        var text = record.Text;
        if (_headerRemaining > 0)
        {
            _headerRecords[_headerRecords.Length - _headerRemaining] = text.ToString();
            _headerRemaining--;
            return ImportResult.Of(ImportStatus.Header);
        }

        var rules = _definition.RecordRules;
        if (Matches(RecordRuleType.Terminate, text))
        {
            Terminated = true;
            return ImportResult.Of(ImportStatus.Terminated);
        }

        if (Matches(RecordRuleType.Header, text))
        {
            Array.Clear(_headerRecords, 0, _headerRecords.Length);
            _headerRecords[0] = text.ToString();
            _headerRemaining = _headerRecords.Length - 1;
            return ImportResult.Of(ImportStatus.Header);
        }

        if (Matches(RecordRuleType.Start, text))
        {
            _processing = true;
            return ImportResult.Of(ImportStatus.PassedOver);
        }

        if (Matches(RecordRuleType.End, text))
        {
            _processing = false;
            return ImportResult.Of(ImportStatus.PassedOver);
        }

        if (!_processing)
        {
            return ImportResult.Of(ImportStatus.PassedOver);
        }

        if (Matches(RecordRuleType.Exclusion, text))
        {
            return ImportResult.Of(ImportStatus.Excluded);
        }

        if (record.Problem is { } problem)
        {
            return ImportResult.Failed(new RecordError(record.LineNumber, null, problem));
        }

        if (IsBlank(text) && (!_byElement || record.ElementCount <= 1))
        {
            return ImportResult.Of(ImportStatus.PassedOver);
        }

        return ImportBody(record);
    }

    private bool Matches(RecordRuleType type, ReadOnlySpan<char> text)
    {
        foreach (var rule in _definition.RecordRules)
        {
            if (rule.Type == type && rule.Filter.IsMatch(rule.Offset <= text.Length ? text.Slice(rule.Offset) : ReadOnlySpan<char>.Empty))
            {
                return true;
            }
        }

        return false;
    }

    private ImportResult ImportBody(SourceRecord record)
    {
        var values = new string?[SyncFields.Count];
        foreach (var literal in _definition.Literals)
        {
            values[(int)literal.Field] = literal.Value;
        }

        foreach (var extraction in _definition.Extractions)
        {
            values[(int)extraction.Field] = Extract(record, extraction);
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is { } value)
            {
                value = value.TrimEnd();
                values[i] = value.Length == 0 ? null : value;
            }
        }

        foreach (var field in _definition.RemoveSpaces)
        {
            if (values[(int)field] is { } value && value.IndexOf(' ') >= 0)
            {
                value = value.Replace(" ", string.Empty);
                values[(int)field] = value.Length == 0 ? null : value;
            }
        }

        Translate(values, firstPass: true);
        Translate(values, firstPass: false);

        foreach (var exclusion in _definition.Exclusions)
        {
            if (exclusion.Filter.IsMatch(values[(int)exclusion.Field]))
            {
                return ImportResult.Of(ImportStatus.Excluded);
            }
        }

        return Validate(record.LineNumber, values);
    }

    private string? Extract(SourceRecord record, Extraction extraction)
    {
        ReadOnlySpan<char> value;
        if (_byElement)
        {
            value = extraction.Offset == 0 ? record.Text : record.GetElement(extraction.Offset);
            if (value.Length > extraction.Length)
            {
                value = value.Slice(0, extraction.Length);
            }
        }
        else
        {
            ReadOnlySpan<char> source;
            if (extraction.Record > 0)
            {
                source = extraction.Record <= _headerRecords.Length ? _headerRecords[extraction.Record - 1].AsSpan() : ReadOnlySpan<char>.Empty;
            }
            else
            {
                source = record.Text;
            }

            if (extraction.Offset >= source.Length)
            {
                return null;
            }

            value = source.Slice(extraction.Offset, Math.Min(extraction.Length, source.Length - extraction.Offset));
        }

        return value.Length == 0 ? null : value.ToString();
    }

    private void Translate(string?[] values, bool firstPass)
    {
        var table = firstPass ? _definition.Translations : _definition.SecondPassTranslations;
        if (table.Count == 0)
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

            var subject = firstPass ? values[field] : values[(int)rule.ConditionField!.Value];
            if (rule.Filter.IsMatch(subject))
            {
                var translated = rule.Translation.Apply((values[field] ?? string.Empty).AsSpan()).TrimEnd();
                values[field] = translated.Length == 0 ? null : translated;
                done[field] = true;
            }
        }
    }

    private ImportResult Validate(long line, string?[] values)
    {
        foreach (var required in new[] { SyncField.Volume, SyncField.Customer, SyncField.Media })
        {
            if (values[(int)required] is null)
            {
                return ImportResult.Failed(new RecordError(line, required.Name(), "is empty; every record needs VOLUME, CUSTOMER and MEDIA"));
            }
        }

        DateTime? moveDate = null, writeTime = null;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is not { } value)
            {
                continue;
            }

            var field = (SyncField)i;
            switch (field.Kind())
            {
                case FieldKind.Text:
                    if (value.Length > field.MaxLength())
                    {
                        return ImportResult.Failed(new RecordError(line, field.Name(), $"'{value}' is longer than {field.MaxLength()} characters"));
                    }

                    break;
                case FieldKind.Boolean:
                    if (!TryBoolean(value, out bool flag))
                    {
                        return ImportResult.Failed(new RecordError(line, field.Name(), $"'{value}' is not a yes/no value (YES, NO, TRUE, FALSE, Y, N, 1, 0)"));
                    }

                    values[i] = flag ? "true" : "false";
                    break;
                case FieldKind.Integer:
                    if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number))
                    {
                        return ImportResult.Failed(new RecordError(line, field.Name(), $"'{value}' is not a whole number"));
                    }

                    values[i] = number.ToString(CultureInfo.InvariantCulture);
                    break;
                case FieldKind.Date:
                case FieldKind.DateTime:
                    bool dateOnly = field.Kind() == FieldKind.Date;
                    var format = dateOnly ? _definition.MoveDateFormat : _definition.WriteTimeFormat;
                    if (!TryDate(value, format, out var parsed))
                    {
                        string expected = format?.Text ?? (dateOnly ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ss");
                        return ImportResult.Failed(new RecordError(line, field.Name(), $"'{value}' does not fit the format {expected}"));
                    }

                    if (dateOnly)
                    {
                        parsed = parsed.Date;
                    }

                    values[i] = parsed.ToString(dateOnly ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
                    if (field == SyncField.MoveDate)
                    {
                        moveDate = parsed;
                    }
                    else if (field == SyncField.WriteTime)
                    {
                        writeTime = parsed;
                    }

                    break;
            }
        }

        return ImportResult.Body(new ImportedRecord(line, values, moveDate, writeTime));
    }

    private static bool TryDate(string value, DateFormat? format, out DateTime parsed)
    {
        if (format is not null && format.TryParse(value.AsSpan(), out parsed))
        {
            return true;
        }

        return DateTime.TryParseExact(value, new[] { "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss" }, CultureInfo.InvariantCulture, DateTimeStyles.None, out parsed) && format is null;
    }

    internal static bool TryBoolean(string value, out bool result)
    {
        switch (value.ToUpperInvariant())
        {
            case "YES": case "TRUE": case "Y": case "1":
                result = true;
                return true;
            case "NO": case "FALSE": case "N": case "0":
                result = false;
                return true;
            default:
                result = false;
                return false;
        }
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
