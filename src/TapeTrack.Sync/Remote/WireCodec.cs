using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Remote;

/// <summary>
/// Writes the compact body format of the Framework Server protocol (docs/protocol.md): varints, and strings
/// through <see cref="StringColumn"/>s that replace a repeated value by its index and a new value by what
/// differs from the value before it. Bodies are compressed with DEFLATE on top.
/// </summary>
internal sealed class WireWriter
{
    private static readonly UTF8Encoding Utf8 = new(false, true);
    private readonly Stream _stream;
    private readonly byte[] _scratch = new byte[16];

    public WireWriter(Stream stream)
    {
        _stream = stream;
    }

    public void WriteByte(byte value) => _stream.WriteByte(value);

    public void WriteVarint(ulong value)
    {
        int n = 0;
        while (value >= 0x80)
        {
            _scratch[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _scratch[n++] = (byte)value;
        _stream.Write(_scratch, 0, n);
    }

    public void WriteSigned(long value) => WriteVarint((ulong)((value << 1) ^ (value >> 63)));

    public void WriteString(string value) => WriteString(value, 0);

    public void WriteString(string value, int start)
    {
        var bytes = Utf8.GetBytes(value.Substring(start));
        WriteVarint((ulong)bytes.Length);
        _stream.Write(bytes, 0, bytes.Length);
    }

    public void WriteBytes(byte[] bytes) => _stream.Write(bytes, 0, bytes.Length);
}

/// <summary>Reads what <see cref="WireWriter"/> writes; a body that ends early or breaks a rule is an <see cref="InvalidDataException"/>.</summary>
internal sealed class WireReader
{
    private const int MaxStringBytes = 1 << 20;
    private static readonly UTF8Encoding Utf8 = new(false, true);
    private readonly Stream _stream;

    public WireReader(Stream stream)
    {
        _stream = stream;
    }

    public byte ReadByte()
    {
        int b = _stream.ReadByte();
        if (b < 0)
        {
            throw new InvalidDataException("the message ended early");
        }

        return (byte)b;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("a number of the message is too long");
    }

    public int ReadCount(int max)
    {
        ulong value = ReadVarint();
        if (value > (ulong)max)
        {
            throw new InvalidDataException($"a count of the message ({value}) is over its limit ({max})");
        }

        return (int)value;
    }

    public long ReadSigned()
    {
        ulong raw = ReadVarint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public string ReadString()
    {
        int length = ReadCount(MaxStringBytes);
        if (length == 0)
        {
            return string.Empty;
        }

        var bytes = new byte[length];
        int read = 0;
        while (read < length)
        {
            int n = _stream.Read(bytes, read, length - read);
            if (n <= 0)
            {
                throw new InvalidDataException("the message ended early");
            }

            read += n;
        }

        try
        {
            return Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException("a text of the message is not UTF-8");
        }
    }

    public byte[] ReadBytes(int length)
    {
        var bytes = new byte[length];
        int read = 0;
        while (read < length)
        {
            int n = _stream.Read(bytes, read, length - read);
            if (n <= 0)
            {
                throw new InvalidDataException("the message ended early");
            }

            read += n;
        }

        return bytes;
    }
}

/// <summary>
/// The strings of one column (volume ids, one field's values...): 0 is empty, 1 a new value (its prefix in
/// common with the column's previous value, then the rest), n ≥ 2 the (n - 2)th new value seen. The writer and
/// the reader keep the same state, so each value costs a byte or two once seen.
/// </summary>
internal sealed class StringColumn
{
    private const int MaxEntries = 1 << 16;
    private readonly List<string> _values = new();
    private readonly Dictionary<string, int>? _index;
    private string _previous = string.Empty;

    public StringColumn(bool writing)
    {
        _index = writing ? new Dictionary<string, int>(StringComparer.Ordinal) : null;
    }

    public void Write(WireWriter writer, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            writer.WriteVarint(0);
            return;
        }

        if (_index!.TryGetValue(value!, out int at))
        {
            writer.WriteVarint((ulong)at + 2);
            _previous = value!;
            return;
        }

        int prefix = 0;
        int max = Math.Min(value!.Length, _previous.Length);
        while (prefix < max && value[prefix] == _previous[prefix])
        {
            prefix++;
        }

        if (prefix > 0 && char.IsHighSurrogate(value[prefix - 1]))
        {
            prefix--;
        }

        writer.WriteVarint(1);
        writer.WriteVarint((ulong)prefix);
        writer.WriteString(value, prefix);
        if (_values.Count < MaxEntries)
        {
            _index[value] = _values.Count;
            _values.Add(value);
        }

        _previous = value;
    }

    public string? Read(WireReader reader)
    {
        ulong tag = reader.ReadVarint();
        if (tag == 0)
        {
            return null;
        }

        string value;
        if (tag == 1)
        {
            ulong prefix = reader.ReadVarint();
            if (prefix > (ulong)_previous.Length)
            {
                throw new InvalidDataException("a text of the message refers past the value before it");
            }

            value = _previous.Substring(0, (int)prefix) + reader.ReadString();
            if (value.Length == 0)
            {
                throw new InvalidDataException("a text of the message is empty where a value is expected");
            }

            if (_values.Count < MaxEntries)
            {
                _values.Add(value);
            }
        }
        else
        {
            ulong at = tag - 2;
            if (at >= (ulong)_values.Count)
            {
                throw new InvalidDataException("a text of the message refers to a value never sent");
            }

            value = _values[(int)at];
        }

        _previous = value;
        return value;
    }
}

/// <summary>The columns that volumes are written through, kept for a whole message.</summary>
internal sealed class VolumeColumns
{
    private readonly bool _writing;
    private readonly Dictionary<string, StringColumn> _fields = new(StringComparer.Ordinal);
    private long _previousVersion;

    public VolumeColumns(bool writing)
    {
        _writing = writing;
        Ids = new StringColumn(writing);
        Current = new StringColumn(writing);
        Target = new StringColumn(writing);
        FieldNames = new StringColumn(writing);
    }

    public StringColumn Ids { get; }

    public StringColumn Current { get; }

    public StringColumn Target { get; }

    public StringColumn FieldNames { get; }

    public StringColumn Field(string name)
    {
        if (!_fields.TryGetValue(name, out var column))
        {
            column = new StringColumn(_writing);
            _fields[name] = column;
        }

        return column;
    }

    public void WriteVersion(WireWriter writer, long version)
    {
        writer.WriteSigned(version - _previousVersion);
        _previousVersion = version;
    }

    public long ReadVersion(WireReader reader)
    {
        long version = _previousVersion + reader.ReadSigned();
        if (version < 0)
        {
            throw new InvalidDataException("a version of the message is negative");
        }

        _previousVersion = version;
        return version;
    }
}

/// <summary>The bodies of the protocol: scopes, volumes, batches of updates and their results (docs/protocol.md).</summary>
internal static class WireCodec
{
    /// <summary>The format of every body; a reader refuses another.</summary>
    public const byte FormatVersion = 1;

    /// <summary>Volumes per block of a scope download: the server writes and flushes each block as it goes.</summary>
    public const int BlockSize = 2048;

    public const int MaxVolumesPerBlock = 1 << 16;
    public const int MaxRepositories = 1 << 12;
    public const int MaxFields = 256;
    public const int MaxUpdates = 1 << 20;

    public static void WriteHeader(WireWriter writer) => writer.WriteByte(FormatVersion);

    public static void ReadHeader(WireReader reader)
    {
        byte format = reader.ReadByte();
        if (format != FormatVersion)
        {
            throw new InvalidDataException($"the message is in format {format}; this version reads format {FormatVersion}");
        }
    }

    public static void WriteRepositories(WireWriter writer, IReadOnlyList<Repository> repositories)
    {
        writer.WriteVarint((ulong)repositories.Count);
        foreach (var repository in repositories)
        {
            writer.WriteString(repository.Id);
            writer.WriteString(repository.Description);
            writer.WriteByte((byte)repository.Type);
            writer.WriteString(repository.Next ?? string.Empty);
            writer.WriteByte(repository.Offsite ? (byte)1 : (byte)0);
        }
    }

    public static Repository[] ReadRepositories(WireReader reader)
    {
        var repositories = new Repository[reader.ReadCount(MaxRepositories)];
        for (int i = 0; i < repositories.Length; i++)
        {
            string id = reader.ReadString();
            string description = reader.ReadString();
            byte type = reader.ReadByte();
            if (type > (byte)RepositoryType.Ordered)
            {
                throw new InvalidDataException($"repository type {type} is unknown");
            }

            string next = reader.ReadString();
            bool offsite = reader.ReadByte() != 0;
            repositories[i] = new Repository(id, description, (RepositoryType)type) { Next = next.Length == 0 ? null : next, Offsite = offsite };
        }

        return repositories;
    }

    /// <summary>Writes a block of volumes column by column: ids, versions, current, target, then each field present.</summary>
    public static void WriteBlock(WireWriter writer, VolumeColumns columns, IReadOnlyList<Volume> volumes, int start, int count)
    {
        writer.WriteVarint((ulong)count);
        int end = start + count;
        for (int i = start; i < end; i++)
        {
            columns.Ids.Write(writer, volumes[i].Id);
        }

        for (int i = start; i < end; i++)
        {
            columns.WriteVersion(writer, volumes[i].Version);
        }

        for (int i = start; i < end; i++)
        {
            columns.Current.Write(writer, volumes[i].Current);
        }

        for (int i = start; i < end; i++)
        {
            // empty: not moving
            var volume = volumes[i];
            columns.Target.Write(writer, volume.IsMoving ? volume.Target : null);
        }

        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = start; i < end; i++)
        {
            foreach (var pair in volumes[i].Fields)
            {
                if (seen.Add(pair.Key))
                {
                    names.Add(pair.Key);
                }
            }
        }

        names.Sort(StringComparer.Ordinal);
        writer.WriteVarint((ulong)names.Count);
        foreach (var name in names)
        {
            columns.FieldNames.Write(writer, name);
            var column = columns.Field(name);
            for (int i = start; i < end; i++)
            {
                volumes[i].Fields.TryGetValue(name, out var value);
                column.Write(writer, value);
            }
        }
    }

    /// <summary>Reads a block written by <see cref="WriteBlock"/>; an empty list marks the end of the volumes.</summary>
    public static List<Volume> ReadBlock(WireReader reader, VolumeColumns columns)
    {
        int count = reader.ReadCount(MaxVolumesPerBlock);
        if (count == 0)
        {
            // the end of the volumes: a count alone
            return new List<Volume>();
        }

        var ids = new string[count];
        var versions = new long[count];
        var current = new string[count];
        var target = new string?[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = columns.Ids.Read(reader) ?? throw new InvalidDataException("a volume of the message has no id");
        }

        for (int i = 0; i < count; i++)
        {
            versions[i] = columns.ReadVersion(reader);
        }

        for (int i = 0; i < count; i++)
        {
            current[i] = columns.Current.Read(reader) ?? throw new InvalidDataException($"volume {ids[i]} of the message has no current repository");
        }

        for (int i = 0; i < count; i++)
        {
            target[i] = columns.Target.Read(reader);
        }

        var fields = new Dictionary<string, string>?[count];
        int names = reader.ReadCount(MaxFields);
        for (int f = 0; f < names; f++)
        {
            string name = columns.FieldNames.Read(reader) ?? throw new InvalidDataException("a field of the message has no name");
            var column = columns.Field(name);
            for (int i = 0; i < count; i++)
            {
                if (column.Read(reader) is { } value)
                {
                    (fields[i] ??= new Dictionary<string, string>(StringComparer.Ordinal))[name] = value;
                }
            }
        }

        var volumes = new List<Volume>(count);
        for (int i = 0; i < count; i++)
        {
            volumes.Add(new Volume(ids[i], current[i], target[i], versions[i], fields[i]));
        }

        return volumes;
    }

    /// <summary>Writes one volume, without its id (the reader knows it), row by row.</summary>
    public static void WriteVolume(WireWriter writer, VolumeColumns columns, Volume volume)
    {
        columns.WriteVersion(writer, volume.Version);
        columns.Current.Write(writer, volume.Current);
        columns.Target.Write(writer, volume.IsMoving ? volume.Target : null);
        writer.WriteVarint((ulong)volume.Fields.Count);
        foreach (var pair in volume.Fields)
        {
            columns.FieldNames.Write(writer, pair.Key);
            columns.Field(pair.Key).Write(writer, pair.Value);
        }
    }

    public static Volume ReadVolume(WireReader reader, VolumeColumns columns, string id)
    {
        long version = columns.ReadVersion(reader);
        string current = columns.Current.Read(reader) ?? throw new InvalidDataException($"volume {id} of the message has no current repository");
        string? target = columns.Target.Read(reader);
        int count = reader.ReadCount(MaxFields);
        Dictionary<string, string>? fields = count == 0 ? null : new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string name = columns.FieldNames.Read(reader) ?? throw new InvalidDataException("a field of the message has no name");
            fields![name] = columns.Field(name).Read(reader) ?? string.Empty;
        }

        return new Volume(id, current, target, version, fields);
    }

