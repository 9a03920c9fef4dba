using System;
using System.Runtime.CompilerServices;

namespace TapeTrack.Sync.Records;

/// <summary>
/// One raw record: its text and, for delimited and ODBC input, its elements. Sources fill one instance
/// over pooled buffers and reuse it, so reading costs no allocation per record.
/// </summary>
public sealed class SourceRecord
{
    private char[] _text = new char[256];

    // the text: in _text, or a view of a source's window (a delimited line, not copied)
    private char[] _textArray;
    private int _textStart;
    private int _textLength;
    private char[] _elements = new char[256];
    private int _elementsLength;
    private int[] _bounds = new int[64]; // start, length pairs into _elements
    private int _elementCount;

    // the elements are slices of the text (a delimited record without quotes), not copies
    private bool _elementsInText;

    /// <summary>Creates an empty record.</summary>
    public SourceRecord() => _textArray = _text;

    /// <summary>The one-based line of the input (or row of a query) the record starts on.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The raw record text: the line of a text report, the raw line of delimited input, the columns of an ODBC row joined by tabs.</summary>
    public ReadOnlySpan<char> Text => _textArray.AsSpan(_textStart, _textLength);

    /// <summary>Why the source could not read this record properly (too long, say), or <see langword="null"/>. Such a record becomes a record error.</summary>
    public string? Problem { get; private set; }

    /// <summary>The number of elements (delimited and ODBC input); 0 for fixed-position input.</summary>
    public int ElementCount => _elementCount;

    /// <summary>Element <paramref name="number"/> (one-based), unquoted; empty beyond the last one.</summary>
    /// <param name="number">The element number, from 1.</param>
    public ReadOnlySpan<char> GetElement(int number)
    {
        return number < 1 || number > _elementCount ? ReadOnlySpan<char>.Empty : ElementWithin(number);
    }

    /// <summary>Where element <paramref name="number"/> is held (as <see cref="GetElement"/> gives it): the array, and
    /// its start and length in it; valid while the record is.</summary>
    internal char[] LocateElement(int number, out int start, out int length)
    {
        if (number < 1 || number > _elementCount)
        {
            start = 0;
            length = 0;
            return _text;
        }

        int i = (number - 1) * 2;
        length = _bounds[i + 1];
        if (_elementsInText)
        {
            start = _textStart + _bounds[i];
            return _textArray;
        }

        start = _bounds[i];
        return _elements;
    }

    /// <summary>Element <paramref name="number"/> (one-based) as <see cref="GetElement"/> gives it, for a caller that has
    /// seen that the record has it (<see cref="ElementCount"/>): the count is not tested again.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReadOnlySpan<char> ElementWithin(int number)
    {
        int i = (number - 1) * 2;
        var bounds = _bounds;
        int start = bounds[i];
        int length = bounds[i + 1];
        return _elementsInText ? new ReadOnlySpan<char>(_textArray, _textStart + start, length) : new ReadOnlySpan<char>(_elements, start, length);
    }

    /// <summary>Where the text is held: the array, and its start in it (<see cref="Text"/>'s length).</summary>
    internal char[] LocateText(out int start)
    {
        start = _textStart;
        return _textArray;
    }

    /// <summary>Starts a new record: clears the text and the elements.</summary>
    /// <param name="lineNumber">The one-based line (or row) the record starts on.</param>
    public void Reset(long lineNumber)
    {
        _textArray = _text;
        Clear(lineNumber, elementsInText: false);
    }

    /// <summary>Sets the raw text.</summary>
    /// <param name="text">The text.</param>
    public void SetText(ReadOnlySpan<char> text)
    {
        _textArray = _text;
        _textStart = 0;
        _textLength = 0;
        AppendText(text);
    }

    /// <summary>Appends to the raw text.</summary>
    /// <param name="text">The text to append.</param>
    public void AppendText(ReadOnlySpan<char> text)
    {
        if (!ReferenceEquals(_textArray, _text))
        {
            // a view: the text becomes the record's own before it grows
            Ensure(ref _text, _textLength);
            _textArray.AsSpan(_textStart, _textLength).CopyTo(_text);
            _textArray = _text;
            _textStart = 0;
        }

        Ensure(ref _text, _textLength + text.Length);
        _textArray = _text;
        text.CopyTo(_text.AsSpan(_textLength));
        _textLength += text.Length;
    }

