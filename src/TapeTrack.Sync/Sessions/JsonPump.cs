using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// Tokens and whole values from a JSON stream, through a buffer that holds the current value only: what lets
/// <see cref="StoreFileReader"/> read a file of any size in bounded memory.
/// </summary>
internal sealed class JsonPump
{
    private readonly Stream _stream;
    private readonly string _source;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _final;
    private JsonReaderState _state;
    private bool _started;

    public JsonPump(Stream stream, string source, JsonReaderOptions options)
    {
        _stream = stream;
        _source = source;
        _state = new JsonReaderState(options);
    }

    /// <summary>The first byte of the text that is not white space, or -1 for none: to refuse a file that is not JSON by its first bytes.</summary>
    public int FirstByte()
    {
        while (true)
        {
            for (int i = _start; i < _end; i++)
            {
                if (_buffer[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return _buffer[i];
                }
            }

            if (_final)
            {
                return -1;
            }

            Fill();
        }
    }

    /// <summary>Reads one token; a property name comes back in <paramref name="name"/>.</summary>
    public JsonTokenType Next(out string? name)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            try
            {
                if (reader.Read())
                {
                    name = reader.TokenType == JsonTokenType.PropertyName ? reader.GetString() : null;
                    Consume(ref reader);
                    return reader.TokenType;
                }
            }
            catch (JsonException e)
            {
                throw StoreFileReader.NotJson(_source, e);
            }

            if (_final)
            {
                throw new StoreFormatException(_source, "$", "ends before the JSON does");
            }

            Fill();
        }
    }

    /// <summary>The type of the next token, without reading it.</summary>
    public JsonTokenType Peek()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            try
            {
                if (reader.Read())
                {
                    return reader.TokenType;
                }
            }
            catch (JsonException e)
            {
                throw StoreFileReader.NotJson(_source, e);
            }

            if (_final)
            {
                throw new StoreFormatException(_source, "$", "ends before the JSON does");
            }

            Fill();
        }
    }

    /// <summary>Reads the next value whole (a property's value or an array element).</summary>
    public JsonElement Value()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            try
            {
                // a reader made from a state starts at the state's last token: move to the value's first one
                if (reader.Read() && JsonDocument.TryParseValue(ref reader, out var document))
                {
                    using (document)
                    {
                        Consume(ref reader);
                        return document.RootElement.Clone();
                    }
                }
            }
            catch (JsonException e)
            {
                throw StoreFileReader.NotJson(_source, e);
            }

            if (_final)
            {
                throw new StoreFormatException(_source, "$", "ends before the JSON does");
            }

            Fill();
        }
    }

    /// <summary>Reads the start of an array, then yields once before each element (left unread) until its end.</summary>
    public IEnumerable<int> Elements(string path, StoreFileValidator validator)
    {
        if (Next(out _) != JsonTokenType.StartArray)
        {
            throw validator.Error(path, "must be an array");
        }

        for (int i = 0; ; i++)
        {
            if (Peek() == JsonTokenType.EndArray)
            {
                Next(out _);
                yield break;
            }

            yield return i;
        }
    }

    /// <summary>Checks that nothing but white space and comments follows the document.</summary>
    public void End()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            try
            {
                if (reader.Read())
                {
                    throw new StoreFormatException(_source, "$", "has text after the end of the JSON");
                }
            }
            catch (JsonException e)
            {
                throw StoreFileReader.NotJson(_source, e);
            }

            if (_final)
            {
                return;
            }

            Fill();
        }
    }

    private void Consume(ref Utf8JsonReader reader)
    {
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            // one value longer than the buffer: grow it to hold that value
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _final = true;
        }

        _end += read;
        if (!_started && (_end >= 3 || _final))
        {
            _started = true;
            if (_end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
            {
                _start = 3;
            }
        }
    }
}
