using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Sqlite;

/// <summary>
/// The embedded store: the whole server model (customers, media, repositories, volumes, users) in one
/// SQLite file. Safe to use from several threads, and from several stores and processes on the same file:
/// every write is one transaction, and a version check inside it turns a lost update into
/// <see cref="UpdateStatus.Conflict"/>. Open it with <see cref="OpenAsync"/>.
/// </summary>
// One file per concern: this one (opening, connections), .Schema (create and migrate), .Volumes (scopes,
// reads, batches), .Documents (import and export), .Users (logon).
public sealed partial class SqliteTapeStore : ITapeStore
{
    /// <summary>The schema version this library writes. A file at an older version is migrated when opened; a newer one is refused.</summary>
    public const int SchemaVersion = 4;

    private const int BusyTimeoutMilliseconds = 30_000;
    private const string ImportSource = "import";
    private const int SqliteConstraint = 19;
    private const int SqliteNotADatabase = 26;

    private readonly string _writableConnectionString;
    private string _connectionString;
    private readonly ILogger _logger;
    private int _disposed;

    private SqliteTapeStore(string path, ILogger? logger)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (path.Length == 0)
        {
            throw new ArgumentException("The store needs a file path.", nameof(path));
        }

        Path = System.IO.Path.GetFullPath(path);
        _logger = logger ?? NullLogger.Instance;
        _connectionString = _writableConnectionString = ConnectionString(Path, SqliteOpenMode.ReadWriteCreate);
    }

    /// <summary>The full path of the store file.</summary>
    public string Path { get; }

    /// <summary>Test hook: called inside a batch's transaction after each update, with its index.</summary>
    internal Action<int>? AfterEachUpdate { get; set; }

    /// <summary>
    /// Opens a store file, creating it when missing (with write-ahead logging and the schema), or migrating it
    /// to <see cref="SchemaVersion"/> when older. Opening a current store writes nothing: it opens in a
    /// read-only file or folder (where only reads then work) and while another process holds the write lock;
    /// a file that is not a store is refused and left byte-for-byte untouched.
    /// </summary>
    /// <param name="path">The store file.</param>
    /// <param name="logger">Where the store logs; none by default.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The open store; dispose it when done.</returns>
    /// <exception cref="InvalidOperationException">The file is a store of a newer schema version, or an SQLite database that is not a store.</exception>
    public static async ValueTask<SqliteTapeStore> OpenAsync(string path, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var store = new SqliteTapeStore(path, logger);
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return store;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // release the pooled connections, so the file can be moved or deleted
            CloseReaders();
            foreach (var connectionString in new[] { _writableConnectionString, _connectionString })
            {
                using var connection = new SqliteConnection(connectionString);
                SqliteConnection.ClearPool(connection);
            }
        }

        return default;
    }

    private static async ValueTask<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string? importPath, CancellationToken cancellationToken, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (importPath is not null && e.SqliteErrorCode == SqliteConstraint)
        {
            // the message of a constraint error names the constraint, never a value
            throw new StoreFormatException(ImportSource, importPath, "breaks a rule of the store: " + e.Message);
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    // A command made once and run again with new values (a batch's, an import's): SQLite parses its text on the first
    // run only, and the command keeps the statement for the next. Its parameters are made empty, in the order named.
    private static SqliteCommand Prepared(ref SqliteCommand? command, SqliteConnection connection, SqliteTransaction? transaction, string sql, params string[] names)
    {
        if (command is null)
        {
            command = Command(connection, transaction, sql);
            foreach (var name in names)
            {
                command.Parameters.Add(new SqliteParameter(name, string.Empty));
            }
        }

        return command;
    }

    // Sets a prepared command's values, in its parameters' order (null as SQL NULL).
    private static SqliteCommand Bind(SqliteCommand command, params object?[] values)
    {
        var parameters = command.Parameters;
        for (int i = 0; i < values.Length; i++)
        {
            parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    private async ValueTask<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(SqliteTapeStore));
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = Command(connection, null, "PRAGMA busy_timeout = " + BusyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
