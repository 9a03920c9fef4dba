using System;
using System.Globalization;
using System.IO;

namespace TapeTrack.Sync.Cli;

/// <summary>Progress on standard error: records read, records per second and the current scope, at most about once a second.</summary>
internal sealed class ProgressReporter
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly TextWriter _stderr;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _start;
    private DateTimeOffset _last;
    private long _records;
    private string _scope = "-";

    public ProgressReporter(TextWriter stderr, TimeProvider time)
    {
        _stderr = stderr;
        _time = time;
        _start = time.GetUtcNow();
        _last = _start;
    }

    public int Reports { get; private set; }

    public void SetScope(string customer, string media) => _scope = customer + "." + media;

    public void OnRecord()
    {
        _records++;
        var now = _time.GetUtcNow();
        if (now - _last < Interval)
        {
            return;
        }

        _last = now;
        Reports++;
        double seconds = Math.Max((now - _start).TotalSeconds, 0.001);
        _stderr.WriteLine(string.Format(CultureInfo.InvariantCulture, "progress: {0} records, {1:0} records/s, scope {2}", _records, _records / seconds, _scope));
    }
}
