using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Sqlite.Tests;

/// <summary>Shared fixtures: the store file of the CSV sample and small helpers.</summary>
public static class Fixtures
{
    public static readonly ScopeKey Lto = SampleStore.Lto;

    public static string DataFolder => TestPaths.SharedData;

    public static string SampleStorePath => SampleStore.Path;

    public static StoreDocument Sample() => SampleStore.Load();

    public static async Task<SqliteTapeStore> OpenSampleAsync(string path)
    {
        var store = await SqliteTapeStore.OpenAsync(path);
        await store.ImportAsync(Sample());
        return store;
    }

    public static VolumeUpdate Set(string volume, long? version, params (string Field, string? Value)[] changes) => SampleStore.Set(volume, version, changes);

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
