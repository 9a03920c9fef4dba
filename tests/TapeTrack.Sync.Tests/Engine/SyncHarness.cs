using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Tests.Engine;

/// <summary>
/// A server with one scope (US01.LTO: LIBR library, OFFS vault, RACK rack, VLT2 vault) and a CSV definition
/// built from a column list, so a test states its input as lines of text.
/// </summary>
internal sealed class SyncHarness
{
    public static readonly ScopeKey Lto = new("US01", "LTO");
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public SyncHarness()
    {
        Session.AddMedia(Lto, Repositories());
    }

    public InMemoryServerSession Session { get; } = new();

    public FakeTimeProvider Time { get; } = new(Now);

    public SyncOptions Options { get; } = new() { TimeZone = TimeZoneInfo.Utc };

    public RecordingObserver Observer { get; } = new();

    public RecordingLogger Logger { get; } = new();

    public Func<IServerSession, IScopeCache>? ScopeCacheFactory { get; set; }

    public static Repository[] Repositories() => new[]
    {
        new Repository("LIBR", "Main Library", RepositoryType.Library),
        new Repository("OFFS", "Offsite Vault", RepositoryType.Vault),
        new Repository("RACK", "Racking", RepositoryType.Rack),
        new Repository("VLT2", "Second Vault", RepositoryType.Vault),
    };

    public static VolumeKey Key(string volume) => Lto.Volume(volume);

    public Volume Put(string id, string current, string? target = null, params (string Field, string Value)[] fields) =>
        Put(Lto, id, current, target, fields);

    public Volume Put(ScopeKey scope, string id, string current, string? target = null, params (string Field, string Value)[] fields) =>
        Session.PutVolume(scope, new Volume(id, current, target, 0, fields.ToDictionary(f => f.Field, f => f.Value)));

    public Volume Volume(string id) => Session.Find(Key(id)) ?? throw new InvalidOperationException(id + " is not on the server");

    /// <summary>A CSV definition: column n is the n-th name of <paramref name="columns"/>; CUSTOMER and MEDIA default to US01 and LTO.</summary>
    public static SyncDefinition Definition(string columns, Action<SyncDefinitionBuilder>? configure = null)
    {
        var builder = new SyncDefinitionBuilder()
            .SetCsvDelimiter(',')
            .SetMoveDateFormat("%Y-%m-%d")
            .SetWriteTimeFormat("%Y-%m-%d %H:%M:%S");
        var names = columns.Split(',');
        for (int i = 0; i < names.Length; i++)
        {
            if (!SyncFields.TryParse(names[i], out var field))
            {
                throw new ArgumentException("unknown field " + names[i], nameof(columns));
            }

            builder.Extract(field, i + 1, 256);
        }

        if (!names.Contains("CUSTOMER"))
        {
            builder.SetLiteral(SyncField.Customer, "US01");
        }

        if (!names.Contains("MEDIA"))
        {
            builder.SetLiteral(SyncField.Media, "LTO");
        }

        configure?.Invoke(builder);
        return builder.Build();
    }

    public SyncPipeline Pipeline(SyncDefinition definition, IServerSession? session = null) =>
        new(definition, session ?? Session, Options)
        {
            TimeProvider = Time,
            Observer = Observer,
            Logger = Logger,
            ScopeCacheFactory = ScopeCacheFactory,
        };

    public Task<SyncResult> RunAsync(string columns, params string[] lines) => RunAsync(Definition(columns), null, lines);

    public Task<SyncResult> RunAsync(SyncDefinition definition, params string[] lines) => RunAsync(definition, null, lines);

    public async Task<SyncResult> RunAsync(SyncDefinition definition, IServerSession? session, params string[] lines)
    {
        await using var source = Source(lines);
        return await Pipeline(definition, session).RunAsync(source);
    }