    /// <summary>A batch of updates: per update its customer, media and volume, expected version (0: an add) and changed fields only.</summary>
    public static void WriteUpdates(WireWriter writer, IReadOnlyList<VolumeUpdate> updates)
    {
        WriteHeader(writer);
        var customers = new StringColumn(true);
        var media = new StringColumn(true);
        var columns = new VolumeColumns(true);
        writer.WriteVarint((ulong)updates.Count);
        foreach (var update in updates)
        {
            customers.Write(writer, update.Key.Customer);
            media.Write(writer, update.Key.Media);
            columns.Ids.Write(writer, update.Key.Volume);
            writer.WriteVarint(update.ExpectedVersion is { } expected ? (ulong)expected : 0);
            writer.WriteVarint((ulong)update.Changes.Count);
            foreach (var change in update.Changes)
            {
                columns.FieldNames.Write(writer, change.Field);
                columns.Field(change.Field).Write(writer, change.Value);
            }
        }
    }

    public static List<VolumeUpdate> ReadUpdates(WireReader reader)
    {
        ReadHeader(reader);
        var customers = new StringColumn(false);
        var media = new StringColumn(false);
        var columns = new VolumeColumns(false);
        int count = reader.ReadCount(MaxUpdates);
        var updates = new List<VolumeUpdate>(Math.Min(count, 4096));
        for (int i = 0; i < count; i++)
        {
            string customer = customers.Read(reader) ?? throw new InvalidDataException("an update of the message has no customer");
            string mediaId = media.Read(reader) ?? throw new InvalidDataException("an update of the message has no media");
            string volume = columns.Ids.Read(reader) ?? throw new InvalidDataException("an update of the message has no volume");
            ulong expected = reader.ReadVarint();
            if (expected > (1UL << 53) - 1)
            {
                throw new InvalidDataException($"the expected version of {customer}.{mediaId}.{volume} is out of range");
            }

            int changeCount = reader.ReadCount(MaxFields);
            var changes = new FieldChange[changeCount];
            for (int c = 0; c < changeCount; c++)
            {
                string field = columns.FieldNames.Read(reader) ?? throw new InvalidDataException("a change of the message has no field");
                changes[c] = new FieldChange(field, columns.Field(field).Read(reader));
            }

            updates.Add(new VolumeUpdate(new VolumeKey(customer, mediaId, volume), expected == 0 ? null : (long)expected, changes));
        }

        return updates;
    }

