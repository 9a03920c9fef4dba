using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Remote;

/// <summary>
/// The body of <c>GET /v1/history</c> (docs/protocol.md): raw DEFLATE over UTF-8 JSON lines, one audit entry a line,
/// newest first. Text rather than the binary volume format: a history is read by people and scripts, and is small
/// next to a scope.
/// </summary>
internal static class HistoryCodec
{
    /// <summary>The media type of a history body.</summary>
    public const string MediaType = "application/vnd.tapetrack.history.v1";

    /// <summary>The query string of a history request (the grants are the server's to add, never the client's).</summary>
    public static string ToQueryString(AuditQuery query)
    {
        var text = new StringBuilder();
        void Add(string name, string value)
        {
            text.Append(text.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        if (query.Volume is { } volume)
        {
            Add("customer", volume.Customer);
            Add("media", volume.Media);
            Add("volume", volume.Volume);
        }

        if (query.Since is { } since)
        {
            Add("since", since.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        }

        if (query.Customers is { } customers)
        {
            // an empty list asks for nothing: one empty name no customer has
            if (customers.Count == 0)
            {
                Add("customers", string.Empty);
            }

            foreach (string customer in customers)
            {
                Add("customers", customer);
            }
        }

        if (query.Limit is { } limit)
        {
            Add("limit", limit.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public static void WriteEntry(Utf8JsonWriter writer, AuditEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteNumber("sequence", entry.Sequence);
        writer.WriteString("time", entry.Time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        writer.WriteString("user", entry.User);
        writer.WriteString("run", entry.Run);
        writer.WriteString("customer", entry.Volume.Customer);
        writer.WriteString("media", entry.Volume.Media);
        writer.WriteString("volume", entry.Volume.Volume);
        writer.WriteString("field", entry.Field);
        WriteNullable(writer, "old", entry.OldValue);
        WriteNullable(writer, "new", entry.NewValue);
        writer.WriteNumber("version", entry.Version);
        writer.WriteEndObject();
    }

    /// <summary>Reads one line of a history body.</summary>
    /// <exception cref="InvalidDataException">The line is not an audit entry.</exception>
    public static AuditEntry ReadEntry(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var time = DateTimeOffset.Parse(Text(root, "time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            return new AuditEntry(
                root.GetProperty("sequence").GetInt64(),
                time,
                Text(root, "user"),
                Text(root, "run"),
                new VolumeKey(Text(root, "customer"), Text(root, "media"), Text(root, "volume")),
                Text(root, "field"),
                NullableText(root, "old"),
                NullableText(root, "new"),
                root.GetProperty("version").GetInt64());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException("a history line is not an audit entry: " + e.Message, e);
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static string Text(JsonElement root, string name) => root.GetProperty(name).GetString() ?? throw new InvalidOperationException($"'{name}' is null");

    private static string? NullableText(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
