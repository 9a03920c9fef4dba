using System;
using System.Collections.Generic;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Import;

/// <summary>
/// The field values of one body record, final and validated: right-trimmed, translated, typed.
/// Values are canonical text (dates <c>yyyy-MM-dd</c>, date-times <c>yyyy-MM-ddTHH:mm:ss</c>, booleans <c>true</c>/<c>false</c>).
/// </summary>
public sealed class ImportedRecord
{
    private readonly string?[] _values;

    internal ImportedRecord(long line, string?[] values, DateTime? moveDate, DateTime? writeTime)
    {
        Line = line;
        _values = values;
        MoveDate = moveDate;
        WriteTime = writeTime;
    }

    /// <summary>The one-based input line (or ODBC row) of the record.</summary>
    public long Line { get; }

    /// <summary>The customer id.</summary>
    public string Customer => _values[(int)SyncField.Customer]!;

    /// <summary>The media id.</summary>
    public string Media => _values[(int)SyncField.Media]!;

    /// <summary>The volume id.</summary>
    public string Volume => _values[(int)SyncField.Volume]!;

    /// <summary>The volume's key.</summary>
    public VolumeKey Key => new(Customer, Media, Volume);

    /// <summary>The move date, when the record gives one.</summary>
    public DateTime? MoveDate { get; }

    /// <summary>The write time, when the record gives one.</summary>
    public DateTime? WriteTime { get; }

    /// <summary>The field's value, or <see langword="null"/> when it is empty.</summary>
    /// <param name="field">The field.</param>
    public string? this[SyncField field] => _values[(int)field];

    /// <summary>Every field with a value, in field order.</summary>
    public IEnumerable<KeyValuePair<SyncField, string>> Values
    {
        get
        {
            for (int i = 0; i < _values.Length; i++)
            {
                if (_values[i] is { } value)
                {
                    yield return new KeyValuePair<SyncField, string>((SyncField)i, value);
                }
            }
        }
    }

    /// <summary>
    /// The values, as the definition made them (before a date, a yes/no or a number was written in its canonical
    /// form), of the fields a sync statement filters; null when no such field has one.
    /// </summary>
    internal string?[]? FilterValues { get; set; }

    /// <summary>The value a sync statement's filter is matched against: the field's value as the definition made it, as
    /// <c>AddExclusionOnValue</c> sees it (<c>N</c>, not <c>false</c>; <c>05/12/2026</c>, not <c>2026-12-05</c>).</summary>
    /// <param name="field">The field.</param>
    internal string? FilterValue(SyncField field) => FilterValues?[(int)field] ?? _values[(int)field];

    /// <summary>A copy with one value changed (the sync statements use it).</summary>
    internal ImportedRecord With(SyncField field, string? value, DateTime? moveDate)
    {
        var values = (string?[])_values.Clone();
        values[(int)field] = value;
        return new ImportedRecord(Line, values, moveDate, WriteTime) { FilterValues = FilterValues };
    }

    /// <inheritdoc />
    public override string ToString() => $"line {Line}: {Key}";
}
