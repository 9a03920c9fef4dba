using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Sqlite;

/// <summary>
/// A scope's volumes straight from SQLite's statements (issue 14): the volume rows and the field rows, each in id
/// order, walked side by side, so that no dictionary is made per volume; repository ids and field values are read
/// from SQLite's UTF-8 into one <see cref="ValuePool"/> (a string only for a value not seen before), and only the
/// volume ids become strings of their own. Runs inside the caller's transaction on the same connection.
/// </summary>
internal static class ScopeReader
{
    private const int Row = 100; // SQLITE_ROW
    private const int Done = 101; // SQLITE_DONE

    public static List<Volume> ReadVolumes(SqliteConnection connection, ScopeKey scope, CancellationToken cancellationToken)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        using var volumeRows = Prepare(db, "SELECT id, current, target, version FROM volume WHERE customer = ?1 AND media = ?2 ORDER BY id", scope);
        using var fieldRows = Prepare(db, "SELECT volume, field, value FROM volume_field WHERE customer = ?1 AND media = ?2 ORDER BY volume, field", scope);
        var pool = new ValuePool();
        var volumes = new List<Volume>();
        var others = new List<string>();
        char[] chars = ArrayPool<char>.Shared.Rent(256);
        byte[] id = ArrayPool<byte>.Shared.Rent(256);
        try
        {
            bool field = Step(db, fieldRows);
            while (Step(db, volumeRows))
            {
                if ((volumes.Count & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var idBytes = raw.sqlite3_column_blob(volumeRows, 0);
                if (idBytes.Length > id.Length)
                {
                    ArrayPool<byte>.Shared.Return(id);
                    id = ArrayPool<byte>.Shared.Rent(idBytes.Length);
                }

                idBytes.CopyTo(id);
                var volumeId = id.AsSpan(0, idBytes.Length);
                string text = Decode(volumeId, ref chars).ToString();
                string current = pool.Intern(Decode(raw.sqlite3_column_blob(volumeRows, 1), ref chars), 0);
                string target = pool.Intern(Decode(raw.sqlite3_column_blob(volumeRows, 2), ref chars), 1);
                long version = raw.sqlite3_column_int64(volumeRows, 3);

                // the field rows in the same (binary) order: those of a volume that sorts before this one have no
                // volume row and are passed over; those of this volume are its fields
                string? description = null, moveDate = null;
                others.Clear();
                while (field)
                {
                    int order = raw.sqlite3_column_blob(fieldRows, 0).SequenceCompareTo(volumeId);
                    if (order > 0)
                    {
                        break;
                    }

                    if (order == 0)
                    {
                        string name = pool.Intern(Decode(raw.sqlite3_column_blob(fieldRows, 1), ref chars), 4);
                        int channel = name == VolumeFields.Description ? 2 : name == VolumeFields.MoveDate ? 3 : 5;
                        string value = pool.Intern(Decode(raw.sqlite3_column_blob(fieldRows, 2), ref chars), channel);
                        if (value.Length > 0)
                        {
                            switch (name)
                            {
                                case VolumeFields.Description:
                                    description = value;
                                    break;
                                case VolumeFields.MoveDate:
                                    moveDate = value;
                                    break;
                                default:
                                    others.Add(name);
                                    others.Add(value);
                                    break;
                            }
                        }
                    }

                    field = Step(db, fieldRows);
                }

                volumes.Add(Volume.FromStore(text, current, target, version, description, moveDate, others.Count == 0 ? null : others.ToArray()));
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(id);
        }

        return volumes;
    }

    private static sqlite3_stmt Prepare(sqlite3 db, string sql, ScopeKey scope)
    {
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        Check(db, raw.sqlite3_bind_text(statement, 1, scope.Customer));
        Check(db, raw.sqlite3_bind_text(statement, 2, scope.Media));
        return statement;
    }

    private static bool Step(sqlite3 db, sqlite3_stmt statement)
    {
        int rc = raw.sqlite3_step(statement);
        if (rc == Row)
        {
            return true;
        }

        if (rc != Done)
        {
            Check(db, rc);
        }

        return false;
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK && rc != Row && rc != Done)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    private static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8, ref char[] chars)
    {
        if (utf8.Length > chars.Length)
        {
            ArrayPool<char>.Shared.Return(chars);
            chars = ArrayPool<char>.Shared.Rent(utf8.Length);
        }

        // ASCII, as ids and dates nearly always are, widens byte by byte
        int i = 0;
        for (; i < utf8.Length; i++)
        {
            byte b = utf8[i];
            if (b >= 0x80)
            {
                break;
            }

            chars[i] = (char)b;
        }

        if (i == utf8.Length)
        {
            return chars.AsSpan(0, i);
        }

        return chars.AsSpan(0, GetChars(utf8, chars));
    }

    private static int GetChars(ReadOnlySpan<byte> utf8, char[] chars)
    {
#if NETSTANDARD2_0
        var text = Encoding.UTF8.GetString(utf8.ToArray());
        text.AsSpan().CopyTo(chars);
        return text.Length;
#else
        return Encoding.UTF8.GetChars(utf8, chars);
#endif
    }
}