    /// <summary>Adds the next element.</summary>
    /// <param name="element">The element's value, unquoted.</param>
    public void AddElement(ReadOnlySpan<char> element)
    {
        Ensure(ref _elements, _elementsLength + element.Length);
        if ((_elementCount + 1) * 2 > _bounds.Length)
        {
            Array.Resize(ref _bounds, _bounds.Length * 2);
        }

        element.CopyTo(_elements.AsSpan(_elementsLength));
        _bounds[_elementCount * 2] = _elementsLength;
        _bounds[(_elementCount * 2) + 1] = element.Length;
        _elementsLength += element.Length;
        _elementCount++;
    }

    /// <summary>Makes the text a view of <paramref name="length"/> characters of a source's buffer from
    /// <paramref name="start"/>, without copying them: the buffer must not change while the record is in use.</summary>
    internal void SetTextView(char[] buffer, int start, int length)
    {
        // the same window for every record of a decoded step: not written again (each write of a reference to the
        // heap costs a call of the garbage collector's write barrier)
        if (!ReferenceEquals(_textArray, buffer))
        {
            _textArray = buffer;
        }

        _textStart = start;
        _textLength = length;
    }

    /// <summary>Starts a new record whose text will be a view (<see cref="SetTextView"/>) and whose elements are slices
    /// of it, written by the reader itself: start, length pairs, one element after the other from the start of the array
    /// returned, which holds at least 32 elements' bounds; the reader then tells their number
    /// (<see cref="SetElementsWritten"/>). The text is left empty in the array it views, so that the view set next does
    /// not write the array again.</summary>
    /// <param name="lineNumber">The one-based line (or row) the record starts on.</param>
    internal int[] ResetForView(long lineNumber)
    {
        Clear(lineNumber, elementsInText: true);
        return _bounds;
    }

    /// <summary>The number of elements whose bounds a reader wrote into the array <see cref="ResetForView"/> gave.</summary>
    internal void SetElementsWritten(int count) => _elementCount = count;

    /// <summary>Doubles the room for elements' bounds (for a reader that found <see cref="ResetForView"/>'s array
    /// too small for a line: the next one gets the larger array).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void GrowBounds() => Array.Resize(ref _bounds, _bounds.Length * 2);

    // a new record with no text (in whatever array the text is held) and no elements
    private void Clear(long lineNumber, bool elementsInText)
    {
        LineNumber = lineNumber;
        Problem = null;
        _textStart = 0;
        _textLength = 0;
        _elementsLength = 0;
        _elementCount = 0;
        _elementsInText = elementsInText;
    }

    /// <summary>Makes the elements the text's fields between delimiters, without copying them: for a delimited record
    /// with no quote in it.</summary>
    /// <param name="delimiter">The delimiter.</param>
    internal void SplitText(char delimiter)
    {
        _elementsInText = true;
        _elementCount = 0;
        var text = Text;
        int start = 0;
        while (true)
        {
            int next = text.Slice(start).IndexOf(delimiter);
            if ((_elementCount + 1) * 2 > _bounds.Length)
            {
                Array.Resize(ref _bounds, _bounds.Length * 2);
            }

            _bounds[_elementCount * 2] = start;
            _bounds[(_elementCount * 2) + 1] = next < 0 ? text.Length - start : next;
            _elementCount++;
            if (next < 0)
            {
                return;
            }

            start += next + 1;
        }
    }

    /// <summary>Marks the record as unreadable, with the reason; the importer reports it as a record error.</summary>
    /// <param name="problem">What is wrong, such as "the record is longer than 1048576 characters".</param>
    public void SetProblem(string problem) => Problem = problem;

    /// <summary>A copy that the source will not reuse.</summary>
    public SourceRecord Clone()
    {
        var copy = new SourceRecord();
        copy.Reset(LineNumber);
        copy.SetText(Text);
        copy.Problem = Problem;
        for (int i = 1; i <= _elementCount; i++)
        {
            copy.AddElement(GetElement(i));
        }

        return copy;
    }

    /// <summary>The raw text.</summary>
    public override string ToString() => Text.ToString();

    private static void Ensure(ref char[] buffer, int length)
    {
        if (length > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(length, buffer.Length * 2));
        }
    }
}
