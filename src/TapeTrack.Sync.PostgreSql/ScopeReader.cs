using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.PostgreSql;

/// <summary>
/// A scope's volumes through a binary <c>COPY ... TO STDOUT</c> (issue 14), read as the embedded store's reader reads
/// SQLite's rows: the tuples are parsed in place in a pooled buffer, repository ids and field values go from their
/// UTF-8 into one <see cref="ValuePool"/> (a string only for a value not seen before), DESCRIPTION and MOVEDATE are
/// recognised by their UTF-8 names, only the volume ids become strings of their own, and the volumes are made by
/// <see cref="Volume.FromStore"/> without a dictionary each. A volume whose field arrays are anything but plain (a
/// NULL or repeated name, arrays of different lengths: the schema's checks allow none but a NULL value) is made by
/// <see cref="PostgreSqlTapeStore.VolumeFromColumns"/> exactly as the data reader makes it.
/// </summary>
internal static class ScopeReader
{
    // COPY takes no parameters: the scope is bound through two settings local to the download's transaction
    private const string Bind = "SELECT set_config('tapetrack.scope_customer', @customer, true), set_config('tapetrack.scope_media', @media, true)";

    private const string Copy =
        "COPY (SELECT id, current, target, version, field_names, field_values FROM tapetrack.volume "
        + "WHERE customer = current_setting('tapetrack.scope_customer') AND media = current_setting('tapetrack.scope_media') ORDER BY id) "
        + "TO STDOUT (FORMAT BINARY)";

    private const int Columns = 6;
    private const int BufferSize = 1 << 16;

    private static readonly byte[] Signature = { (byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0 };
    private static readonly byte[] DescriptionName = Encoding.UTF8.GetBytes(VolumeFields.Description);
    private static readonly byte[] MoveDateName = Encoding.UTF8.GetBytes(VolumeFields.MoveDate);

    /// <summary>The scope's volumes in id order, read in <paramref name="transaction"/> (which the caller commits).</summary>
    public static async Task<Volume[]> ReadVolumesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ScopeKey scope, ValuePool pool, CancellationToken cancellationToken)
    {
        await using (var bind = new NpgsqlCommand(Bind, connection, transaction))
        {
            bind.Parameters.AddWithValue("customer", scope.Customer);
            bind.Parameters.AddWithValue("media", scope.Media);
            await bind.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var state = new State(pool);
        try
        {
            await using var copy = await connection.BeginRawBinaryCopyAsync(Copy, cancellationToken).ConfigureAwait(false);
            try
            {
                // Read synchronously: Npgsql hands a COPY over one row (one CopyData message) per read, and an
                // asynchronous read per row cost more than the row's parse (0.18-0.23 against 0.33-0.35 M volumes/s,
                // 175 against 124 B a volume). The token is checked after every read; a read that waits on the server
                // is ended by cancelling the COPY (Npgsql then breaks the connection, which the pool discards).
                using (cancellationToken.Register(CancelCopy, copy))
                {
                    ReadAll(copy, state, cancellationToken);
                }
            }
            catch (NpgsqlException e) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The download of " + scope + " was cancelled.", e, cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            return state.Volumes();
        }
        finally
        {
            state.Release();
        }
    }

    /// <summary>Called after each read of the COPY is parsed (tests cancel a download while its rows come).</summary>
    internal static Action? BufferParsed { get; set; }

    // Reads the whole COPY through the tuples' parse, in the state's buffer (made larger when a tuple does not fit).
    private static void ReadAll(NpgsqlRawCopyStream copy, State state, CancellationToken cancellationToken)
    {
        byte[] buffer = state.Buffer;
        int start = 0, end = 0;
        bool ended = false, header = false;
        while (!state.Done)
        {
            if (ended)
            {
                throw Damaged("the data ended before its trailer");
            }

            // keep what is not parsed yet, at the start of a buffer large enough for the tuple it begins
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                buffer = state.Grow(end);
            }

            int read = copy.Read(buffer, end, buffer.Length - end);
            ended = read == 0;
            end += read;
            if (!header)
            {
                if (!TryHeader(buffer.AsSpan(0, end), out int length))
                {
                    continue;
                }

                header = true;
                start = length;
            }

            start += state.Parse(buffer.AsSpan(start, end - start));
            BufferParsed?.Invoke();
            cancellationToken.ThrowIfCancellationRequested();
        }

        // the stream ends after the trailer
        while (copy.Read(buffer, 0, buffer.Length) > 0)
        {
        }
    }

    private static void CancelCopy(object? copy)
    {
        try
        {
            ((NpgsqlRawCopyStream)copy!).Cancel();
        }
        catch (Exception e) when (e is ObjectDisposedException or NpgsqlException or InvalidOperationException)
        {
            // the copy ended meanwhile: nothing left to cancel
        }
    }

