using System;
using System.Globalization;
using System.IO;
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

        if (Directory.Exists(file))
        {
            throw new UsageException($"{file}: $ is a folder, not a store file; nothing was written to the store", aboutOptions: false);
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
        string storePath = ServerSessions.ResolveStorePath(options.StorePath, env);
        await using var store = await ServerSessions.OpenStoreAsync(storePath, mustExist: true, cancellationToken).ConfigureAwait(false);
        try
        {
            // written as the store is read, in bounded memory whatever its size
            if (stdout is StreamWriter { BaseStream: { } output })
            {
                await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                await store.ExportToAsync(output, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var output2 = new TextWriterStream(stdout);
                await store.ExportToAsync(output2, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException)
        {
            throw new ServerUnavailableException($"cannot export the embedded store '{storePath}': {e.Message}");
        }

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
