using System;
using System.Collections.Generic;

namespace TapeTrack.Sync.Sessions;

/// <summary>Which entries of the audit trail to read (<see cref="ITapeStore.ReadHistoryAsync"/>); every filter is optional.</summary>
public sealed class AuditQuery
{
    /// <summary>Only the changes of this volume.</summary>
    /// <value>The default is <see langword="null"/>: every volume.</value>
    public VolumeKey? Volume { get; init; }

    /// <summary>Only the changes applied at or after this instant.</summary>
    /// <value>The default is <see langword="null"/>: since the start.</value>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only the changes of these customers (a user's grants).</summary>
    /// <value>The default is <see langword="null"/>: every customer. An empty list gives nothing.</value>
    public IReadOnlyCollection<string>? Customers { get; init; }

    /// <summary>At most this many entries, the newest.</summary>
    /// <value>The default is <see langword="null"/>: all of them.</value>
    public int? Limit { get; init; }
}
