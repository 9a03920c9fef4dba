using System;
using System.Collections.Generic;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// The rules of a store file, item by item, in the order <see cref="StoreFileItem"/>s come: the one place that
/// decides whether a store document is valid, for parsing, <see cref="StoreDocument.Validate"/>, the in-memory
/// session and every store's import.
/// </summary>
internal sealed class StoreFileValidator
{
    private readonly string _source;
    private readonly HashSet<string> _customers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _users = new(StringComparer.Ordinal);
    private readonly HashSet<string>? _volumes;
    private HashSet<string> _media = new(StringComparer.Ordinal);
    private HashSet<string> _repositories = new(StringComparer.Ordinal);

    /// <param name="source">The file or source name for messages.</param>
    /// <param name="trackVolumes">Whether to refuse a volume id repeated within a media here; a store that streams an import leaves that to its key.</param>
    public StoreFileValidator(string source, bool trackVolumes)
    {
        _source = source;
        _volumes = trackVolumes ? new HashSet<string>(StringComparer.Ordinal) : null;
    }

    public void Customer(StoreCustomer? customer, string path)
    {
        if (customer is null)
        {
            throw Error(path, "is null");
        }

        Id(customer.Id, path + ".id", 4);
        Text(customer.Description, path + ".description", StoreFileFields.MaxValueLength);
        if (!_customers.Add(customer.Id))
        {
            throw Error(path + ".id", $"repeats customer '{customer.Id}'");
        }

        var indexes = new HashSet<int>();
        for (int a = 0; a < customer.Attributes.Count; a++)
        {
            string at = $"{path}.attributes[{a}]";
            var attribute = customer.Attributes[a] ?? throw Error(at, "is null");
            if (attribute.Index is < 1 or > 200)
            {
                throw Error(at + ".index", "must be a number from 1 to 200");
            }

            if (!indexes.Add(attribute.Index))
            {
                throw Error(at + ".index", $"repeats attribute {attribute.Index}");
            }

            Id(attribute.Name, at + ".name", 64);
            Id(attribute.Type, at + ".type", 32);
        }

        _media = new HashSet<string>(StringComparer.Ordinal);
    }

    public void Media(StoreMedia? media, string path)
    {
        if (media is null)
        {
            throw Error(path, "is null");
        }

        Id(media.Id, path + ".id", 4);
        Text(media.Description, path + ".description", StoreFileFields.MaxValueLength);
        if (!_media.Add(media.Id))
        {
            throw Error(path + ".id", $"repeats media '{media.Id}'");
        }

        _repositories = new HashSet<string>(StringComparer.Ordinal);
        for (int r = 0; r < media.Repositories.Count; r++)
        {
            string at = $"{path}.repositories[{r}]";
            var repository = media.Repositories[r] ?? throw Error(at, "is null");
            Id(repository.Id, at + ".id", 4);
            Text(repository.Description, at + ".description", 20);
            if (!Enum.IsDefined(typeof(RepositoryType), repository.Type))
            {
                throw Error(at + ".type", $"must be one of {string.Join(", ", Enum.GetNames(typeof(RepositoryType)))}");
            }

            if (!_repositories.Add(repository.Id))
            {
                throw Error(at + ".id", $"repeats repository '{repository.Id}'");
            }
        }

        for (int r = 0; r < media.Repositories.Count; r++)
        {
            if (media.Repositories[r].Next is { } next && !_repositories.Contains(next))
            {
                throw Error($"{path}.repositories[{r}].next", $"names repository '{next}', which this media does not have");
            }
        }

        _volumes?.Clear();
    }

    public void Volume(Volume? volume, string path)
    {
        if (volume is null)
        {
            throw Error(path, "is null");
        }

        Id(volume.Id, path + ".id", 10);
        if (volume.Version is < 1 or > Sessions.Volume.MaxVersion)
        {
            throw Error(path + ".version", $"must be a whole number from 1 to {Sessions.Volume.MaxVersion}");
        }

        if (!_repositories.Contains(volume.Current))
        {
            throw Error(path + ".current", $"names repository '{volume.Current}', which this media does not have");
        }

        if (!_repositories.Contains(volume.Target))
        {
            throw Error(path + ".target", $"names repository '{volume.Target}', which this media does not have");
        }

        foreach (var pair in volume.Fields)
        {
            Text(pair.Value, path + "." + StoreFileFields.JsonNameOf(pair.Key), StoreFileFields.MaxValueLength);
        }

        if (_volumes is not null && !_volumes.Add(volume.Id))
        {
            throw RepeatedVolume(_source, path, volume.Id);
        }
    }

    public void User(StoreUser? user, string path)
    {
        if (user is null)
        {
            throw Error(path, "is null");
        }

        Id(user.Name, path + ".name", 64);
        if (user.Password is not null)
        {
            Text(user.Password, path + ".password", 256);
        }

        if (!_users.Add(user.Name))
        {
            throw Error(path + ".name", $"repeats user '{user.Name}'");
        }
    }

    public void Item(StoreFileItem item)
    {
        switch (item.Kind)
        {
            case StoreFileItemKind.Customer: Customer(item.Customer, item.JsonPath); break;
            case StoreFileItemKind.Media: Media(item.Media, item.JsonPath); break;
            case StoreFileItemKind.Volume: Volume(item.Volume, item.JsonPath); break;
            default: User(item.User, item.JsonPath); break;
        }
    }

    public static StoreFormatException RepeatedVolume(string source, string volumePath, string id) => new(source, volumePath + ".id", $"repeats volume '{id}'");

    public StoreFormatException Error(string path, string problem) => new(_source, path, problem);

    private void Id(string? value, string path, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw Error(path, "is required");
        }

        Text(value!, path, maxLength);
    }

    private void Text(string? value, string path, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            throw Error(path, $"is longer than {maxLength} characters");
        }

        if (value is not null && value.IndexOf('\0') >= 0)
        {
            // PostgreSQL's text cannot hold one, and a store file moves between the stores (VolumeUpdateRules)
            throw Error(path, "holds a NUL character (\\x00), which no store keeps");
        }
    }
}
