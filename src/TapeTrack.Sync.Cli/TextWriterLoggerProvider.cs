using System;
using System.Globalization;
using System.IO;
using Microsoft.Extensions.Logging;

namespace TapeTrack.Sync.Cli;

/// <summary>Writes log lines (UTC time, level, category, message) to a text writer: the server's log on standard error.</summary>
internal sealed class TextWriterLoggerProvider : ILoggerProvider
{
    private readonly TextWriter _writer;
    private readonly TimeProvider _timeProvider;
    private readonly object _gate = new();

    public TextWriterLoggerProvider(TextWriter writer, TimeProvider timeProvider)
    {
        _writer = writer;
        _timeProvider = timeProvider;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"{_timeProvider.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ} {Level(level)} {Short(category)}: {message}");
        lock (_gate)
        {
            _writer.WriteLine(line);
            if (exception is not null)
            {
                // the type and message only: a stack trace is for a debugger, not the service log
                _writer.WriteLine("  " + exception.GetType().Name + ": " + exception.Message);
            }

            _writer.Flush();
        }
    }

    private static string Short(string category)
    {
        int dot = category.LastIndexOf('.');
        return dot < 0 ? category : category.Substring(dot + 1);
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class Logger : ILogger
    {
        private readonly TextWriterLoggerProvider _provider;
        private readonly string _category;

        public Logger(TextWriterLoggerProvider provider, string category)
        {
            _provider = provider;
            _category = category;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                _provider.Write(logLevel, _category, formatter(state, exception), exception);
            }
        }
    }
}
