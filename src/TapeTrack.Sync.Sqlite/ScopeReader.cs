using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Sqlite;

/// <summary>
/// A scope's volumes straight from SQLite's statement (issue 14): one ordered walk of the volume table (schema 4:
/// clustered by its key, each volume's fields packed in its row), so that no dictionary is made per volume; repository
/// ids and field values are read from SQLite's UTF-8 into one <see cref="ValuePool"/> (a string only for a value not seen before), DESCRIPTION and
/// MOVEDATE are recognised by their UTF-8 names, and only the volume ids become strings of their own. On .NET the
/// rows are stepped and read through <c>NativeSqlite</c> when it can be used, else through SQLitePCL.raw.
/// Reads on the store's own download connection (<c>SqliteTapeStore.RentReader</c>), in a transaction of its own.
/// </summary>
internal static class ScopeReader
{
    private const int Row = 100; // SQLITE_ROW
    private const int Done = 101; // SQLITE_DONE

    private static readonly byte[] DescriptionName = Encoding.UTF8.GetBytes(VolumeFields.Description);
    private static readonly byte[] MoveDateName = Encoding.UTF8.GetBytes(VolumeFields.MoveDate);

    /// <summary>A scope as the store holds it, read in one read transaction on <paramref name="db"/>.</summary>
    public static ScopeData Read(sqlite3 db, ScopeKey scope, CancellationToken cancellationToken)
    {
        Check(db, raw.sqlite3_exec(db, "BEGIN"));
        bool done = false;
        try
        {
            var repositories = ReadRepositories(db, scope);
            var pool = new ValuePool();
            var data = repositories is null ? ScopeData.Missing(scope) : new ScopeData(scope, true, repositories, ReadVolumes(db, scope, pool, cancellationToken)) { Pool = pool };
            Check(db, raw.sqlite3_exec(db, "COMMIT"));
            done = true;
            return data;
        }
        finally
        {
            if (!done)
            {
                raw.sqlite3_exec(db, "ROLLBACK");
            }
        }
    }

