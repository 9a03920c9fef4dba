using System;
using System.Collections.Generic;

namespace TapeTrack.Sync.Sessions;

/// <summary>A customer of a <see cref="StoreDocument"/>.</summary>
public sealed class StoreCustomer
{
    /// <summary>Creates a customer.</summary>
    /// <param name="id">The customer id, up to 4 characters.</param>
    /// <param name="description">The description.</param>
    public StoreCustomer(string id, string description)
    {
        Id = id ?? throw new ArgumentNullException(nameof(id));
        Description = description ?? string.Empty;
    }

    /// <summary>The customer id.</summary>
    public string Id { get; }

    /// <summary>The description.</summary>
    public string Description { get; }

    /// <summary>The customer's extended attribute definitions.</summary>
    public List<StoreAttributeDefinition> Attributes { get; } = new();

    /// <summary>The customer's media.</summary>
    public List<StoreMedia> Media { get; } = new();
}
