using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using TapeTrack.Sync.Definitions;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// Reads a store file (cli.md) as a stream of <see cref="StoreFileItem"/>s, each checked against the store-file
/// rules as it comes. A file whose objects give <c>id</c> (and a media its <c>repositories</c>) before their
/// <c>media</c> or <c>volumes</c>, as <c>store export</c> writes it, is read in bounded memory whatever its
/// size; a seekable file in another order is read whole.
/// </summary>
public static class StoreFileReader
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// Reads the items of a store file. A seekable stream is checked whole before the first item comes, so that
    /// a file with an error anywhere yields nothing; a stream that cannot seek may fail after some items.
    /// </summary>
    /// <param name="stream">The store file, UTF-8 JSON.</param>
    /// <param name="sourceName">A name for the stream in error messages, such as its file path.</param>
    /// <returns>The customers (each followed by its media, each media by its volumes), then the users.</returns>
    /// <exception cref="StoreFormatException">The stream is not a valid store file; the message names the JSON path.</exception>
    public static IEnumerable<StoreFileItem> Read(Stream stream, string sourceName = "store")
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        if (sourceName is null)
        {
            throw new ArgumentNullException(nameof(sourceName));
        }

        return Guarded(ReadChecked(stream, sourceName), sourceName);
    }

    // System.Text.Json checks the structure as it reads but the text of a string only when it is decoded: invalid UTF-8
    // or an escaped lone surrogate surfaces as InvalidOperationException from GetString, which is a bad file, not a defect.
    private static IEnumerable<StoreFileItem> Guarded(IEnumerable<StoreFileItem> items, string sourceName)
    {
        using var enumerator = items.GetEnumerator();
        while (true)
        {
            StoreFileItem item;
            try
            {
                if (!enumerator.MoveNext())
                {
                    yield break;
                }

                item = enumerator.Current;
            }
            catch (InvalidOperationException e) when (e is not ObjectDisposedException)
            {
                throw new StoreFormatException(sourceName, "$", $"holds text that is not valid UTF-8 or not a valid character ({e.Message})");
            }

            yield return item;
        }
    }

    private static IEnumerable<StoreFileItem> ReadChecked(Stream stream, string sourceName)
    {
        if (!stream.CanSeek)
        {
            foreach (var item in Streamed(stream, sourceName, orderIsAnError: true))
            {
                yield return item;
            }

            yield break;
        }

        long start = stream.Position;
        bool streamable = true;
        try
        {
            foreach (var _ in Streamed(stream, sourceName, orderIsAnError: false))
            {
            }
        }
        catch (OrderException)
        {
            streamable = false;
        }

        stream.Position = start;
        var items = streamable ? Streamed(stream, sourceName, orderIsAnError: true) : Whole(stream, sourceName);
        foreach (var item in items)
        {
            yield return item;
        }
    }

    private static IEnumerable<StoreFileItem> Whole(Stream stream, string sourceName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw NotJson(sourceName, e);
        }

        using (document)
        {
            var leaves = new Leaves(new StoreFileValidator(sourceName, trackVolumes: true));
            var root = document.RootElement;
            leaves.Expect(root, JsonValueKind.Object, "$");
            var users = new List<StoreFileItem>();
            foreach (var property in root.EnumerateObject())
            {
                string path = "$." + property.Name;
                switch (property.Name)
                {
                    case "customers":
                        int c = 0;
                        foreach (var customer in leaves.Array(property.Value, path))
                        {
                            foreach (var item in WholeCustomer(leaves, customer, $"{path}[{c++}]"))
                            {
                                yield return item;
                            }
                        }

                        break;
                    case "users":
                        int u = 0;
                        foreach (var user in leaves.Array(property.Value, path))
                        {
                            users.Add(leaves.User(user, $"{path}[{u++}]"));
                        }

                        break;
                    default:
                        throw leaves.Unknown("$", property.Name);
                }
            }

            foreach (var user in users)
            {
                yield return user;
            }
        }
    }

    private static IEnumerable<StoreFileItem> WholeCustomer(Leaves leaves, JsonElement element, string path)
    {
        leaves.Expect(element, JsonValueKind.Object, path);
        var head = new Head();
        JsonElement? media = null;
        foreach (var p in element.EnumerateObject())
        {
            if (p.Name == "media")
            {
                media = p.Value;
            }
            else
            {
                leaves.CustomerProperty(head, p.Name, p.Value, path);
            }
        }

        var customer = leaves.Customer(head, path);
        yield return StoreFileItem.ForCustomer(customer, path);
        if (media is { } items)
        {
            int m = 0;
            foreach (var item in leaves.Array(items, path + ".media"))
            {
                string mediaPath = $"{path}.media[{m++}]";
                leaves.Expect(item, JsonValueKind.Object, mediaPath);
                var mediaHead = new Head();
                JsonElement? volumes = null;
                foreach (var p in item.EnumerateObject())
                {
                    if (p.Name == "volumes")
                    {
                        volumes = p.Value;
                    }
                    else
                    {
                        leaves.MediaProperty(mediaHead, p.Name, p.Value, mediaPath);
                    }
                }

                var storeMedia = leaves.Media(mediaHead, mediaPath);
                yield return StoreFileItem.ForMedia(customer, storeMedia, mediaPath);
                if (volumes is { } list)
                {
                    int v = 0;
                    foreach (var volume in leaves.Array(list, mediaPath + ".volumes"))
                    {
                        string volumePath = $"{mediaPath}.volumes[{v++}]";
                        yield return StoreFileItem.ForVolume(customer, storeMedia, leaves.Volume(volume, volumePath), volumePath);
                    }
                }
            }
        }
    }

    private static IEnumerable<StoreFileItem> Streamed(Stream stream, string sourceName, bool orderIsAnError)
    {
        var validator = new StoreFileValidator(sourceName, trackVolumes: false);
        var leaves = new Leaves(validator);
        var pump = new JsonPump(stream, sourceName, ReaderOptions);
        if (pump.FirstByte() is not ((byte)'{' or (byte)'/'))
        {
            throw validator.Error("$", "is not a store file: a store file is a JSON object, starting with '{'");
        }

        if (pump.Next(out _) != JsonTokenType.StartObject)
        {
            throw validator.Error("$", "must be an object");
        }

        while (true)
        {
            var token = pump.Next(out string? name);
            if (token == JsonTokenType.EndObject)
            {
                break;
            }

            string path = "$." + name;
            switch (name)
            {
                case "customers":
                    int c = 0;
                    foreach (var unused in pump.Elements(path, validator))
                    {
                        string customerPath = $"{path}[{c++}]";
                        if (pump.Next(out _) != JsonTokenType.StartObject)
                        {
                            throw validator.Error(customerPath, "must be an object");
                        }

                        foreach (var item in StreamedCustomer(pump, leaves, customerPath, orderIsAnError))
                        {
                            yield return item;
                        }
                    }

                    break;
                case "users":
                    int u = 0;
                    foreach (var unused in pump.Elements(path, validator))
                    {
                        yield return leaves.User(pump.Value(), $"{path}[{u++}]");
                    }

                    break;
                default:
                    throw leaves.Unknown("$", name!);
            }
        }

        pump.End();
    }

    private static IEnumerable<StoreFileItem> StreamedCustomer(JsonPump pump, Leaves leaves, string path, bool orderIsAnError)
    {
        var head = new Head();
        StoreCustomer? customer = null;
        while (true)
        {
            var token = pump.Next(out string? name);
            if (token == JsonTokenType.EndObject)
            {
                if (customer is null)
                {
                    yield return StoreFileItem.ForCustomer(leaves.Customer(head, path), path);
                }

                yield break;
            }

            if (customer is not null)
            {
                throw Order(leaves, $"{path}.{name}", "comes after media; in a file read as a stream it comes before", orderIsAnError);
            }

            if (name != "media")
            {
                leaves.CustomerProperty(head, name!, pump.Value(), path);
                continue;
            }

            if (head.Id is null)
            {
                throw Order(leaves, path + ".id", "is required before media in a file read as a stream", orderIsAnError);
            }

            customer = leaves.Customer(head, path);
            yield return StoreFileItem.ForCustomer(customer, path);
            int m = 0;
            foreach (var unused in pump.Elements(path + ".media", leaves.Validator))
            {
                string mediaPath = $"{path}.media[{m++}]";
                if (pump.Next(out _) != JsonTokenType.StartObject)
                {
                    throw leaves.Validator.Error(mediaPath, "must be an object");
                }

                foreach (var item in StreamedMedia(pump, leaves, customer, mediaPath, orderIsAnError))
                {
                    yield return item;
                }
            }
        }
    }

    private static IEnumerable<StoreFileItem> StreamedMedia(JsonPump pump, Leaves leaves, StoreCustomer customer, string path, bool orderIsAnError)
    {
        var head = new Head();
        StoreMedia? media = null;
        while (true)
        {
            var token = pump.Next(out string? name);
            if (token == JsonTokenType.EndObject)
            {
                if (media is null)
                {
                    yield return StoreFileItem.ForMedia(customer, leaves.Media(head, path), path);
                }

                yield break;
            }

            if (media is not null)
            {
                throw Order(leaves, $"{path}.{name}", "comes after volumes; in a file read as a stream it comes before", orderIsAnError);
            }

            if (name != "volumes")
            {
                leaves.MediaProperty(head, name!, pump.Value(), path);
                continue;
            }

            if (head.Id is null || head.Repositories is null)
            {
                throw Order(leaves, path + (head.Id is null ? ".id" : ".repositories"), "is required before volumes in a file read as a stream", orderIsAnError);
            }

            media = leaves.Media(head, path);
            yield return StoreFileItem.ForMedia(customer, media, path);
            int v = 0;
            foreach (var _ in pump.Elements(path + ".volumes", leaves.Validator))
            {
                string volumePath = $"{path}.volumes[{v++}]";
                yield return StoreFileItem.ForVolume(customer, media, leaves.Volume(pump.Value(), volumePath), volumePath);
            }
        }
    }

    private static Exception Order(Leaves leaves, string path, string problem, bool orderIsAnError) =>
        orderIsAnError ? leaves.Validator.Error(path, problem) : new OrderException();

    internal static StoreFormatException NotJson(string sourceName, JsonException e) =>
        new(sourceName, "$", $"is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1})");

    /// <summary>The parts of a customer or media read so far.</summary>
    private sealed class Head
    {
        public string? Id;
        public string Description = string.Empty;
        public List<StoreAttributeDefinition> Attributes = new();
        public List<Repository>? Repositories;
    }

    /// <summary>A file in an order that cannot be streamed; the file is then read whole.</summary>
    private sealed class OrderException : Exception
    {
    }

    /// <summary>The values of a store file, read from JSON elements and checked by the validator as each item completes.</summary>
    private sealed class Leaves
    {
        public Leaves(StoreFileValidator validator) => Validator = validator;

        public StoreFileValidator Validator { get; }

        public void CustomerProperty(Head head, string name, JsonElement value, string path)
        {
            string at = path + "." + name;
            switch (name)
            {
                case "id": head.Id = String(value, at); break;
                case "description": head.Description = String(value, at) ?? string.Empty; break;
                case "attributes":
                    int a = 0;
                    foreach (var attribute in Array(value, at))
                    {
                        head.Attributes.Add(Attribute(attribute, $"{at}[{a++}]"));
                    }

                    break;
                default: throw Unknown(path, name);
            }
        }

        public StoreCustomer Customer(Head head, string path)
        {
            var customer = new StoreCustomer(head.Id ?? string.Empty, head.Description);
            customer.Attributes.AddRange(head.Attributes);
            Validator.Customer(customer, path);
            return customer;
        }

        public void MediaProperty(Head head, string name, JsonElement value, string path)
        {
            string at = path + "." + name;
            switch (name)
            {
                case "id": head.Id = String(value, at); break;
                case "description": head.Description = String(value, at) ?? string.Empty; break;
                case "repositories":
                    head.Repositories = new List<Repository>();
                    int r = 0;
                    foreach (var repository in Array(value, at))
                    {
                        head.Repositories.Add(Repository(repository, $"{at}[{r++}]"));
                    }

                    break;
                default: throw Unknown(path, name);
            }
        }

        public StoreMedia Media(Head head, string path)
        {
            var media = new StoreMedia(head.Id ?? string.Empty, head.Description);
            if (head.Repositories is not null)
            {
                media.Repositories.AddRange(head.Repositories);
            }

            Validator.Media(media, path);
            return media;
        }

        public StoreFileItem User(JsonElement element, string path)
        {
            Expect(element, JsonValueKind.Object, path);
            string? name = null;
            string? password = null;
            List<string>? granted = null;
            foreach (var p in element.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "name": name = String(p.Value, path + ".name"); break;
                    case "password": password = String(p.Value, path + ".password"); break;
                    case "customers":
                        granted = new List<string>();
                        int g = 0;
                        foreach (var customer in Array(p.Value, path + ".customers"))
                        {
                            string grantPath = $"{path}.customers[{g++}]";
                            string id = String(customer, grantPath) ?? string.Empty;
                            if (id.Length == 0)
                            {
                                throw Error(grantPath, "must be a customer id");
                            }

                            granted.Add(id);
                        }

                        break;
                    default: throw Unknown(path, p.Name);
                }
            }

            var user = new StoreUser(name ?? string.Empty, password) { Customers = granted };
            Validator.User(user, path);
            return StoreFileItem.ForUser(user, path);
        }

        public Volume Volume(JsonElement element, string path)
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
                    case "id": id = String(p.Value, at); continue;
                    case "current": current = String(p.Value, at); continue;
                    case "target": target = String(p.Value, at); continue;
                    case "version":
                        if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt64(out version) || version is < 1 or > Sessions.Volume.MaxVersion)
                        {
                            throw Error(at, $"must be a whole number from 1 to {Sessions.Volume.MaxVersion}");
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

                            var value = String(attribute.Value, attributePath);
                            if (!string.IsNullOrEmpty(value))
                            {
                                fields[VolumeFields.Attribute(index)] = value!;
                            }
                        }

                        continue;
                }

                int k = StoreFileFields.IndexOfJson(p.Name);
                if (k < 0)
                {
                    throw Unknown(path, p.Name);
                }

                var (_, field, kind) = StoreFileFields.Volume[k];
                string? canonical = kind switch
                {
                    FieldKind.Boolean => Boolean(p.Value, at) is { } b ? FieldValues.Format(b) : null,
                    FieldKind.Integer => Integer(p.Value, at),
                    FieldKind.Date => Date(p.Value, at, dateOnly: true),
                    FieldKind.DateTime => Date(p.Value, at, dateOnly: false),
                    _ => String(p.Value, at),
                };
                if (!string.IsNullOrEmpty(canonical))
                {
                    fields[field] = canonical!;
                }
            }

            if (string.IsNullOrEmpty(id))
            {
                throw Error(path + ".id", "is required");
            }

            if (string.IsNullOrEmpty(current))
            {
                throw Error(path + ".current", "is required");
            }

            var volume = new Volume(id!, current!, target, version, fields);
            Validator.Volume(volume, path);
            return volume;
        }

        public JsonElement.ArrayEnumerator Array(JsonElement value, string path)
        {
            Expect(value, JsonValueKind.Array, path);
            return value.EnumerateArray();
        }

        public void Expect(JsonElement value, JsonValueKind kind, string path)
        {
            if (value.ValueKind != kind)
            {
                throw Error(path, "must be " + (kind == JsonValueKind.Array ? "an array" : "an object"));
            }
        }

        public StoreFormatException Unknown(string path, string name) => Error(path + "." + name, "is not a known property");

        private StoreAttributeDefinition Attribute(JsonElement element, string path)
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
                    case "name": name = String(p.Value, at); break;
                    case "type": type = String(p.Value, at) ?? "String"; break;
                    default: throw Unknown(path, p.Name);
                }
            }

            if (index == 0)
            {
                throw Error(path + ".index", "is required");
            }

            return new StoreAttributeDefinition(index, name ?? string.Empty, type);
        }

        private Repository Repository(JsonElement element, string path)
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
                    case "id": id = String(p.Value, at); break;
                    case "description": description = String(p.Value, at) ?? string.Empty; break;
                    case "type":
                        var text = String(p.Value, at);
                        if (text is null || !Enum.TryParse(text, ignoreCase: true, out RepositoryType parsed) || int.TryParse(text, out _))
                        {
                            throw Error(at, $"must be one of {string.Join(", ", Enum.GetNames(typeof(RepositoryType)))}");
                        }

                        type = parsed;
                        break;
                    case "offsite": offsite = Boolean(p.Value, at) ?? false; break;
                    case "next": next = String(p.Value, at); break;
                    default: throw Unknown(path, p.Name);
                }
            }

            if (type is null)
            {
                throw Error(path + ".type", "is required");
            }

            return new Repository(id ?? string.Empty, description, type.Value) { Offsite = offsite, Next = string.IsNullOrEmpty(next) ? null : next };
        }

        private string? Date(JsonElement value, string path, bool dateOnly)
        {
            var text = String(value, path);
            if (text is null)
            {
                return null;
            }

            // a date-time field also takes a plain date (midnight); a date field no time
            if (FieldValues.TryParseDate(text.AsSpan(), out var parsed) && (!dateOnly || text.Length == 10))
            {
                return FieldValues.FormatDate(parsed, dateOnly);
            }

            throw Error(path, $"must be a date as {(dateOnly ? FieldValues.DateFormat : FieldValues.DateTimeFormat)}");
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

            return FieldValues.FormatInteger(number);
        }

        private bool? Boolean(JsonElement value, string path) => value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => throw Error(path, "must be true or false"),
        };

        private string? String(JsonElement value, string path)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw Error(path, "must be a string");
            }

            return value.GetString()!;
        }

        private StoreFormatException Error(string path, string message) => Validator.Error(path, message);
    }
}