    // The header: the signature, flags (none known that change the tuples) and the length of an extension to skip.
    private static bool TryHeader(ReadOnlySpan<byte> data, out int length)
    {
        length = 0;
        if (data.Length < Signature.Length + 8)
        {
            return false;
        }

        if (!data.Slice(0, Signature.Length).SequenceEqual(Signature))
        {
            throw Damaged("it does not start with the binary COPY signature");
        }

        int extension = BinaryPrimitives.ReadInt32BigEndian(data.Slice(Signature.Length + 4));
        if (extension < 0)
        {
            throw Damaged("its header is malformed");
        }

        length = Signature.Length + 8 + extension;
        return data.Length >= length;
    }

    private static InvalidDataException Damaged(string why) => new("The PostgreSQL server's copy of the scope cannot be read: " + why + ".");

    /// <summary>What the parse of the tuples keeps between buffers: the volumes so far and the scratch buffers.</summary>
    private sealed class State
    {
        private readonly ValuePool _pool;
        private readonly List<string> _others = new();
        private Volume[] _volumes = ArrayPool<Volume>.Shared.Rent(1024);
        private char[] _chars = ArrayPool<char>.Shared.Rent(256);
        private int _count;

        /// <summary>The buffer the COPY is read into.</summary>
        public byte[] Buffer { get; private set; } = ArrayPool<byte>.Shared.Rent(BufferSize);

        public State(ValuePool pool)
        {
            _pool = pool;
        }

        /// <summary>Whether the trailer was read.</summary>
        public bool Done { get; private set; }

        /// <summary>Parses the whole tuples at the start of <paramref name="data"/> (and the trailer); the bytes used.</summary>
        public int Parse(ReadOnlySpan<byte> data)
        {
            int used = 0;
            while (!Done)
            {
                var rest = data.Slice(used);
                if (rest.Length < 2)
                {
                    break;
                }

                short fields = BinaryPrimitives.ReadInt16BigEndian(rest);
                if (fields == -1)
                {
                    Done = true;
                    used += 2;
                    break;
                }

                if (fields != Columns)
                {
                    throw Damaged($"a tuple has {fields} columns, not {Columns}");
                }

                // the tuple is parsed once it is whole: its length from the columns' lengths
                int length = 2;
                for (int c = 0; c < Columns; c++)
                {
                    if (rest.Length < length + 4)
                    {
                        return used;
                    }

                    int column = BinaryPrimitives.ReadInt32BigEndian(rest.Slice(length));
                    length += 4 + Math.Max(column, 0);
                    if (rest.Length < length)
                    {
                        return used;
                    }
                }

                Add(rest.Slice(2, length - 2));
                used += length;
            }

            return used;
        }

        public Volume[] Volumes()
        {
            var volumes = new Volume[_count];
            Array.Copy(_volumes, volumes, _count);
            return volumes;
        }

