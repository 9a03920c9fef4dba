using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Data.Odbc;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Odbc;

/// <summary>
/// Records from an ODBC query (<c>SetODBC("connection string", "query")</c>): each row is a record, column n
/// is element n, the text is the columns joined by TAB, the row number is the line number, NULL is empty
/// (see <see cref="DataReaderRecordSource"/>). The connection is opened when reading starts and closed when
/// the source is disposed. Failures of the driver manager, the driver or the query are
/// <see cref="OdbcSourceException"/>s whose messages never hold the connection string.
/// </summary>
public sealed class OdbcRecordSource : IRecordSource
{
    private readonly string _connectionString;
    private readonly string _query;
    private OdbcConnection? _connection;
    private OdbcCommand? _command;
    private DbDataReader? _reader;
    private bool _read;

    /// <summary>Creates a source; nothing is opened until <see cref="ReadAsync"/>.</summary>
    /// <param name="connectionString">The ODBC connection string, such as <c>Driver=SQLite3;Database=/data/t.db</c> or <c>DSN=backup;UID=sync;PWD=...</c>. It may hold a password and is never shown.</param>
    /// <param name="query">The query; each row is a record.</param>
    public OdbcRecordSource(string connectionString, string query)
    {
        _connectionString = connectionString ?? throw new ArgumentNullException(nameof(connectionString));
        _query = query ?? throw new ArgumentNullException(nameof(query));
        if (query.Trim().Length == 0)
        {
            throw new ArgumentException("The ODBC query is empty.", nameof(query));
        }
    }

    /// <summary>How long the query may run before it fails, in seconds; 0 waits for ever.</summary>
    /// <value>The default is 30 seconds, the ODBC default.</value>
    public int CommandTimeout { get; set; } = 30;

    /// <summary>The connection string with its passwords masked (<see cref="OdbcConnectionStrings.Masked"/>): safe to log.</summary>
    public string DataSource => OdbcConnectionStrings.Masked(_connectionString);

    /// <summary>Opens the source of a <c>SetODBC</c> definition.</summary>
    /// <param name="definition">A definition with <c>SetODBC</c>.</param>
    /// <exception cref="ArgumentException">The definition does not read from ODBC.</exception>
    public static OdbcRecordSource Open(SyncDefinition definition)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        if (definition.Format != InputFormat.Odbc || definition.OdbcConnectionString is null || definition.OdbcQuery is null)
        {
            throw new ArgumentException("The definition does not read from ODBC (it has no SetODBC).", nameof(definition));
        }

        return new OdbcRecordSource(definition.OdbcConnectionString, definition.OdbcQuery);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_read)
        {
            throw new InvalidOperationException("A record source can be read once.");
        }

        _read = true;
        var rows = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var enumerator = rows.ReadAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (OdbcException e)
            {
                throw Wrap("reading the rows of the query failed", e);
            }

            if (!more)
            {
                yield break;
            }

            yield return enumerator.Current;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_reader is not null)
        {
#if NETSTANDARD2_0
            _reader.Dispose();
#else
            await _reader.DisposeAsync().ConfigureAwait(false);
#endif
        }

        _command?.Dispose();
        if (_connection is not null)
        {
#if NETSTANDARD2_0
            _connection.Dispose();
            await Task.CompletedTask.ConfigureAwait(false);
#else
            await _connection.DisposeAsync().ConfigureAwait(false);
#endif
        }
    }

    /// <summary>The source and its data source, passwords masked.</summary>
    public override string ToString() => $"ODBC ({DataSource})";

    private async Task<DataReaderRecordSource> OpenAsync(CancellationToken cancellationToken)
    {
        _connection = new OdbcConnection();
        try
        {
            _connection.ConnectionString = _connectionString;
            await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OdbcException e)
        {
            throw Wrap("connecting failed", e);
        }
        catch (ArgumentException)
        {
            // the provider's message quotes the faulty part of the connection string
            throw new OdbcSourceException($"ODBC ({DataSource}): the connection string is not valid.", null, 0);
        }

        try
        {
            _command = _connection.CreateCommand();
            _command.CommandText = _query;
            _command.CommandTimeout = CommandTimeout;
            _reader = await _command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        }
        catch (OdbcException e)
        {
            throw Wrap("the query failed", e);
        }

        return new DataReaderRecordSource(_reader, leaveOpen: true);
    }

    private OdbcSourceException Wrap(string what, OdbcException e)
    {
        string? state = null;
        int native = 0;
        var messages = new List<string>();
        foreach (OdbcError error in e.Errors)
        {
            state ??= error.SQLState;
            native = native == 0 ? error.NativeError : native;
            messages.Add(error.Message);
        }

        string driver = messages.Count > 0 ? string.Join(" ", messages) : e.Message;
        driver = OdbcConnectionStrings.Scrub(driver, _connectionString);
        return new OdbcSourceException($"ODBC ({DataSource}): {what}: {driver}", state, native);
    }
}
