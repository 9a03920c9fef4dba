using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using TapeTrack.Sync.Remote;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Sqlite;

namespace TapeTrack.Sync.Cli;

/// <summary>
/// Opens the server session a logon string names: the one place the tool meets the session packages, so that
/// the remote Framework Server session can be wired here when it exists.
/// </summary>
internal static class ServerSessions
{
    public const string ServerVariable = "TAPETRACK_SERVER";
    public const string DefaultStoreFile = "tapetrack.db";

    /// <summary>The logon of a sync: <c>-S</c>, else <c>TAPETRACK_SERVER</c>, else <c>tapetrack.db</c> in the working folder.</summary>
    public static LogonString Resolve(string? logon, CliEnvironment env)
    {
        if (logon is not null)
        {
            return LogonString.Parse(logon, "-S");
        }

        if (env.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } fromEnvironment)
        {
            return LogonString.Parse(fromEnvironment, ServerVariable);
        }

        return LogonString.Store(DefaultStoreFile);
    }

    /// <summary>The store file of <c>store import</c> / <c>store export</c>: <c>--store</c>, else a <c>store:</c> <c>TAPETRACK_SERVER</c>, else <c>tapetrack.db</c>.</summary>
    public static string ResolveStorePath(string? storePath, CliEnvironment env)
    {
        if (storePath is not null)
        {
            return env.Resolve(storePath);
        }

        if (env.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } fromEnvironment
            && fromEnvironment.StartsWith(LogonString.StorePrefix, StringComparison.Ordinal))
        {
            return env.Resolve(LogonString.Parse(fromEnvironment, ServerVariable).Target);
        }

        return env.Resolve(DefaultStoreFile);
    }

    /// <summary>Opens (but does not log on to) the session.</summary>
    /// <exception cref="ServerUnavailableException">The store is missing or unreadable, or the session kind is not available.</exception>
    public static async Task<IServerSession> OpenAsync(LogonString logon, CliEnvironment env, CancellationToken cancellationToken, string? trustThumbprint = null)
    {
        if (env.SessionFactory is { } factory)
        {
            return factory(logon);
        }

        switch (logon.Kind)
        {
            case LogonKind.Store:
                return new StoreServerSession(await OpenStoreAsync(env.Resolve(logon.Target), mustExist: true, cancellationToken).ConfigureAwait(false), ownsStore: true);
            case LogonKind.Memory:
                string path = env.Resolve(logon.Target);
                try
                {
                    return new InMemoryServerSession(StoreDocument.Load(path));
                }
                catch (StoreFormatException e)
                {
                    throw new ServerUnavailableException($"cannot load the in-memory server from its store file: {e.Message}");
                }

            default:
                return new RemoteServerSession(new RemoteSessionOptions
                {
                    Address = logon.Address,
                    UserName = logon.UserName!,
                    Password = logon.ResolvePassword(env, cancellationToken),
                    TrustThumbprint = trustThumbprint,
                    TimeProvider = env.TimeProvider,
                    Retry = env.RemoteRetry ?? new RetryOptions(),
                });
        }
    }

    /// <summary>Opens the embedded store file.</summary>
    /// <exception cref="ServerUnavailableException">The file is missing (when it must exist), or is not a store.</exception>
    public static async Task<SqliteTapeStore> OpenStoreAsync(string path, bool mustExist, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new ServerUnavailableException($"the embedded store '{path}' is a folder, not a store file; name a file in it, such as -S store:\"{Path.Combine(path, DefaultStoreFile)}\"");
        }

        if (mustExist && !File.Exists(path))
        {
            throw new ServerUnavailableException($"the embedded store '{path}' does not exist; create it with: tapetrack-sync store import FILE --store \"{path}\"");
        }

        if (mustExist && new FileInfo(path).Length == 0)
        {
            // SQLite would take an empty file for a new database and make a store of it: a copy cut short, or a file
            // emptied by mistake, must not become an empty store that a nightly run then syncs against
            throw new ServerUnavailableException($"the embedded store '{path}' is an empty file, not a store (a copy cut short?); it was left as it is. Restore it, or create a store with: tapetrack-sync store import FILE --store \"{path}\"");
        }

        try
        {
            return await SqliteTapeStore.OpenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new ServerUnavailableException($"cannot open the embedded store '{path}': {e.Message}");
        }
    }
}