    public static DelimitedRecordSource Source(params string[] lines) =>
        new(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n")), ',');

    /// <summary>Each change as <c>action VOLUME FIELD from-&gt;to @line</c>.</summary>
    public static string[] Changes(SyncResult result) =>
        result.Changes.Select(c => $"{c.Action.ToString().ToLowerInvariant()} {c.Volume.Volume} {c.Field} {c.From}->{c.To} @{c.Line}").ToArray();

    /// <summary>Each warning as <c>Kind VOLUME expected->actual @line</c>.</summary>
    public static string[] Warnings(SyncResult result) =>
        result.Warnings.Select(w => $"{w.Kind} {w.Volume.Volume} {w.Expected}->{w.Actual} @{w.Line}").ToArray();

    /// <summary>Each record error as <c>line FIELD</c>.</summary>
    public static string[] Errors(SyncResult result) =>
        result.Errors.Select(e => $"{e.Line} {e.Field}").ToArray();

    /// <summary>The volume counts and move counts in one line, zeros left out.</summary>
    public static string Counts(SyncResult result)
    {
        var s = result.Statistics;
        var parts = new List<string>();
        void Add(string name, long value)
        {
            if (value != 0)
            {
                parts.Add(name + "=" + value);
            }
        }

        Add("matched", s.VolumesMatched);
        Add("unchanged", s.VolumesUnchanged);
        Add("updated", s.VolumesUpdated);
        Add("notFound", s.VolumesNotFound);
        Add("added", s.VolumesAdded);
        Add("errors", s.RecordErrors);
        Add("movesRequested", s.MovesRequested);
        Add("movesCancelled", s.MovesCancelled);
        Add("skippedByRule", s.SkippedByRule);
        Add("confirmations", s.Confirmations);
        Add("warnings", s.Warnings);
        return string.Join(" ", parts);
    }
}

internal sealed class RecordingObserver : SyncObserver
{
    public List<SyncChange> Changes { get; } = new();

    public List<SyncWarning> Warnings { get; } = new();

    public List<RecordError> Errors { get; } = new();

    public override void OnChange(SyncChange change) => Changes.Add(change);

    public override void OnWarning(SyncWarning warning) => Warnings.Add(warning);

    public override void OnRecordError(RecordError error) => Errors.Add(error);
}

internal sealed class RecordingLogger : ILogger
{
    public List<(LogLevel Level, EventId Id, string Message, IReadOnlyList<KeyValuePair<string, object?>> State)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? Array.Empty<KeyValuePair<string, object?>>();
        Entries.Add((logLevel, eventId, formatter(state, exception), values.ToArray()));
    }

    public IEnumerable<string> Messages(int eventId) => Entries.Where(e => e.Id.Id == eventId).Select(e => e.Message);
}

/// <summary>Passes every call to a session, counting each kind; hooks let a test meddle in between.</summary>
internal class RecordingSession : DelegatingServerSession
{
    public RecordingSession(IServerSession inner)
        : base(inner, leaveInnerOpen: true)
    {
    }

    public IServerSession Inner => InnerSession;

    public int Downloads { get; private set; }

    public int Reads { get; private set; }

    public List<IReadOnlyList<VolumeUpdate>> Batches { get; } = new();

    public Action<IReadOnlyList<VolumeUpdate>>? BeforeApply { get; set; }

    public Action<IReadOnlyList<VolumeUpdate>>? AfterApply { get; set; }

    public override ValueTask<ScopeData> DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default)
    {
        Downloads++;
        return Inner.DownloadScopeAsync(scope, cancellationToken);
    }

    public override ValueTask<Volume?> GetVolumeAsync(VolumeKey key, CancellationToken cancellationToken = default)
    {
        Reads++;
        return Inner.GetVolumeAsync(key, cancellationToken);
    }

    public override async ValueTask<IReadOnlyList<UpdateResult>> ApplyAsync(IReadOnlyList<VolumeUpdate> updates, CancellationToken cancellationToken = default)
    {
        Batches.Add(updates);
        BeforeApply?.Invoke(updates);
        var results = await Inner.ApplyAsync(updates, cancellationToken);
        AfterApply?.Invoke(updates);
        return results;
    }
}

internal sealed class ServerDownException : Exception
{
    public ServerDownException()
        : base("connection lost")
    {
    }
}