    /// <summary>The media's repositories in the order they were stored; null when the store has no such media.</summary>
    private static List<Repository>? ReadRepositories(sqlite3 db, ScopeKey scope)
    {
        using (var media = Prepare(db, "SELECT 1 FROM media WHERE customer = ?1 AND id = ?2", scope))
        {
            if (!new Rows(db, media).Step())
            {
                return null;
            }
        }

        var repositories = new List<Repository>();
        using var statement = Prepare(db, "SELECT id, description, type, offsite, next FROM repository WHERE customer = ?1 AND media = ?2 ORDER BY rowid", scope);
        var rows = new Rows(db, statement);
        while (rows.Step())
        {
            var type = (RepositoryType)Enum.Parse(typeof(RepositoryType), raw.sqlite3_column_text(statement, 2).utf8_to_string());
            repositories.Add(new Repository(raw.sqlite3_column_text(statement, 0).utf8_to_string(), raw.sqlite3_column_text(statement, 1).utf8_to_string(), type)
            {
                Offsite = raw.sqlite3_column_int64(statement, 3) != 0,
                Next = raw.sqlite3_column_type(statement, 4) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(statement, 4).utf8_to_string(),
            });
        }

        return repositories;
    }

#if NET
    // run once per scope, over every volume: compiled optimised at its first call rather than left to tiering, which
    // would run a nightly run's downloads (each scope downloaded once) in slower code. The helpers it calls (Decode,
    // PackedFields.Next and Item, ValuePool.Intern and Add) are marked too: with this loop alone marked they stayed
    // unoptimised through the first download and it gained nothing (docs/performance.md, eighteenth session)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
#endif
    private static Volume[] ReadVolumes(sqlite3 db, ScopeKey scope, ValuePool pool, CancellationToken cancellationToken)
    {
        using var statement = Prepare(db, "SELECT id, current, target, version, fields FROM volume WHERE customer = ?1 AND media = ?2 ORDER BY id", scope);
        var rows = new Rows(db, statement);

        // the volumes gathered in a pooled array that grows, then copied once into one of the exact size: no list's
        // doublings left for the collector
        var volumes = ArrayPool<Volume>.Shared.Rent(1024);
        int count = 0;
        var others = new List<string>();
        char[] chars = ArrayPool<char>.Shared.Rent(256);
        try
        {
            while (rows.Step())
            {
                if ((count & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                string text = MakeString(rows.Text(0), ref chars);
                string current = pool.Intern(Decode(rows.Text(1), ref chars), 0);
                string target = pool.Intern(Decode(rows.Text(2), ref chars), 1);
                long version = rows.Int64(3);

                // the packed fields (PackedFields), read in place from SQLite's UTF-8
                string? description = null, moveDate = null;
                others.Clear();
                var fields = rows.Text(4);
                while (PackedFields.Next(ref fields, out var name, out var value))
                {
                    if (value.IsEmpty)
                    {
                        continue;
                    }

                    if (name.SequenceEqual(DescriptionName))
                    {
                        description = pool.Intern(Decode(value, ref chars), 2);
                    }
                    else if (name.SequenceEqual(MoveDateName))
                    {
                        moveDate = pool.Intern(Decode(value, ref chars), 3);
                    }
                    else
                    {
                        others.Add(pool.Intern(Decode(name, ref chars), 4));
                        others.Add(pool.Intern(Decode(value, ref chars), 5));
                    }
                }

                if (count == volumes.Length)
                {
                    var larger = ArrayPool<Volume>.Shared.Rent(count * 2);
                    Array.Copy(volumes, larger, count);
                    ArrayPool<Volume>.Shared.Return(volumes, clearArray: true);
                    volumes = larger;
                }

                volumes[count++] = Volume.FromStore(text, current, target, version, description, moveDate, others.Count == 0 ? null : others.ToArray());
            }

            var read = new Volume[count];
            Array.Copy(volumes, read, count);
            return read;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<Volume>.Shared.Return(volumes, clearArray: true);
        }
    }

    private static sqlite3_stmt Prepare(sqlite3 db, string sql, ScopeKey scope)
    {
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        Check(db, raw.sqlite3_bind_text(statement, 1, scope.Customer));
        Check(db, raw.sqlite3_bind_text(statement, 2, scope.Media));
        return statement;
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK && rc != Row && rc != Done)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    /// <summary>Whether downloads read through SQLitePCL.raw even where the direct calls can be used (tests compare the
    /// two ways; the netstandard2.0 build and other SQLite providers always read through raw).</summary>
    internal static bool ThroughRaw { get; set; }

    /// <summary>A prepared statement's rows: through <c>NativeSqlite</c> when available, else SQLitePCL.raw
    /// (the choice is a static read-only field, which the JIT turns into a constant).</summary>
    private readonly struct Rows
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;
        private readonly IntPtr _handle;

        public Rows(sqlite3 db, sqlite3_stmt statement)
        {
            _db = db;
            _statement = statement;
            _handle = statement.DangerousGetHandle();
        }

#if NET
        private static bool Native => NativeSqlite.Available && !ThroughRaw;
#else
        private static bool Native => false;
#endif

        public bool Step()
        {
#if NET
            int rc = Native ? NativeSqlite.sqlite3_step(_handle) : raw.sqlite3_step(_statement);
#else
            int rc = raw.sqlite3_step(_statement);
#endif
            if (rc == Row)
            {
                return true;
            }

            if (rc != Done)
            {
                Check(_db, rc);
            }

            return false;
        }

        public ReadOnlySpan<byte> Text(int column)
        {
#if NET
            return Native ? NativeSqlite.Text(_handle, column) : raw.sqlite3_column_blob(_statement, column);
#else
            return raw.sqlite3_column_blob(_statement, column);
#endif
        }

        public long Int64(int column)
        {
#if NET
            return Native ? NativeSqlite.sqlite3_column_int64(_handle, column) : raw.sqlite3_column_int64(_statement, column);
#else
            return raw.sqlite3_column_int64(_statement, column);
#endif
        }
    }

    private static string MakeString(ReadOnlySpan<byte> utf8, ref char[] chars)
    {
#if NET
        _ = chars;
        return Encoding.UTF8.GetString(utf8);
#else
        return Decode(utf8, ref chars).ToString();
#endif
    }

#if NET
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
#endif
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
