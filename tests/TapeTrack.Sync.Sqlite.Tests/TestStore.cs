using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Sqlite.Tests;

/// <summary>A temporary folder for store files, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tapetrack-store-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on another thread; the OS temp cleaner takes it
        }
    }
}

/// <summary>Shared fixtures: the store file of the CSV sample and small helpers.</summary>
public static class Fixtures
{
    public static readonly ScopeKey Lto = new("US01", "LTO");

    public static string DataFolder
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !System.IO.File.Exists(System.IO.Path.Combine(folder.FullName, "TapeTrack.Sync.sln")))
            {
                folder = folder.Parent;
            }

            if (folder is null)
            {
                throw new InvalidOperationException("TapeTrack.Sync.sln not found above " + AppContext.BaseDirectory);
            }

            return System.IO.Path.GetFullPath(System.IO.Path.Combine(folder.FullName, "..", "shared", "data"));
        }
    }

    public static string SampleStorePath => System.IO.Path.Combine(DataFolder, "csv-source", "store.json");

    public static StoreDocument Sample() => StoreDocument.Load(SampleStorePath);

    public static async Task<SqliteTapeStore> OpenSampleAsync(string path)
    {
        var store = await SqliteTapeStore.OpenAsync(path);
        await store.ImportAsync(Sample());
        return store;
    }

    public static VolumeUpdate Set(string volume, long? version, params (string Field, string? Value)[] changes)
    {
        var list = new List<FieldChange>();
        foreach (var (field, value) in changes)
        {
            list.Add(new FieldChange(field, value));
        }

        return new VolumeUpdate(Lto.Volume(volume), version, list);
    }

    public static long ScalarInt64(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string ScalarText(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}

/// <summary>A logger that keeps every message and exception text, to look for what must never be logged.</summary>
public sealed class CapturingLogger : ILogger
{
    public ConcurrentQueue<(EventId Id, string Text)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Entries.Enqueue((eventId, formatter(state, exception) + " " + exception));
    }
}
