using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using TapeTrack.Sync.Definitions;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// Writes a store file (cli.md) item by item, flushing as it goes, so that a store of any size is written in
/// bounded memory: <see cref="WriteCustomer"/>, then its <see cref="WriteMedia"/>, each followed by its
/// <see cref="WriteVolume"/>s, then the <see cref="WriteUser"/>s, then <see cref="Complete"/>. Items are written
/// in the order given: call it sorted (customer, media, volume, user) for the export order of cli.md.
/// </summary>
public sealed class StoreFileWriter : IDisposable
{
    private const int FlushThreshold = 32 * 1024;

    private readonly Stream _stream;
    private readonly Utf8JsonWriter _writer;
    private State _state = State.Start;

    /// <summary>Creates a writer.</summary>
    /// <param name="stream">Where to write (UTF-8, no byte-order mark); not closed by the writer.</param>
    public StoreFileWriter(Stream stream)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
    }

    private enum State
    {
        Start,
        Customers,
        Customer,
        Media,
        Users,
        Done,
    }

    /// <summary>Starts a customer: its id, description and attribute definitions. Its <see cref="StoreCustomer.Media"/> list is not written; write each media with <see cref="WriteMedia"/>.</summary>
    /// <param name="customer">The customer.</param>
    public void WriteCustomer(StoreCustomer customer)
    {
        if (customer is null)
        {
            throw new ArgumentNullException(nameof(customer));
        }

        To(State.Customers);
        _writer.WriteStartObject();
        _writer.WriteString("id", customer.Id);
        _writer.WriteString("description", customer.Description);
        _writer.WriteStartArray("attributes");
        foreach (var attribute in Sorted(customer.Attributes, a => a.Index.ToString("D3", CultureInfo.InvariantCulture)))
        {
            _writer.WriteStartObject();
            _writer.WriteNumber("index", attribute.Index);
            _writer.WriteString("name", attribute.Name);
            _writer.WriteString("type", attribute.Type);
            _writer.WriteEndObject();
        }

        _writer.WriteEndArray();
        _writer.WriteStartArray("media");
        _state = State.Customer;
    }

    /// <summary>Starts a media of the last customer: its id, description and repositories. Its <see cref="StoreMedia.Volumes"/> list is not written; write each volume with <see cref="WriteVolume"/>.</summary>
    /// <param name="media">The media.</param>
    public void WriteMedia(StoreMedia media)
    {
        if (media is null)
        {
            throw new ArgumentNullException(nameof(media));
        }

        if (_state is not (State.Customer or State.Media))
        {
            throw new InvalidOperationException("A media is written after its customer.");
        }

        To(State.Customer);
        _writer.WriteStartObject();
        _writer.WriteString("id", media.Id);
        _writer.WriteString("description", media.Description);
        _writer.WriteStartArray("repositories");
        foreach (var repository in Sorted(media.Repositories, r => r.Id))
        {
            _writer.WriteStartObject();
            _writer.WriteString("id", repository.Id);
            _writer.WriteString("description", repository.Description);
            _writer.WriteString("type", repository.Type.ToString());
            _writer.WriteBoolean("offsite", repository.Offsite);
            _writer.WriteString("next", repository.Next);
            _writer.WriteEndObject();
        }

        _writer.WriteEndArray();
        _writer.WriteStartArray("volumes");
        _state = State.Media;
    }

    /// <summary>Writes a volume of the last media: every field, and its version.</summary>
    /// <param name="volume">The volume.</param>
    public void WriteVolume(Volume volume)
    {
        if (volume is null)
        {
            throw new ArgumentNullException(nameof(volume));
        }

        if (_state != State.Media)
        {
            throw new InvalidOperationException("A volume is written after its media.");
        }

        _writer.WriteStartObject();
        _writer.WriteString("id", volume.Id);
        _writer.WriteString("current", volume.Current);
        _writer.WriteString("target", volume.IsMoving ? volume.Target : null);
        foreach (var (json, field, kind) in StoreFileFields.Volume)
        {
            var value = volume.Get(field);
            if (value is null)
            {
                _writer.WriteNull(json);
            }
            else if (kind == FieldKind.Boolean && FieldValues.TryParseBoolean(value.AsSpan(), out bool flag))
            {
                _writer.WriteBoolean(json, flag);
            }
            else if (kind == FieldKind.Integer && FieldValues.TryParseInteger(value.AsSpan(), out long number))
            {
                _writer.WriteNumber(json, number);
            }
            else
            {
                _writer.WriteString(json, value);
            }
        }

        _writer.WriteStartObject("attributes");
        for (int i = 1; i <= 200; i++)
        {
            var value = volume.Get(VolumeFields.Attribute(i));
            if (value is not null)
            {
                _writer.WriteString(i.ToString(CultureInfo.InvariantCulture), value);
            }
        }

        _writer.WriteEndObject();
        _writer.WriteNumber("version", volume.Version);
        _writer.WriteEndObject();
        FlushIfFull();
    }

    /// <summary>Writes a user, by name only: passwords are never written back.</summary>
    /// <param name="user">The user.</param>
    public void WriteUser(StoreUser user)
    {
        if (user is null)
        {
            throw new ArgumentNullException(nameof(user));
        }

        To(State.Users);
        _writer.WriteStartObject();
        _writer.WriteString("name", user.Name);
        if (user.Customers is { } granted)
        {
            _writer.WriteStartArray("customers");
            foreach (var customer in Sorted(granted, c => c))
            {
                _writer.WriteStringValue(customer);
            }

            _writer.WriteEndArray();
        }
        _writer.WriteEndObject();
        FlushIfFull();
    }

    /// <summary>Closes what is open and flushes the file, ending it with a line break.</summary>
    public void Complete()
    {
        To(State.Done);
        _writer.Flush();
        _stream.WriteByte((byte)'\n');
        _stream.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    internal static List<T> Sorted<T>(IEnumerable<T> items, Func<T, string> key)
    {
        var list = new List<T>(items);
        list.Sort((a, b) => string.CompareOrdinal(key(a), key(b)));
        return list;
    }

    private void FlushIfFull()
    {
        if (_writer.BytesPending > FlushThreshold)
        {
            _writer.Flush();
        }
    }

    // closes and opens the arrays between where the writer is and where the next item goes
    private void To(State target)
    {
        if (_state == State.Done)
        {
            throw new InvalidOperationException("The store file is complete.");
        }

        if (_state == State.Start)
        {
            _writer.WriteStartObject();
            _writer.WriteStartArray("customers");
            _state = State.Customers;
        }

        if (target == State.Customers && _state == State.Users)
        {
            throw new InvalidOperationException("Customers are written before users.");
        }

        if (_state == State.Media && target != State.Media)
        {
            _writer.WriteEndArray();
            _writer.WriteEndObject();
            _state = State.Customer;
        }

        if (_state == State.Customer && target != State.Customer)
        {
            _writer.WriteEndArray();
            _writer.WriteEndObject();
            _state = State.Customers;
        }

        if (_state == State.Customers && target is State.Users or State.Done)
        {
            _writer.WriteEndArray();
            _writer.WriteStartArray("users");
            _state = State.Users;
        }

        if (_state == State.Users && target == State.Done)
        {
            _writer.WriteEndArray();
            _writer.WriteEndObject();
            _state = State.Done;
        }
    }
}
