using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Cli;

/// <summary><c>store import FILE</c> and <c>store export</c>: the embedded store file to and from the JSON store file of cli.md.</summary>
internal static class StoreCommands
{
    public static async Task<int> ImportAsync(CliOptions options, TextWriter stdout, CliEnvironment env, CancellationToken cancellationToken)
    {
        string file = env.Resolve(options.StoreFile!);
        string storePath = ServerSessions.ResolveStorePath(options.StorePath, env);

        // a malformed file is refused before the store is touched
        StoreDocument document;
        try
        {
            document = StoreDocument.Load(file);
        }
        catch (StoreFormatException e)
        {
            throw new UsageException($"{e.Message}; nothing was written to the store", aboutOptions: false);
        }

        bool existed = File.Exists(storePath) || Directory.Exists(storePath);
        try
        {
            await using var store = await ServerSessions.OpenStoreAsync(storePath, mustExist: false, cancellationToken).ConfigureAwait(false);
            await store.ImportAsync(document, cancellationToken).ConfigureAwait(false);
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

        int media = document.Customers.Sum(c => c.Media.Count);
        int volumes = document.Customers.Sum(c => c.Media.Sum(m => m.Volumes.Count));
        await stdout.WriteLineAsync(string.Format(
            CultureInfo.InvariantCulture,
            "Imported {0} customers, {1} media, {2} volumes and {3} users into {4}",
            document.Customers.Count,
            media,
            volumes,
            document.Users.Count,
            storePath)).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    public static async Task<int> ExportAsync(CliOptions options, TextWriter stdout, CliEnvironment env, CancellationToken cancellationToken)
    {
        string storePath = ServerSessions.ResolveStorePath(options.StorePath, env);
        StoreDocument document;
        await using (var store = await ServerSessions.OpenStoreAsync(storePath, mustExist: true, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                document = await store.ExportAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException)
            {
                throw new ServerUnavailableException($"cannot export the embedded store '{storePath}': {e.Message}");
            }
        }

        await stdout.WriteAsync(document.ToJson()).ConfigureAwait(false);
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
