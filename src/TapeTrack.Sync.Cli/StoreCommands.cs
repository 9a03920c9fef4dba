using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using System.Net.Http;
using Npgsql;
using TapeTrack.Sync.Remote;
using TapeTrack.Sync.PostgreSql;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Cli;

/// <summary><c>store import FILE</c> and <c>store export</c>: the embedded store file to and from the JSON store file of cli.md.</summary>
internal static class StoreCommands
{
    public static async Task<int> ImportAsync(CliOptions options, TextWriter stdout, CliEnvironment env, CancellationToken cancellationToken)
    {
        string file = env.Resolve(options.StoreFile!);
        string storePath = ServerSessions.ResolveStorePath(options.StorePath, env);

        if (Directory.Exists(file))
        {
            throw new UsageException($"{file}: $ is a folder, not a store file; nothing was written to the store", aboutOptions: false);
        }

        if (options.Postgres is { } connection)
        {
            return await ImportIntoPostgresAsync(file, connection, stdout, cancellationToken).ConfigureAwait(false);
        }

        FileStream json;
        try
        {
            json = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{file}: $ cannot be read: {e.Message}; nothing was written to the store", aboutOptions: false);
        }

        // the file is read as a stream, checked whole before the first write: a malformed file changes nothing
        bool existed = File.Exists(storePath) || Directory.Exists(storePath);
        StoreFileCounts counts;
        await using (json.ConfigureAwait(false))
        {
            try
            {
                await using var store = await ServerSessions.OpenStoreAsync(storePath, mustExist: false, cancellationToken).ConfigureAwait(false);
                counts = await store.ImportFromAsync(json, file, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is StoreFormatException or ServerUnavailableException or SqliteException or InvalidOperationException or IOException or UnauthorizedAccessException or OperationCanceledException)
            {
                if (!existed)
                {
                    RemoveNewStore(storePath);
                }

                throw e switch
                {
                    StoreFormatException => new UsageException($"{e.Message}; nothing was written to the store", aboutOptions: false),
                    OperationCanceledException or ServerUnavailableException => e,
                    _ => new ServerUnavailableException($"cannot import into the embedded store '{storePath}': {e.Message}"),
                };
            }
        }

        await stdout.WriteLineAsync(string.Format(
            CultureInfo.InvariantCulture,
            "Imported {0} customers, {1} media, {2} volumes and {3} users into {4}",
            counts.Customers,
            counts.Media,
            counts.Volumes,
            counts.Users,
            storePath)).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    public static async Task<int> ExportAsync(CliOptions options, TextWriter stdout, CliEnvironment env, CancellationToken cancellationToken)
    {
        if (options.Postgres is { } connection)
        {
            await using var postgres = await OpenPostgresAsync(connection, cancellationToken).ConfigureAwait(false);
            try
            {
                // written as the database is read, in bounded memory whatever its size
                await ExportToAsync(stdout, postgres.ExportToAsync, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
            {
                throw new ServerUnavailableException($"cannot export the PostgreSQL store {postgres.DatabaseName}: {e.Message}");
            }

            return ExitCodes.Success;
        }

        string storePath = ServerSessions.ResolveStorePath(options.StorePath, env);
        await using var store = await ServerSessions.OpenStoreAsync(storePath, mustExist: true, cancellationToken).ConfigureAwait(false);
        try
        {
            // written as the store is read, in bounded memory whatever its size
            await ExportToAsync(stdout, store.ExportToAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException)
        {
            throw new ServerUnavailableException($"cannot export the embedded store '{storePath}': {e.Message}");
        }

        return ExitCodes.Success;
    }

    // the export's bytes go straight to stdout's stream when it has one
    private static async Task ExportToAsync(TextWriter stdout, Func<Stream, CancellationToken, ValueTask<StoreFileCounts>> export, CancellationToken cancellationToken)
    {
        if (stdout is StreamWriter { BaseStream: { } output })
        {
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            await export(output, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            using var text = new TextWriterStream(stdout);
            await export(text, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>store history</c>: the audit trail, newest first, one change a line:
    /// <c>TIME  USER  RUN  CUST.MEDIA.VOLUME  FIELD  OLD -> NEW  vVERSION</c>.
    /// </summary>
    public static async Task<int> HistoryAsync(CliOptions options, TextWriter stdout, CliEnvironment env, CancellationToken cancellationToken)
    {
        var query = new AuditQuery { Volume = options.HistoryVolume, Since = options.HistorySince };
        if (HistoryServer(options, env) is { } remote)
        {
            return await RemoteHistoryAsync(remote, options, query, stdout, env, cancellationToken).ConfigureAwait(false);
        }

        ITapeStore store;
        string name;
        if (options.Postgres is { } connection)
        {
            var postgres = await OpenPostgresAsync(connection, cancellationToken).ConfigureAwait(false);
            (store, name) = (postgres, postgres.DatabaseName);
        }
        else
        {
            name = options.Logon is not null ? env.Resolve(LogonString.Parse(options.Logon, "-S").Target) : ServerSessions.ResolveStorePath(options.StorePath, env);
            store = await ServerSessions.OpenStoreAsync(name, mustExist: true, cancellationToken).ConfigureAwait(false);
        }

        await using (store)
        {
            try
            {
                await foreach (var entry in store.ReadHistoryAsync(query, cancellationToken).ConfigureAwait(false))
                {
                    await stdout.WriteLineAsync(FormatEntry(entry)).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is NpgsqlException or SqliteException or InvalidOperationException or IOException)
            {
                throw new ServerUnavailableException($"cannot read the history of the store {name}: {e.Message}");
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// The Framework Server whose history <c>store history</c> reads: <c>-S user:password@host</c>, else a remote
    /// <c>TAPETRACK_SERVER</c> when neither <c>--store</c> nor <c>--postgres</c> is given; <see langword="null"/> for a local store.
    /// </summary>
    private static LogonString? HistoryServer(CliOptions options, CliEnvironment env)
    {
        if (options.Logon is { } given)
        {
            if (options.StorePath is not null || options.Postgres is not null)
            {
                throw new UsageException((options.StorePath is not null ? "--store" : "--postgres") + " and -S name two stores: give one");
            }

            var logon = LogonString.Parse(given, "-S");
            return logon.Kind switch
            {
                LogonKind.Remote => logon,
                LogonKind.Store => null,
                _ => throw new UsageException("store history -S takes user:password@host[:port] or store:PATH; a memory: store keeps no history"),
            };
        }

        if (options.StorePath is null && options.Postgres is null
            && env.GetEnvironmentVariable(ServerSessions.ServerVariable) is { Length: > 0 } fromEnvironment
            && LogonString.Parse(fromEnvironment, ServerSessions.ServerVariable) is { Kind: LogonKind.Remote } remote)
        {
            return remote;
        }

        return null;
    }

    // the history through a server: the server limits it to the user's customers
    private static async Task<int> RemoteHistoryAsync(LogonString logon, CliOptions options, AuditQuery query, TextWriter stdout, CliEnvironment env, CancellationToken cancellationToken)
    {
        await using var session = new RemoteServerSession(new RemoteSessionOptions
        {
            Address = logon.Address,
            UserName = logon.UserName!,
            Password = logon.ResolvePassword(env),
            TrustThumbprint = options.TrustThumbprint,
            TimeProvider = env.TimeProvider,
            Retry = env.RemoteRetry ?? new RetryOptions(),
        });
        try
        {
            await foreach (var entry in session.ReadHistoryAsync(query, cancellationToken).ConfigureAwait(false))
            {
                await stdout.WriteLineAsync(FormatEntry(entry)).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is RemoteServerException or UnauthorizedAccessException or HttpRequestException or TimeoutException or IOException)
        {
            throw new ServerUnavailableException($"cannot read the history from the server at {logon.Target}: {e.Message}");
        }

        return ExitCodes.Success;
    }

    /// <summary>One audit entry as <c>store history</c> prints it (and the server's history endpoint).</summary>
    public static string FormatEntry(AuditEntry entry) => string.Format(
        CultureInfo.InvariantCulture,
        "{0:yyyy-MM-dd'T'HH:mm:ss'Z'}  {1}  {2}  {3}  {4}  {5} -> {6}  v{7}",
        entry.Time.UtcDateTime,
        entry.User,
        entry.Run,
        entry.Volume,
        entry.Field,
        entry.OldValue ?? "(none)",
        entry.NewValue ?? "(none)",
        entry.Version);

    /// <summary>Opens the PostgreSQL store of <c>--postgres</c>; a failure names the database, never the password.</summary>
    public static async Task<PostgreSqlTapeStore> OpenPostgresAsync(string connection, CancellationToken cancellationToken)
    {
        try
        {
            return await PostgreSqlTapeStore.OpenAsync(connection, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--postgres: " + e.Message.Split(" (Parameter", 2)[0]);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new ServerUnavailableException($"cannot open the PostgreSQL store: {e.Message}");
        }
    }

    private static async Task<int> ImportIntoPostgresAsync(string file, string connection, TextWriter stdout, CancellationToken cancellationToken)
    {
        FileStream json;
        try
        {
            json = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{file}: $ cannot be read: {e.Message}; nothing was written to the store", aboutOptions: false);
        }

        // read as a stream and checked whole before the first write: a malformed file changes nothing
        StoreFileCounts counts;
        string name;
        await using (json.ConfigureAwait(false))
        {
            await using var postgres = await OpenPostgresAsync(connection, cancellationToken).ConfigureAwait(false);
            name = postgres.DatabaseName;
            try
            {
                counts = await postgres.ImportFromAsync(json, file, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreFormatException e)
            {
                throw new UsageException($"{e.Message}; nothing was written to the store", aboutOptions: false);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
            {
                throw new ServerUnavailableException($"cannot import into the PostgreSQL store {name}: {e.Message}");
            }
        }

        await stdout.WriteLineAsync(string.Format(
            CultureInfo.InvariantCulture,
            "Imported {0} customers, {1} media, {2} volumes and {3} users into {4}",
            counts.Customers,
            counts.Media,
            counts.Volumes,
            counts.Users,
            name)).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    // an import that failed leaves no store behind where there was none
    private static void RemoveNewStore(string storePath)
    {
        SqliteConnection.ClearAllPools();
        foreach (string path in new[] { storePath, storePath + "-wal", storePath + "-shm", storePath + "-journal" })
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // still held by another process: it then stays, empty
            }
        }
    }
}
