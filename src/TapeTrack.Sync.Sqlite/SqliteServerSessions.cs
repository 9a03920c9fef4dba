using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Sqlite;

/// <summary>Server sessions over the embedded store, for logon strings <c>store:PATH</c>.</summary>
public static class SqliteServerSessions
{
    /// <summary>The prefix of a logon string that names an embedded store file.</summary>
    public const string LogonPrefix = "store:";

    /// <summary>Whether a logon string names an embedded store (<c>store:PATH</c>), and which file.</summary>
    /// <param name="logon">The logon string (<c>-S</c>).</param>
    /// <param name="path">The store file, when it does.</param>
    public static bool TryParseLogon(string logon, out string path)
    {
        if (logon is not null && logon.Length > LogonPrefix.Length && logon.StartsWith(LogonPrefix, StringComparison.Ordinal))
        {
            path = logon.Substring(LogonPrefix.Length);
            return true;
        }

        path = string.Empty;
        return false;
    }

    /// <summary>
    /// Opens a session over the store file at <paramref name="path"/>, created when missing, with its schema
    /// created or migrated (<see cref="SqliteTapeStore.OpenAsync"/>); disposing the session closes the file.
    /// </summary>
    /// <param name="path">The store file.</param>
    /// <param name="userName">The user to log on as, or <see langword="null"/> to use the file without credentials.</param>
    /// <param name="password">The user's password, when <paramref name="userName"/> is given.</param>
    /// <param name="logger">Where the store logs; none by default.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <exception cref="InvalidOperationException">The file is a store of a newer schema version, or an SQLite database that is not a store.</exception>
    public static async ValueTask<StoreServerSession> OpenAsync(string path, string? userName = null, string? password = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        if (userName is not null && password is null)
        {
            throw new ArgumentException("A user name needs a password.", nameof(password));
        }

        var store = await SqliteTapeStore.OpenAsync(path, logger, cancellationToken).ConfigureAwait(false);
        return new StoreServerSession(store, userName, password, ownsStore: true);
    }
}
