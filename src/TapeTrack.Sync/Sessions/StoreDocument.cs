using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// The store file: a whole server model (customers, media, repositories, volumes, users) as JSON,
/// for <c>store import</c>/<c>store export</c>, test fixtures and dry runs.
/// </summary>
public sealed class StoreDocument
{
    /// <summary>The customers, each with its media.</summary>
    public List<StoreCustomer> Customers { get; } = new();

    /// <summary>The users that may log on.</summary>
    public List<StoreUser> Users { get; } = new();

    /// <summary>The largest store file <see cref="Load"/> reads into memory: 1 GiB. <c>store import</c> streams a file of any size.</summary>
    public const long MaxFileSize = 1L << 30;

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

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreFormatException(path, "$", "cannot be read: " + e.Message);
        }

        using (stream)
        {
            try
            {
                // the whole model is held in memory here; a store imports a larger file as a stream
                if (stream.CanSeek && stream.Length > MaxFileSize)
                {
                    throw new StoreFormatException(path, "$", string.Format(CultureInfo.InvariantCulture, "is larger than the limit of {0:N0} bytes (1 GiB) for a store file", MaxFileSize));
                }

                return FromItems(StoreFileReader.Read(stream, path), path);
            }
            catch (IOException e)
            {
                throw new StoreFormatException(path, "$", "cannot be read: " + e.Message);
            }
        }
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

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return FromItems(StoreFileReader.Read(stream, sourceName), sourceName);
    }

    /// <summary>
    /// Checks the document against the rules of a store file (ids and their lengths, no repeated customer, media,
    /// repository, volume or user, repositories that exist, versions from 1 to <see cref="Volume.MaxVersion"/>),
    /// as parsing does: what every store checks before it imports a document built in code.
    /// </summary>
    /// <param name="sourceName">A name for the document in error messages.</param>
    /// <exception cref="StoreFormatException">The document breaks a rule; the message names the JSON path.</exception>
    public void Validate(string sourceName = "store")
    {
        var validator = new StoreFileValidator(sourceName ?? throw new ArgumentNullException(nameof(sourceName)), trackVolumes: true);
        for (int c = 0; c < Customers.Count; c++)
        {
            var customer = Customers[c];
            string path = $"$.customers[{c}]";
            validator.Customer(customer, path);
            for (int m = 0; m < customer.Media.Count; m++)
            {
                var media = customer.Media[m];
                string mediaPath = $"{path}.media[{m}]";
                validator.Media(media, mediaPath);
                for (int v = 0; v < media.Volumes.Count; v++)
                {
                    validator.Volume(media.Volumes[v], $"{mediaPath}.volumes[{v}]");
                }
            }
        }

        for (int u = 0; u < Users.Count; u++)
        {
            validator.User(Users[u], $"$.users[{u}]");
        }
    }

    /// <summary>The document as the items of a store file, in its own order (not sorted), as <see cref="StoreFileReader"/> gives them.</summary>
    public IEnumerable<StoreFileItem> Items()
    {
        for (int c = 0; c < Customers.Count; c++)
        {
            var customer = Customers[c];
            string path = $"$.customers[{c}]";
            yield return StoreFileItem.ForCustomer(customer, path);
            for (int m = 0; m < customer.Media.Count; m++)
            {
                var media = customer.Media[m];
                string mediaPath = $"{path}.media[{m}]";
                yield return StoreFileItem.ForMedia(customer, media, mediaPath);
                for (int v = 0; v < media.Volumes.Count; v++)
                {
                    yield return StoreFileItem.ForVolume(customer, media, media.Volumes[v], $"{mediaPath}.volumes[{v}]");
                }
            }
        }

        for (int u = 0; u < Users.Count; u++)
        {
            yield return StoreFileItem.ForUser(Users[u], $"$.users[{u}]");
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

        using var writer = new StoreFileWriter(stream);
        foreach (var customer in StoreFileWriter.Sorted(Customers, c => c.Id))
        {
            writer.WriteCustomer(customer);
            foreach (var media in StoreFileWriter.Sorted(customer.Media, m => m.Id))
            {
                writer.WriteMedia(media);
                foreach (var volume in StoreFileWriter.Sorted(media.Volumes, v => v.Id))
                {
                    writer.WriteVolume(volume);
                }
            }
        }

        foreach (var user in StoreFileWriter.Sorted(Users, u => u.Name))
        {
            writer.WriteUser(user);
        }

        writer.Complete();
    }

    /// <summary>The document as store-file JSON text.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        WriteTo(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static StoreDocument FromItems(IEnumerable<StoreFileItem> items, string sourceName)
    {
        var document = new StoreDocument();
        var volumes = new HashSet<string>(StringComparer.Ordinal);
        StoreCustomer? customer = null;
        StoreMedia? media = null;
        foreach (var item in items)
        {
            switch (item.Kind)
            {
                case StoreFileItemKind.Customer:
                    customer = item.Customer!;
                    document.Customers.Add(customer);
                    break;
                case StoreFileItemKind.Media:
                    media = item.Media!;
                    customer!.Media.Add(media);
                    volumes.Clear();
                    break;
                case StoreFileItemKind.Volume:
                    // what a streamed import leaves to the store's key, a document in memory checks here
                    if (!volumes.Add(item.Volume!.Id))
                    {
                        throw StoreFileValidator.RepeatedVolume(sourceName, item.JsonPath, item.Volume.Id);
                    }

                    media!.Volumes.Add(item.Volume);
                    break;
                default:
                    document.Users.Add(item.User!);
                    break;
            }
        }

        return document;
    }
}