    /// <summary>The results of a batch, in its order: status, message, and the volume as the server now holds it.</summary>
    public static void WriteResults(WireWriter writer, IReadOnlyList<UpdateResult> results)
    {
        WriteHeader(writer);
        var messages = new StringColumn(true);
        var columns = new VolumeColumns(true);
        writer.WriteVarint((ulong)results.Count);
        foreach (var result in results)
        {
            writer.WriteByte((byte)result.Status);
            messages.Write(writer, result.Message);
            if (result.Volume is null)
            {
                writer.WriteByte(0);
            }
            else
            {
                writer.WriteByte(1);
                WriteVolume(writer, columns, result.Volume);
            }
        }
    }

    public static UpdateResult[] ReadResults(WireReader reader, IReadOnlyList<VolumeUpdate> updates)
    {
        ReadHeader(reader);
        var messages = new StringColumn(false);
        var columns = new VolumeColumns(false);
        int count = reader.ReadCount(MaxUpdates);
        if (count != updates.Count)
        {
            throw new InvalidDataException($"the server answered {count} results for a batch of {updates.Count} updates");
        }

        var results = new UpdateResult[count];
        for (int i = 0; i < count; i++)
        {
            byte status = reader.ReadByte();
            if (status > (byte)UpdateStatus.Rejected)
            {
                throw new InvalidDataException($"update status {status} is unknown");
            }

            string? message = messages.Read(reader);
            var key = updates[i].Key;
            Volume? volume = reader.ReadByte() != 0 ? ReadVolume(reader, columns, key.Volume) : null;
            results[i] = new UpdateResult(key, (UpdateStatus)status, volume, message);
        }

        return results;
    }
}
