using System;
using System.IO;
using System.Text;
using System.Text.Json;
using TapeTrack.Sync.Import;

namespace TapeTrack.Sync.Engine;

/// <summary>
/// The JSON report of sync.md written as the run goes, in bounded memory whatever the number of changes, warnings and
/// record errors: set it as the <see cref="SyncPipeline.Observer"/> (or call it from yours), and after the run
/// <see cref="WriteTo"/> writes the report, byte for byte as <see cref="SyncReportWriter"/> would with every item kept.
/// Each list goes to a spool file of its own as it comes (the report puts the statistics, known only at the end,
/// before the lists); the spool files are deleted when the spool is disposed.
/// </summary>
/// <remarks>
/// A spool file that cannot be written (a full disk) does not stop the run: the spool stops writing, and
/// <see cref="WriteTo"/> throws <see cref="IOException"/> with the first failure.
/// </remarks>
public sealed class SyncReportSpool : SyncObserver, IDisposable
{
    // far below a large object: what a spool holds in memory before it goes to its file
    private const int FlushThreshold = 16 * 1024;

    private readonly Spool[] _spools;
    private Exception? _failure;
    private bool _disposed;

    /// <summary>Creates the spool files.</summary>
    /// <param name="directory">Where the spool files go, such as the report's own folder;
    /// <see langword="null"/> for the system's temporary folder.</param>
    /// <exception cref="IOException">A spool file cannot be created there.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be written.</exception>
    public SyncReportSpool(string? directory = null)
    {
        string folder = directory ?? Path.GetTempPath();
        string stem = ".tapetrack-report-" + Guid.NewGuid().ToString("N").Substring(0, 12);
        _spools = new Spool[3];
        try
        {
            _spools[0] = new Spool(Path.Combine(folder, stem + ".changes.tmp"));
            _spools[1] = new Spool(Path.Combine(folder, stem + ".warnings.tmp"));
            _spools[2] = new Spool(Path.Combine(folder, stem + ".errors.tmp"));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override void OnChange(SyncChange change)
    {
        if (Writer(0) is { } writer)
        {
            SyncReportWriter.WriteChange(writer, change);
            Written(0);
        }
    }

    /// <inheritdoc />
    public override void OnWarning(SyncWarning warning)
    {
        if (Writer(1) is { } writer)
        {
            SyncReportWriter.WriteWarning(writer, warning);
            Written(1);
        }
    }

    /// <inheritdoc />
    public override void OnRecordError(RecordError error)
    {
        if (Writer(2) is { } writer)
        {
            SyncReportWriter.WriteError(writer, error);
            Written(2);
        }
    }

    /// <summary>Writes the report: the flags and statistics of <paramref name="result"/>, then every change, warning and
    /// record error heard. Call it after the run (also after a run that failed, stopped or was interrupted, with the
    /// exception's partial result).</summary>
    /// <param name="result">The run's result, for its flags and statistics.</param>
    /// <param name="stream">Where to write (UTF-8, no byte-order mark).</param>
    /// <exception cref="IOException">A spool file could not be written during the run, or <paramref name="stream"/> cannot be.</exception>
    public void WriteTo(SyncResult result, Stream stream)
    {
        if (result is null)
        {
            throw new ArgumentNullException(nameof(result));
        }

        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(SyncReportSpool));
        }

        if (_failure is not null)
        {
            throw new IOException("the report's spool could not be written during the run: " + _failure.Message, _failure);
        }

        using (var writer = new Utf8JsonWriter(stream, SyncReportWriter.Options))
        {
            SyncReportWriter.WriteHead(writer, result);
        }

        string newLine = Environment.NewLine;
        string[] names = { "changes", "warnings", "errors" };
        for (int i = 0; i < _spools.Length; i++)
        {
            Raw(stream, "," + newLine + "  \"" + names[i] + "\": ");
            _spools[i].CopyTo(stream);
        }

        Raw(stream, newLine + "}\n");
        stream.Flush();
    }

    /// <summary>Deletes the spool files.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var spool in _spools)
        {
            spool?.Dispose();
        }
    }

    private static void Raw(Stream stream, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        stream.Write(bytes, 0, bytes.Length);
    }

    private Utf8JsonWriter? Writer(int spool) => _failure is null && !_disposed ? _spools[spool].Writer : null;

    private void Written(int spool)
    {
        try
        {
            _spools[spool].FlushIfFull();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the run goes on; the report says it could not be written
            _failure = e;
        }
    }

    /// <summary>One list as a JSON array in a file, indented as in the report (inside a dummy object, whose opening is skipped).</summary>
    private sealed class Spool : IDisposable
    {
        private readonly FileStream _file;
        private readonly long _start;
        private bool _closed;

        public Spool(string path)
        {
            _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
            Writer = new Utf8JsonWriter(_file, SyncReportWriter.Options);
            try
            {
                Writer.WriteStartObject();
                Writer.WritePropertyName("x");
                Writer.Flush();
                _start = _file.Position;
                Writer.WriteStartArray();
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public Utf8JsonWriter Writer { get; }

        public void FlushIfFull()
        {
            if (Writer.BytesPending > FlushThreshold)
            {
                Writer.Flush();
            }
        }

        public void CopyTo(Stream stream)
        {
            if (!_closed)
            {
                Writer.WriteEndArray();
                Writer.Flush();
                _closed = true;
            }

            _file.Flush();
            _file.Position = _start;
            _file.CopyTo(stream, 64 * 1024);
        }

        public void Dispose()
        {
            try
            {
                Writer.Dispose();
            }
            catch (IOException)
            {
                // what it held is not wanted any more: the file is being deleted
            }

            try
            {
                _file.Dispose();
            }
            catch (IOException)
            {
                // a full disk refuses the last bytes; the handle is closed and the file deleted all the same
            }
        }
    }
}