        /// <summary>A buffer twice as large, with the first <paramref name="used"/> bytes of the current one.</summary>
        public byte[] Grow(int used)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Buffer.Length * 2);
            System.Buffer.BlockCopy(Buffer, 0, larger, 0, used);
            ArrayPool<byte>.Shared.Return(Buffer);
            Buffer = larger;
            return larger;
        }

        public void Release()
        {
            ArrayPool<byte>.Shared.Return(Buffer);
            ArrayPool<Volume>.Shared.Return(_volumes, clearArray: true);
            ArrayPool<char>.Shared.Return(_chars);
        }

        private void Add(ReadOnlySpan<byte> tuple)
        {
            string id = Encoding.UTF8.GetString(Column(ref tuple, "id"));
            string current = _pool.Intern(Decode(Column(ref tuple, "current")), 0);
            string target = _pool.Intern(Decode(Column(ref tuple, "target")), 1);
            var versionBytes = Column(ref tuple, "version");
            if (versionBytes.Length != 8)
            {
                throw Damaged("a version is not a bigint");
            }

            long version = BinaryPrimitives.ReadInt64BigEndian(versionBytes);
            var names = new TextArray(Column(ref tuple, "field_names"));
            var values = new TextArray(Column(ref tuple, "field_values"));
            var volume = Plain(names, values)
                ? FromStore(id, current, target, version, names, values)
                : PostgreSqlTapeStore.VolumeFromColumns(id, current, target, version, names.ToStrings(), values.ToStrings()).Intern(_pool);

            if (_count == _volumes.Length)
            {
                var larger = ArrayPool<Volume>.Shared.Rent(_count * 2);
                Array.Copy(_volumes, larger, _count);
                ArrayPool<Volume>.Shared.Return(_volumes, clearArray: true);
                _volumes = larger;
            }

            _volumes[_count++] = volume;
        }

        private Volume FromStore(string id, string current, string target, long version, TextArray names, TextArray values)
        {
            string? description = null, moveDate = null;
            _others.Clear();
            var name = names.Items;
            var value = values.Items;
            for (int i = 0; i < names.Count; i++)
            {
                var nameText = TextArray.Next(ref name);
                var valueText = TextArray.Next(ref value);
                if (valueText.IsEmpty)
                {
                    // NULL or empty: no value, as the volume's constructor drops it
                    continue;
                }

                if (nameText.SequenceEqual(DescriptionName))
                {
                    description = _pool.Intern(Decode(valueText), 2);
                }
                else if (nameText.SequenceEqual(MoveDateName))
                {
                    moveDate = _pool.Intern(Decode(valueText), 3);
                }
                else
                {
                    _others.Add(_pool.Intern(Decode(nameText), 4));
                    _others.Add(_pool.Intern(Decode(valueText), 5));
                }
            }

            return Volume.FromStore(id, current, target, version, description, moveDate, _others.Count == 0 ? null : _others.ToArray());
        }

        // Fields as the fast path reads them: as many values as names, no NULL name, no name twice (a dictionary by name
        // would keep the last value of a repeated name, at the place of its first).
        private static bool Plain(TextArray names, TextArray values)
        {
            if (names.Count != values.Count || names.HasNulls || names.Dimensions > 1 || values.Dimensions > 1)
            {
                return false;
            }

            var rest = names.Items;
            for (int i = 1; i < names.Count; i++)
            {
                var first = TextArray.Next(ref rest);
                var others = rest;
                for (int j = i; j < names.Count; j++)
                {
                    if (TextArray.Next(ref others).SequenceEqual(first))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private static ReadOnlySpan<byte> Column(ref ReadOnlySpan<byte> tuple, string name)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(tuple);
            if (length < 0)
            {
                throw Damaged($"a volume's {name} is NULL");
            }

            var column = tuple.Slice(4, length);
            tuple = tuple.Slice(4 + length);
            return column;
        }

        private ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length > _chars.Length)
            {
                ArrayPool<char>.Shared.Return(_chars);
                _chars = ArrayPool<char>.Shared.Rent(utf8.Length);
            }

            return _chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, _chars));
        }
    }

    /// <summary>A one-dimensional <c>text[]</c> in PostgreSQL's binary form, read in place.</summary>
    private readonly ref struct TextArray
    {
        public TextArray(ReadOnlySpan<byte> data)
        {
            if (data.Length < 12)
            {
                throw Damaged("a field array is malformed");
            }

            Dimensions = BinaryPrimitives.ReadInt32BigEndian(data);
            HasNulls = BinaryPrimitives.ReadInt32BigEndian(data.Slice(4)) != 0;
            int count = 0;
            int items = 12;
            for (int d = 0; d < Dimensions; d++)
            {
                if (data.Length < items + 8)
                {
                    throw Damaged("a field array is malformed");
                }

                int size = BinaryPrimitives.ReadInt32BigEndian(data.Slice(items));
                count = d == 0 ? size : count * size;
                items += 8;
            }

            Count = count;
            Items = data.Slice(items);
        }

        public int Dimensions { get; }

        public bool HasNulls { get; }

        public int Count { get; }

        /// <summary>The elements, each its length (-1: NULL) and its UTF-8.</summary>
        public ReadOnlySpan<byte> Items { get; }

        /// <summary>The next element of <paramref name="items"/> (empty for NULL), moving past it.</summary>
        public static ReadOnlySpan<byte> Next(ref ReadOnlySpan<byte> items)
        {
            if (items.Length < 4)
            {
                throw Damaged("a field array ends early");
            }

            int length = BinaryPrimitives.ReadInt32BigEndian(items);
            if (length < 0)
            {
                items = items.Slice(4);
                return default;
            }

            if (items.Length < 4 + length)
            {
                throw Damaged("a field array ends early");
            }

            var item = items.Slice(4, length);
            items = items.Slice(4 + length);
            return item;
        }

        /// <summary>The elements as strings, NULL as <see langword="null"/>, as Npgsql reads the array.</summary>
        public string?[] ToStrings()
        {
            var strings = new string?[Count];
            var rest = Items;
            for (int i = 0; i < strings.Length; i++)
            {
                bool isNull = rest.Length >= 4 && BinaryPrimitives.ReadInt32BigEndian(rest) < 0;
                var item = Next(ref rest);
                strings[i] = isNull ? null : Encoding.UTF8.GetString(item);
            }

            return strings;
        }
    }
}
