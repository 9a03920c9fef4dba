using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.PostgreSql;

/// <summary>
/// The PostgreSQL store: the whole server model (customers, media, repositories, volumes, users and the audit
/// trail) in one PostgreSQL database, in the schema <c>tapetrack</c>. It has exactly the semantics of the embedded
/// SQLite store, and several stores in several processes (servers side by side) may share one database: every
/// write is one transaction whose version checks hold row locks, so no update is lost. Connections are pooled by
/// an <see cref="NpgsqlDataSource"/>. Open it with <see cref="OpenAsync"/>.
/// </summary>
public sealed partial class PostgreSqlTapeStore : ITapeStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private int _disposed;

    private PostgreSqlTapeStore(NpgsqlDataSource dataSource, bool ownsDataSource, ILogger? logger, TimeProvider? timeProvider)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        // the database and host name the store in messages; the connection string (and its password) never
        DatabaseName = $"{builder.Database ?? builder.Username} on {builder.Host}:{builder.Port}";
    }

    /// <summary>The database the store is in, as messages name it: <c>DATABASE on HOST:PORT</c> (never the password).</summary>
    public string DatabaseName { get; }

    /// <summary>Test hook: called inside a batch's transaction after its version checks, before it writes.</summary>
    internal Func<CancellationToken, Task>? BeforeWrite { get; set; }

    /// <summary>
    /// Opens the store in the database a connection string names, with a pool of its own: creates the schema in an
    /// empty database, migrates an older one to <see cref="SchemaVersion"/>, and refuses a newer one. A store whose
    /// schema is current is opened without writing.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=...;Port=...;Username=...;Password=...;Database=...</c>).</param>
    /// <param name="logger">Where the store logs; none by default.</param>
    /// <param name="timeProvider">The clock of the audit trail; the system clock by default.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The open store; dispose it when done (this closes its pool).</returns>
    /// <exception cref="InvalidOperationException">The database holds a store of a newer schema version, or a <c>tapetrack</c> schema that is not a store.</exception>
    public static ValueTask<PostgreSqlTapeStore> OpenAsync(string connectionString, ILogger? logger = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            throw new ArgumentException("The store needs a connection string.", nameof(connectionString));
        }

        return OpenCoreAsync(NpgsqlDataSource.Create(Settings(connectionString)), ownsDataSource: true, logger, timeProvider, cancellationToken);
    }

    /// <summary>The settings of the store's own pool: the connection string as given, and statements prepared on the
    /// server once a connection has sent one a few times (<c>Max Auto Prepare=32</c>) unless the string chooses (a
    /// pooler in transaction mode that keeps no prepared statements needs <c>Max Auto Prepare=0</c>).</summary>
    /// <exception cref="ArgumentException">The connection string is not valid; the message never quotes it.</exception>
    internal static NpgsqlConnectionStringBuilder Settings(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            // the message of a bad connection string may quote it, password and all
            throw new ArgumentException("The PostgreSQL connection string is not valid (expected Host=...;Username=...;Password=...;Database=...).", nameof(connectionString));
        }

        // the builder's own string names only what was given, each by its one name whatever the spelling used
        if (!new DbConnectionStringBuilder { ConnectionString = builder.ConnectionString }.ContainsKey("Max Auto Prepare"))
        {
            // a batch sends the same few statements for each of its volumes: prepared, PostgreSQL parses and plans
            // each once for the connection instead of once for every volume
            builder.MaxAutoPrepare = 32;
        }

        return builder;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async ValueTask<PostgreSqlTapeStore> OpenCoreAsync(NpgsqlDataSource dataSource, bool ownsDataSource, ILogger? logger, TimeProvider? timeProvider, CancellationToken cancellationToken)
    {
        var store = new PostgreSqlTapeStore(dataSource, ownsDataSource, logger, timeProvider);
        try
        {
            await store.CreateOrMigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return store;
    }

    private async ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(PostgreSqlTapeStore));
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
        => new(sql, connection, transaction);
}
