using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// The store file: a whole server model (customers, media, repositories, volumes, users) as JSON,
/// for <c>store import</c>/<c>store export</c>, test fixtures and dry runs.
/// </summary>
public sealed class StoreDocument
{
    private static readonly (string Json, string Field, StoreValueKind Kind)[] VolumeProperties =
    {
        ("description", VolumeFields.Description, StoreValueKind.Text),
        ("moveDate", VolumeFields.MoveDate, StoreValueKind.Date),
        ("writeTime", VolumeFields.WriteTime, StoreValueKind.DateTime),
        ("scratch", VolumeFields.Scratch, StoreValueKind.Boolean),
        ("encrypted", VolumeFields.Encrypted, StoreValueKind.Boolean),
        ("slot", VolumeFields.Slot, StoreValueKind.Text),
        ("system", VolumeFields.System, StoreValueKind.Text),
        ("container", VolumeFields.Container, StoreValueKind.Text),
        ("dataCluster", VolumeFields.DataCluster, StoreValueKind.Text),
        ("expiryDate", "EXPIRYDATE", StoreValueKind.Date),
        ("generation", "GENERATION", StoreValueKind.Text),
        ("hidden", "HIDDEN", StoreValueKind.Boolean),
        ("homeRepository", "HOMEREPOSITORY", StoreValueKind.Text),
        ("homeSlot", "HOMESLOT", StoreValueKind.Text),
        ("initialRepository", "INITIALREPOSITORY", StoreValueKind.Text),
        ("mountTime", "MOUNTTIME", StoreValueKind.DateTime),
        ("moveLock", "MOVELOCK", StoreValueKind.Boolean),
        ("qualityCheck", "QUALITYCHECK", StoreValueKind.Text),
        ("readTime", "READTIME", StoreValueKind.DateTime),
        ("stage", "STAGE", StoreValueKind.Text),
        ("stockId", "STOCKID", StoreValueKind.Text),
        ("usage", "USAGE", StoreValueKind.Text),
        ("usageCount", "USAGECOUNT", StoreValueKind.Integer),
    };

    /// <summary>The customers, each with its media.</summary>
    public List<StoreCustomer> Customers { get; } = new();

    /// <summary>The users that may log on.</summary>
    public List<StoreUser> Users { get; } = new();

