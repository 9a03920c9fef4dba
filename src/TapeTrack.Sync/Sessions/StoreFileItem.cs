using System;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// One item of a store file as <see cref="StoreFileReader"/> streams it: a customer (then its media), a media
/// (then its volumes), a volume, or a user, with its JSON path for error messages. A customer item holds no
/// media and a media item no volumes: they follow as items of their own, so that a store of any size is read
/// in bounded memory.
/// </summary>
public sealed class StoreFileItem
{
    private StoreFileItem(StoreFileItemKind kind, string jsonPath, StoreCustomer? customer, StoreMedia? media, Volume? volume, StoreUser? user)
    {
        Kind = kind;
        JsonPath = jsonPath;
        Customer = customer;
        Media = media;
        Volume = volume;
        User = user;
    }

    /// <summary>What the item holds.</summary>
    public StoreFileItemKind Kind { get; }

    /// <summary>Where the item sits in the file, such as <c>$.customers[0].media[1].volumes[7]</c>.</summary>
    public string JsonPath { get; }

    /// <summary>The customer of a customer, media or volume item (without its media); <see langword="null"/> for a user.</summary>
    public StoreCustomer? Customer { get; }

    /// <summary>The media of a media or volume item (with its repositories, without its volumes).</summary>
    public StoreMedia? Media { get; }

    /// <summary>The volume of a volume item.</summary>
    public Volume? Volume { get; }

    /// <summary>The user of a user item.</summary>
    public StoreUser? User { get; }

    internal static StoreFileItem ForCustomer(StoreCustomer customer, string path) => new(StoreFileItemKind.Customer, path, customer, null, null, null);

    internal static StoreFileItem ForMedia(StoreCustomer customer, StoreMedia media, string path) => new(StoreFileItemKind.Media, path, customer, media, null, null);

    internal static StoreFileItem ForVolume(StoreCustomer customer, StoreMedia media, Volume volume, string path) => new(StoreFileItemKind.Volume, path, customer, media, volume, null);

    internal static StoreFileItem ForUser(StoreUser user, string path) => new(StoreFileItemKind.User, path, null, null, null, user ?? throw new ArgumentNullException(nameof(user)));
}
