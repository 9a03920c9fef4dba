using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace TapeTrack.Sync.Engine;

/// <summary>
/// Writes a <see cref="SyncResult"/> as the JSON report of sync.md (<c>--report FILE</c>), with the changes, warnings
/// and errors the result kept (<see cref="SyncOptions.MaxResultItems"/>). For a report of every one in bounded memory,
/// as the tool writes it, use <see cref="SyncReportSpool"/>.
/// </summary>
public static class SyncReportWriter
{
    /// <summary>Writes the report.</summary>
    /// <param name="result">The run's result.</param>
    /// <param name="stream">Where to write (UTF-8, no byte-order mark).</param>
    public static void Write(SyncResult result, Stream stream)
    {
        if (result is null)
        {
            throw new ArgumentNullException(nameof(result));
        }

        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        using var writer = new Utf8JsonWriter(stream, Options);
        WriteHead(writer, result);
        writer.WriteStartArray("changes");
        foreach (var change in result.Changes)
        {
            WriteChange(writer, change);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("warnings");
        foreach (var warning in result.Warnings)
        {
            WriteWarning(writer, warning);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("errors");
        foreach (var error in result.Errors)
        {
            WriteError(writer, error);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        stream.WriteByte((byte)'\n');
    }

    internal static JsonWriterOptions Options => new() { Indented = true };

    /// <summary>Opens the report object and writes everything before its lists: the flags and the statistics.</summary>
    internal static void WriteHead(Utf8JsonWriter writer, SyncResult result)
    {
        var s = result.Statistics;
        writer.WriteStartObject();
        writer.WriteBoolean("dryRun", result.DryRun);
        writer.WriteBoolean("interrupted", result.Interrupted);
        if (result.Interrupted)
        {
            // sent when the stop came: perhaps applied by a server over the network, not counted below
            writer.WriteNumber("updatesInFlight", result.UpdatesInFlight.Count);
        }

        writer.WriteBoolean("emptyInput", result.EmptyInput);
        writer.WriteBoolean("noVolumeRecords", result.NoVolumeRecords);
        writer.WriteStartObject("statistics");
        writer.WriteNumber("recordsRead", s.RecordsRead);
        writer.WriteNumber("recordsExcluded", s.RecordsExcluded);
        writer.WriteNumber("recordErrors", s.RecordErrors);
        writer.WriteNumber("volumesMatched", s.VolumesMatched);
        writer.WriteNumber("volumesNotFound", s.VolumesNotFound);
        writer.WriteNumber("volumesAdded", s.VolumesAdded);
        writer.WriteNumber("volumesUnchanged", s.VolumesUnchanged);
        writer.WriteNumber("volumesUpdated", s.VolumesUpdated);
        writer.WriteNumber("movesRequested", s.MovesRequested);
        writer.WriteNumber("movesCancelled", s.MovesCancelled);
        writer.WriteNumber("skippedByRule", s.SkippedByRule);
        writer.WriteNumber("confirmations", s.Confirmations);
        writer.WriteNumber("scopeDownloads", s.ScopeDownloads);
        writer.WriteNumber("warnings", s.Warnings);
        writer.WriteStartObject("fieldChanges");
        foreach (var pair in s.FieldChanges)
        {
            writer.WriteNumber(pair.Key, pair.Value);
        }

        writer.WriteEndObject();

        // the rest of the statistics sync.md lists, after the keys of its example
        writer.WriteNumber("headerRecords", s.HeaderRecords);
        writer.WriteNumber("recordsPassedOver", s.RecordsPassedOver);
        writer.WriteStartObject("warningsByKind");
        foreach (WarningKind kind in Enum.GetValues(typeof(WarningKind)))
        {
            writer.WriteNumber(kind.ToString(), s.WarningsOf(kind));
        }

        writer.WriteEndObject();
        writer.WriteNumber("scopes", s.Scopes);
        writer.WriteNumber("serverRequests", s.ServerRequests);
        if (s.BytesSent + s.BytesReceived > 0)
        {
            writer.WriteNumber("bytesSent", s.BytesSent);
            writer.WriteNumber("bytesReceived", s.BytesReceived);
        }

        writer.WriteString("elapsed", s.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + "s");
        writer.WriteEndObject();
    }

    internal static void WriteChange(Utf8JsonWriter writer, SyncChange change)
    {
        writer.WriteStartObject();
        writer.WriteString("action", change.Action switch { ChangeAction.Add => "add", ChangeAction.Confirm => "confirm", _ => "set" });
        writer.WriteString("customer", change.Volume.Customer);
        writer.WriteString("media", change.Volume.Media);
        writer.WriteString("volume", change.Volume.Volume);
        writer.WriteString("field", change.Field);
        writer.WriteString("from", change.From);
        writer.WriteString("to", change.To);
        writer.WriteNumber("line", change.Line);
        writer.WriteEndObject();
    }

    internal static void WriteWarning(Utf8JsonWriter writer, SyncWarning warning)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", warning.Kind.ToString());
        writer.WriteString("customer", warning.Volume.Customer);
        writer.WriteString("media", warning.Volume.Media);
        writer.WriteString("volume", warning.Volume.Volume);
        writer.WriteString("expected", warning.Expected);
        writer.WriteString("actual", warning.Actual);
        if (warning.Line is { } line)
        {
            writer.WriteNumber("line", line);
        }
        else
        {
            writer.WriteNull("line");
        }

        writer.WriteEndObject();
    }

    internal static void WriteError(Utf8JsonWriter writer, Import.RecordError error)
    {
        writer.WriteStartObject();
        writer.WriteNumber("line", error.Line);
        writer.WriteString("field", error.Field);
        writer.WriteString("message", error.Message);
        writer.WriteEndObject();
    }

    /// <summary>The report as JSON text.</summary>
    /// <param name="result">The run's result.</param>
    public static string ToJson(SyncResult result)
    {
        using var stream = new MemoryStream();
        Write(result, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