    /// <summary>Reads a store file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="StoreFormatException">The file is not a valid store file; the message names the JSON path.</exception>
    public static StoreDocument Load(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (Directory.Exists(path))
        {
            throw new StoreFormatException(path, "$", "is a folder, not a store file");
        }

        string text;
        try
        {
            text = ReadBounded(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreFormatException(path, "$", "cannot be read: " + e.Message);
        }

        return Parse(text, path);
    }

    /// <summary>The largest store file <see cref="Load"/> reads: 1 GiB.</summary>
    public const long MaxFileSize = 1L << 30;

    // a device such as /dev/zero, or a file that is not JSON, is refused by its first bytes, not after reading it all
    private static string ReadBounded(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        var head = new byte[4096];
        int count = 0;
        int n;
        while (count < head.Length && (n = stream.Read(head, count, head.Length - count)) > 0)
        {
            count += n;
        }

        int start = count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
        while (start < count && head[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start < count && head[start] != (byte)'{' && head[start] != (byte)'/')
        {
            throw new StoreFormatException(path, "$", "is not a store file: a store file is a JSON object, starting with '{'");
        }

        using var all = new MemoryStream();
        all.Write(head, 0, count);
        var buffer = new byte[81920];
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (all.Length + n > MaxFileSize)
            {
                throw new StoreFormatException(path, "$", string.Format(CultureInfo.InvariantCulture, "is larger than the limit of {0:N0} bytes (1 GiB) for a store file", MaxFileSize));
            }

            all.Write(buffer, 0, n);
        }

        return new UTF8Encoding(false).GetString(all.GetBuffer(), 0, (int)all.Length).TrimStart('\uFEFF');
    }

    /// <summary>Parses store-file text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="sourceName">A name for the text in error messages, such as its file path.</param>
    /// <exception cref="StoreFormatException">The text is not a valid store file; the message names the JSON path.</exception>
    public static StoreDocument Parse(string json, string sourceName = "store")
    {
        if (json is null)
        {
            throw new ArgumentNullException(nameof(json));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new StoreFormatException(sourceName, "$", $"is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1})");
        }

        using (document)
        {
            var reader = new Reader(sourceName);
            return reader.ReadDocument(document.RootElement);
        }
    }

    /// <summary>Writes the document as store-file JSON: every field, sorted by customer, media and volume.</summary>
    /// <param name="stream">Where to write (UTF-8, no byte-order mark).</param>
    public void WriteTo(Stream stream)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteStartArray("customers");
        foreach (var customer in Sorted(Customers, c => c.Id))
        {
            writer.WriteStartObject();
            writer.WriteString("id", customer.Id);
            writer.WriteString("description", customer.Description);
            writer.WriteStartArray("attributes");
            foreach (var attribute in Sorted(customer.Attributes, a => a.Index.ToString("D3", CultureInfo.InvariantCulture)))
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", attribute.Index);
                writer.WriteString("name", attribute.Name);
                writer.WriteString("type", attribute.Type);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("media");
            foreach (var media in Sorted(customer.Media, m => m.Id))
            {
                writer.WriteStartObject();
                writer.WriteString("id", media.Id);
                writer.WriteString("description", media.Description);
                writer.WriteStartArray("repositories");
                foreach (var repository in Sorted(media.Repositories, r => r.Id))
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", repository.Id);
                    writer.WriteString("description", repository.Description);
                    writer.WriteString("type", repository.Type.ToString());
                    writer.WriteBoolean("offsite", repository.Offsite);
                    writer.WriteString("next", repository.Next);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteStartArray("volumes");
                foreach (var volume in Sorted(media.Volumes, v => v.Id))
                {
                    WriteVolume(writer, volume);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("users");
        foreach (var user in Sorted(Users, u => u.Name))
        {
            writer.WriteStartObject();
            writer.WriteString("name", user.Name);
            if (user.Customers is { } granted)
            {
                writer.WriteStartArray("customers");
                foreach (var customer in Sorted(granted, c => c))
                {
                    writer.WriteStringValue(customer);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>The document as store-file JSON text.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        WriteTo(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteVolume(Utf8JsonWriter writer, Volume volume)
    {
        writer.WriteStartObject();
        writer.WriteString("id", volume.Id);
        writer.WriteString("current", volume.Current);
        writer.WriteString("target", volume.IsMoving ? volume.Target : null);
        foreach (var (json, field, kind) in VolumeProperties)
        {
            var value = volume.Get(field);
            if (value is null)
            {
                writer.WriteNull(json);
            }
            else if (kind == StoreValueKind.Boolean)
            {
                writer.WriteBoolean(json, value == "true");
            }
            else if (kind == StoreValueKind.Integer)
            {
                writer.WriteNumber(json, long.Parse(value, CultureInfo.InvariantCulture));
            }
            else
            {
                writer.WriteString(json, value);
            }
        }

        writer.WriteStartObject("attributes");
        for (int i = 1; i <= 200; i++)
        {
            var value = volume.Get(VolumeFields.Attribute(i));
            if (value is not null)
            {
                writer.WriteString(i.ToString(CultureInfo.InvariantCulture), value);
            }
        }

        writer.WriteEndObject();
        writer.WriteNumber("version", volume.Version);
        writer.WriteEndObject();
    }

    private static List<T> Sorted<T>(IEnumerable<T> items, Func<T, string> key)
    {
        var list = new List<T>(items);
        list.Sort((a, b) => string.CompareOrdinal(key(a), key(b)));
        return list;
    }

    private enum StoreValueKind
    {
        Text,
        Date,
        DateTime,
        Boolean,
        Integer,
    }

    private sealed class Reader
    {
        private readonly string _source;

        public Reader(string source) => _source = source;

        public StoreDocument ReadDocument(JsonElement root)
        {
            Expect(root, JsonValueKind.Object, "$");
            var document = new StoreDocument();
            foreach (var property in root.EnumerateObject())
            {
                string path = "$." + property.Name;
                switch (property.Name)
                {
                    case "customers":
                        int i = 0;
                        foreach (var customer in Array(property.Value, path))
                        {
                            document.Customers.Add(ReadCustomer(customer, $"{path}[{i++}]"));
                        }

                        break;
                    case "users":
                        int u = 0;
                        foreach (var user in Array(property.Value, path))
                        {
                            string userPath = $"{path}[{u++}]";
                            Expect(user, JsonValueKind.Object, userPath);
                            string? name = null;
                            string? password = null;
                            List<string>? granted = null;
                            foreach (var p in user.EnumerateObject())
                            {
                                switch (p.Name)
                                {
                                    case "name": name = String(p.Value, userPath + ".name", 64); break;
                                    case "password": password = String(p.Value, userPath + ".password", 256); break;
                                    case "customers":
                                        granted = new List<string>();
                                        int g = 0;
                                        foreach (var customer in Array(p.Value, userPath + ".customers"))
                                        {
                                            string grantPath = $"{userPath}.customers[{g++}]";
                                            granted.Add(Required(String(customer, grantPath, 64), grantPath));
                                        }

                                        break;
                                    default: throw Unknown(userPath, p.Name);
                                }
                            }

                            document.Users.Add(new StoreUser(Required(name, userPath + ".name"), password) { Customers = granted });
                        }

                        break;
                    default:
                        throw Unknown("$", property.Name);
                }
            }

            var ids = new HashSet<string>(StringComparer.Ordinal);
            for (int c = 0; c < document.Customers.Count; c++)
            {
                if (!ids.Add(document.Customers[c].Id))
                {
                    throw Error($"$.customers[{c}].id", $"repeats customer '{document.Customers[c].Id}'");
                }
            }

            return document;
        }

        private StoreCustomer ReadCustomer(JsonElement element, string path)
        {
            Expect(element, JsonValueKind.Object, path);
            string? id = null;
            string description = string.Empty;
            var attributes = new List<StoreAttributeDefinition>();
            var media = new List<StoreMedia>();
            foreach (var p in element.EnumerateObject())
            {
                string at = path + "." + p.Name;
                switch (p.Name)
                {
                    case "id": id = String(p.Value, at, 4); break;
                    case "description": description = String(p.Value, at, 256) ?? string.Empty; break;
                    case "attributes":
                        int a = 0;
                        foreach (var attribute in Array(p.Value, at))
                        {
                            attributes.Add(ReadAttribute(attribute, $"{at}[{a++}]"));
                        }

                        break;
                    case "media":
                        int m = 0;
                        foreach (var item in Array(p.Value, at))
                        {
                            media.Add(ReadMedia(item, $"{at}[{m++}]"));
                        }

                        break;
                    default: throw Unknown(path, p.Name);
                }
            }

            var customer = new StoreCustomer(Required(id, path + ".id"), description);
            customer.Attributes.AddRange(attributes);
            customer.Media.AddRange(media);
            return customer;
        }

        private StoreAttributeDefinition ReadAttribute(JsonElement element, string path)
        {
            Expect(element, JsonValueKind.Object, path);
            int index = 0;
            string? name = null;
            string type = "String";
            foreach (var p in element.EnumerateObject())
            {
                string at = path + "." + p.Name;
                switch (p.Name)
                {
                    case "index":
                        if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out index) || index is < 1 or > 200)
                        {
                            throw Error(at, "must be a number from 1 to 200");
                        }

                        break;
                    case "name": name = String(p.Value, at, 64); break;
                    case "type": type = String(p.Value, at, 32) ?? "String"; break;
                    default: throw Unknown(path, p.Name);
                }
            }

            if (index == 0)
            {
                throw Error(path + ".index", "is required");
            }

            return new StoreAttributeDefinition(index, Required(name, path + ".name"), type);
        }

        private StoreMedia ReadMedia(JsonElement element, string path)
        {
            Expect(element, JsonValueKind.Object, path);
            string? id = null;
            string description = string.Empty;
            var repositories = new List<Repository>();
            var volumes = new List<(Volume Volume, string Path)>();
            foreach (var p in element.EnumerateObject())
            {
                string at = path + "." + p.Name;
                switch (p.Name)
                {
                    case "id": id = String(p.Value, at, 4); break;
                    case "description": description = String(p.Value, at, 256) ?? string.Empty; break;
                    case "repositories":
                        int r = 0;
                        foreach (var item in Array(p.Value, at))
                        {
                            repositories.Add(ReadRepository(item, $"{at}[{r++}]"));
                        }

                        break;
                    case "volumes":
                        int v = 0;
                        foreach (var item in Array(p.Value, at))
                        {
                            string volumePath = $"{at}[{v++}]";
                            volumes.Add((ReadVolume(item, volumePath), volumePath));
                        }

                        break;
                    default: throw Unknown(path, p.Name);
                }
            }

            var known = new HashSet<string>(StringComparer.Ordinal);
            for (int r = 0; r < repositories.Count; r++)
            {
                if (!known.Add(repositories[r].Id))
                {
                    throw Error($"{path}.repositories[{r}].id", $"repeats repository '{repositories[r].Id}'");
                }
            }

            for (int r = 0; r < repositories.Count; r++)
            {
                if (repositories[r].Next is { } next && !known.Contains(next))
                {
                    throw Error($"{path}.repositories[{r}].next", $"names repository '{next}', which this media does not have");
                }
            }

            var volumeIds = new HashSet<string>(StringComparer.Ordinal);
            var media = new StoreMedia(Required(id, path + ".id"), description);
            media.Repositories.AddRange(repositories);
            foreach (var (volume, volumePath) in volumes)
            {
                if (!volumeIds.Add(volume.Id))
                {
                    throw Error(volumePath + ".id", $"repeats volume '{volume.Id}'");
                }

                if (!known.Contains(volume.Current))
                {
                    throw Error(volumePath + ".current", $"names repository '{volume.Current}', which this media does not have");
                }

                if (!known.Contains(volume.Target))
                {
                    throw Error(volumePath + ".target", $"names repository '{volume.Target}', which this media does not have");
                }

                media.Volumes.Add(volume);
            }

            return media;
        }

        private Repository ReadRepository(JsonElement element, string path)
        {
            Expect(element, JsonValueKind.Object, path);
            string? id = null;
            string description = string.Empty;
            RepositoryType? type = null;
            bool offsite = false;
            string? next = null;
            foreach (var p in element.EnumerateObject())
            {
                string at = path + "." + p.Name;
                switch (p.Name)
                {
                    case "id": id = String(p.Value, at, 4); break;
                    case "description": description = String(p.Value, at, 20) ?? string.Empty; break;
                    case "type":
                        var text = String(p.Value, at, 32);
                        if (text is null || !Enum.TryParse(text, ignoreCase: true, out RepositoryType parsed) || int.TryParse(text, out _))
                        {
                            throw Error(at, $"must be one of {string.Join(", ", Enum.GetNames(typeof(RepositoryType)))}");
                        }

                        type = parsed;
                        break;
                    case "offsite": offsite = Boolean(p.Value, at) ?? false; break;
                    case "next": next = String(p.Value, at, 4); break;
                    default: throw Unknown(path, p.Name);
                }
            }

            if (type is null)
            {
                throw Error(path + ".type", "is required");
            }

            return new Repository(Required(id, path + ".id"), description, type.Value) { Offsite = offsite, Next = string.IsNullOrEmpty(next) ? null : next };
        }

        private Volume ReadVolume(JsonElement element, string path)
        {
            Expect(element, JsonValueKind.Object, path);
            string? id = null;
            string? current = null;
            string? target = null;
            long version = 1;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in element.EnumerateObject())
            {
                string at = path + "." + p.Name;
                switch (p.Name)
                {
                    case "id": id = String(p.Value, at, 10); continue;
                    case "current": current = String(p.Value, at, 4); continue;
                    case "target": target = String(p.Value, at, 4); continue;
                    case "version":
                        if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt64(out version) || version < 1)
                        {
                            throw Error(at, "must be a whole number of at least 1");
                        }

                        continue;
                    case "attributes":
                        if (p.Value.ValueKind == JsonValueKind.Null)
                        {
                            continue;
                        }

                        Expect(p.Value, JsonValueKind.Object, at);
                        foreach (var attribute in p.Value.EnumerateObject())
                        {
                            string attributePath = at + "." + attribute.Name;
                            if (!int.TryParse(attribute.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index is < 1 or > 200)
                            {
                                throw Error(attributePath, "is not an attribute index from 1 to 200");
                            }

                            var value = String(attribute.Value, attributePath, 256);
                            if (!string.IsNullOrEmpty(value))
                            {
                                fields[VolumeFields.Attribute(index)] = value!;
                            }
                        }

                        continue;
                }

                int k = IndexOf(p.Name);
                if (k < 0)
                {
                    throw Unknown(path, p.Name);
                }

                var (_, field, kind) = VolumeProperties[k];
                string? canonical = kind switch
                {
                    StoreValueKind.Boolean => Boolean(p.Value, at) is { } b ? (b ? "true" : "false") : null,
                    StoreValueKind.Integer => Integer(p.Value, at),
                    StoreValueKind.Date => Date(p.Value, at, "yyyy-MM-dd"),
                    StoreValueKind.DateTime => Date(p.Value, at, "yyyy-MM-ddTHH:mm:ss"),
                    _ => String(p.Value, at, 256),
                };
                if (!string.IsNullOrEmpty(canonical))
                {
                    fields[field] = canonical!;
                }
            }

            return new Volume(Required(id, path + ".id"), Required(current, path + ".current"), target, version, fields);
        }

        private static int IndexOf(string json)
        {
            for (int i = 0; i < VolumeProperties.Length; i++)
            {
                if (VolumeProperties[i].Json == json)
                {
                    return i;
                }
            }

            return -1;
        }

        private string? Date(JsonElement value, string path, string format)
        {
            var text = String(value, path, 32);
            if (text is null)
            {
                return null;
            }

            // a date-time field also takes a plain date (midnight)
            if (DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                || (format.Length > 10 && DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out parsed)))
            {
                return parsed.ToString(format, CultureInfo.InvariantCulture);
            }

            throw Error(path, $"must be a date as {format}");
        }

        private string? Integer(JsonElement value, string path)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long number))
            {
                throw Error(path, "must be a whole number");
            }

            return number.ToString(CultureInfo.InvariantCulture);
        }

        private bool? Boolean(JsonElement value, string path) => value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => throw Error(path, "must be true or false"),
        };

        private string? String(JsonElement value, string path, int maxLength)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw Error(path, "must be a string");
            }

            var text = value.GetString()!;
            if (text.Length > maxLength)
            {
                throw Error(path, $"is longer than {maxLength} characters");
            }

            return text;
        }

        private JsonElement.ArrayEnumerator Array(JsonElement value, string path)
        {
            Expect(value, JsonValueKind.Array, path);
            return value.EnumerateArray();
        }

        private void Expect(JsonElement value, JsonValueKind kind, string path)
        {
            if (value.ValueKind != kind)
            {
                throw Error(path, "must be " + (kind == JsonValueKind.Array ? "an array" : "an object"));
            }
        }

        private string Required(string? value, string path) =>
            string.IsNullOrEmpty(value) ? throw Error(path, "is required") : value!;

        private StoreFormatException Unknown(string path, string name) => Error(path + "." + name, "is not a known property");

        private StoreFormatException Error(string path, string message) => new(_source, path, message);
    }
}
