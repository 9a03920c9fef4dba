using System;
using System.Data.Common;
using System.IO;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace TapeTrack.Sync.Server;

/// <summary>
/// Tells a passing failure of the store (the database restarting or unreachable for a moment, a connection the
/// administrator terminated, too many connections, a serialization failure, the embedded store busy past its timeout)
/// from any other failure: the first answers <c>503</c> with <c>Retry-After</c>, which clients retry with back-off;
/// the second a plain <c>500</c>. The reason given is a few plain words and the SQLSTATE, never the exception's text
/// (which may name the database's host or user).
/// </summary>
internal static class StoreFailures
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>Whether <paramref name="exception"/> (or one it wraps) is a passing failure of the store, and in plain words why.</summary>
    public static bool IsTransient(Exception exception, out string reason)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked } sqlite:
                    reason = $"the store file is locked by another writer (SQLite error {sqlite.SqliteErrorCode})";
                    return true;
                case DbException db when db.SqlState is { Length: 5 } state && IsTransientState(db, state):
                    reason = Describe(state);
                    return true;
                case DbException { IsTransient: true }:
                    // a connection-level failure (Npgsql: refused, reset, timed out): no SQLSTATE
                    reason = Wraps<TimeoutException>(e) ? "the database did not answer in time" : "the database cannot be reached";
                    return true;
                case TimeoutException:
                    reason = "the database did not answer in time";
                    return true;
                case SocketException or IOException:
                    reason = "the database cannot be reached";
                    return true;
                case AggregateException { InnerExceptions.Count: 1 } aggregate when IsTransient(aggregate.InnerExceptions[0], out reason):
                    return true;
            }
        }

        reason = string.Empty;
        return false;
    }

    private static bool Wraps<T>(Exception exception)
        where T : Exception
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is T)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTransientState(DbException db, string state) =>
        db.IsTransient
        // Npgsql 10 counts 57P01 (admin_shutdown: a restart, or pg_terminate_backend), 57P02 and 57P03 as transient
        // (PostgresException.IsTransient); named here too so that another provider's answer to a restart is one as well
        || state is "57P01" or "57P02" or "57P03" or "53300" or "40001" or "40P01";

    private static string Describe(string state) => state switch
    {
        "57P01" => "the database closed the connection (restart or administrator command, SQLSTATE 57P01)",
        "57P02" => "the database is recovering from a crash (SQLSTATE 57P02)",
        "57P03" => "the database is starting up or shutting down (SQLSTATE 57P03)",
        "53300" => "the database has too many connections (SQLSTATE 53300)",
        "40001" => "a serialization failure with another transaction (SQLSTATE 40001)",
        "40P01" => "a deadlock with another transaction (SQLSTATE 40P01)",
        _ when state.StartsWith("08", StringComparison.Ordinal) => $"the connection to the database failed (SQLSTATE {state})",
        _ => $"the database cannot serve the request now (SQLSTATE {state})",
    };
}
