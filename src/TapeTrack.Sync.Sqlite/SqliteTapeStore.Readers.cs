using System;
using System.Collections.Concurrent;
using System.Threading;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace TapeTrack.Sync.Sqlite;

public sealed partial class SqliteTapeStore
{
    private const int IdleReaders = 4;

    private readonly ConcurrentBag<sqlite3> _readers = new();

    /// <summary>
    /// A connection of the store's own for a scope download (issue 14), opened through SQLitePCL.raw in SQLite's
    /// multi-thread mode (<c>SQLITE_OPEN_NOMUTEX</c>): a Microsoft.Data.Sqlite connection is serialized, so SQLite
    /// takes and releases the connection's mutex on every column read, which cost a fifth of a download. Each is
    /// used by one download at a time (taken from and given back to <see cref="_readers"/>), opens the file as the
    /// store's other connections do (read-write, or read-only and immutable after <see cref="ProbeAsync"/> found a
    /// read-only file or folder), waits as long for a lock, and only reads.
    /// </summary>
    private sqlite3 RentReader()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(SqliteTapeStore));
        }

        if (_readers.TryTake(out var reader))
        {
            return reader;
        }

        var options = new SqliteConnectionStringBuilder(_connectionString);
        string source = options.DataSource;
        int flags = raw.SQLITE_OPEN_NOMUTEX | raw.SQLITE_OPEN_PRIVATECACHE
            | (options.Mode == SqliteOpenMode.ReadOnly ? raw.SQLITE_OPEN_READONLY : raw.SQLITE_OPEN_READWRITE)
            | (source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? raw.SQLITE_OPEN_URI : 0);
        int rc = raw.sqlite3_open_v2(source, out reader, flags, null);
        try
        {
            Check(reader, rc);
            Check(reader, raw.sqlite3_busy_timeout(reader, BusyTimeoutMilliseconds));
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Gives a reader back for the next download, or closes it (the store disposed, enough idle, or a
    /// transaction left open by a failure).</summary>
    private void ReturnReader(sqlite3 reader)
    {
        if (raw.sqlite3_get_autocommit(reader) != 0 && Volatile.Read(ref _disposed) == 0 && _readers.Count < IdleReaders)
        {
            _readers.Add(reader);

            // disposed meanwhile: the disposal may have drained the bag before this one came back
            if (Volatile.Read(ref _disposed) != 0)
            {
                CloseReaders();
            }

            return;
        }

        reader.Dispose();
    }

    private void CloseReaders()
    {
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}
