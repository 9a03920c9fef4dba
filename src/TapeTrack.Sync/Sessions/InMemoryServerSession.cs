using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// A server session over a model held in memory: for dry runs against a store file, for tests of
/// your own tools, and as the reference behaviour of <see cref="IServerSession"/>. Thread-safe.
/// </summary>
public sealed class InMemoryServerSession : IServerSession
{
    private readonly object _gate = new();

    // the values of every volume held once, as a store reader pools them: a scope cache then keeps the volumes as they are
    private readonly ValuePool _pool = new();
    private readonly Dictionary<ScopeKey, MediaState> _scopes = new();
    private readonly List<StoreCustomer> _customers = new();
    private readonly List<StoreUser> _users = new();
    private long _version;
    private int _requests;
    private int _downloads;

    /// <summary>Creates an empty session.</summary>
    public InMemoryServerSession()
    {
    }

    /// <summary>Creates a session holding everything in a store document.</summary>
    /// <param name="document">The model to hold; it is copied.</param>
    /// <exception cref="StoreFormatException">The document breaks a rule of a store file (<see cref="StoreDocument.Validate"/>).</exception>
    public InMemoryServerSession(StoreDocument document)
    {
        if (document is null)
        {
            throw new ArgumentNullException(nameof(document));
        }

        document.Validate();

        foreach (var customer in document.Customers)
        {
            var copy = new StoreCustomer(customer.Id, customer.Description);
            copy.Attributes.AddRange(customer.Attributes);
            _customers.Add(copy);
            foreach (var media in customer.Media)
            {
                var state = new MediaState(media.Id, media.Description);
                foreach (var repository in media.Repositories)
                {
                    state.Repositories.Add(repository);
                }

                foreach (var volume in media.Volumes)
                {
                    state.Put(volume.Intern(_pool));
                    _version = Math.Max(_version, volume.Version);
                }

                _scopes[new ScopeKey(customer.Id, media.Id)] = state;
            }
        }

        _users.AddRange(document.Users);
    }

    /// <summary>Creates a session from a store file.</summary>
    /// <param name="path">The store file (JSON).</param>
    /// <exception cref="StoreFormatException">The file is not a valid store file.</exception>
    public static InMemoryServerSession FromStoreFile(string path) => new(StoreDocument.Load(path));

    // test hooks (tests and benchmarks see internals): the requests made of this session (logon, downloads, reads, applies)
    internal int RequestCount => Volatile.Read(ref _requests);

    // test hook: the scope downloads made of this session
    internal int DownloadCount => Volatile.Read(ref _downloads);

    /// <summary>Adds (or replaces) a customer's media with its repositories, to build a model in code.</summary>
    /// <param name="scope">The customer and media.</param>
    /// <param name="repositories">The media's repositories.</param>
    public void AddMedia(ScopeKey scope, params Repository[] repositories)
    {
        lock (_gate)
        {
            var state = new MediaState(scope.Media, string.Empty);
            state.Repositories.AddRange(repositories);
            _scopes[scope] = state;
            if (!_customers.Exists(c => c.Id == scope.Customer))
            {
                _customers.Add(new StoreCustomer(scope.Customer, string.Empty));
            }
        }
    }

    /// <summary>Adds (or replaces) a volume, to build a model in code. Its version is set by the session.</summary>
    /// <param name="scope">The customer and media, added before with <see cref="AddMedia"/>.</param>
    /// <param name="volume">The volume.</param>
    /// <returns>The volume as stored, with its version.</returns>
    public Volume PutVolume(ScopeKey scope, Volume volume)
    {
        if (volume is null)
        {
            throw new ArgumentNullException(nameof(volume));
        }

        lock (_gate)
        {
            if (!_scopes.TryGetValue(scope, out var state))
            {
                throw new InvalidOperationException($"The session has no media {scope}; add it with AddMedia first.");
            }

            var stored = volume.With(Array.Empty<FieldChange>(), _version = VolumeUpdateRules.NextVersion(_version)).Intern(_pool);
            state.Put(stored);
            return stored;
        }
    }

    // test hook: the volume as the session holds it now, or null, without a request
    internal Volume? Find(VolumeKey key)
    {
        lock (_gate)
        {
            return _scopes.TryGetValue(key.Scope, out var state) && state.Volumes.TryGetValue(key.Volume, out var volume) ? volume : null;
        }
    }

    /// <summary>A snapshot of the whole model as a store document.</summary>
    public StoreDocument ToDocument()
    {
        lock (_gate)
        {
            var document = new StoreDocument();
            foreach (var customer in _customers)
            {
                var copy = new StoreCustomer(customer.Id, customer.Description);
                copy.Attributes.AddRange(customer.Attributes);
                foreach (var pair in _scopes)
                {
                    if (pair.Key.Customer != customer.Id)
                    {
                        continue;
                    }

                    var media = new StoreMedia(pair.Value.Id, pair.Value.Description);
                    media.Repositories.AddRange(pair.Value.Repositories);
                    media.Volumes.AddRange(pair.Value.Volumes.Values);
                    copy.Media.Add(media);
                }

                document.Customers.Add(copy);
            }

            foreach (var user in _users)
            {
                document.Users.Add(user with { Password = null });
            }

            return document;
        }
    }

    /// <inheritdoc />
    public ValueTask LogonAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _requests);
        return default;
    }

    /// <inheritdoc />
    public ValueTask<ScopeData> DownloadScopeAsync(ScopeKey scope, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _downloads);
        lock (_gate)
        {
            if (!_scopes.TryGetValue(scope, out var state))
            {
                return new ValueTask<ScopeData>(ScopeData.Missing(scope));
            }

            // the session's volumes hold its pooled values (Intern on every store): a cache keeps them as they are;
            // the scope's array, made again only after a change (never changed once handed out): a cache keeps it as
            // it is when the ids were put in increasing order, and a download of an unchanged scope copies nothing
            var volumes = state.Snapshot();
            return new ValueTask<ScopeData>(new ScopeData(scope, true, state.Repositories.ToArray(), volumes) { Pool = _pool, Ordered = state.Ordered });
        }
    }

    /// <inheritdoc />
    public ValueTask<Volume?> GetVolumeAsync(VolumeKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _requests);
        return new ValueTask<Volume?>(Find(key));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<UpdateResult>> ApplyAsync(IReadOnlyList<VolumeUpdate> updates, CancellationToken cancellationToken = default)
    {
        if (updates is null)
        {
            throw new ArgumentNullException(nameof(updates));
        }

        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _requests);
        var results = new UpdateResult[updates.Count];
        lock (_gate)
        {
            for (int i = 0; i < updates.Count; i++)
            {
                results[i] = Apply(updates[i]);
            }
        }

        return new ValueTask<IReadOnlyList<UpdateResult>>(results);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => default;

    private UpdateResult Apply(VolumeUpdate update)
    {
        var key = update.Key;
        if (!_scopes.TryGetValue(key.Scope, out var state))
        {
            return new UpdateResult(key, UpdateStatus.NotFound, null, $"the server has no media {key.Scope}");
        }

        state.Volumes.TryGetValue(key.Volume, out var existing);
        if (VolumeUpdateRules.Check(update, existing, state.HasRepository) is { } refused)
        {
            return refused;
        }

        var applied = VolumeUpdateRules.Apply(update, existing, _version = VolumeUpdateRules.NextVersion(_version)).Intern(_pool);
        state.Put(applied);
        return new UpdateResult(key, UpdateStatus.Applied, applied);
    }

    private sealed class MediaState
    {
        public MediaState(string id, string description)
        {
            Id = id;
            Description = description;
        }

        public string Id { get; }

        public string Description { get; }

        public List<Repository> Repositories { get; } = new();

        public Dictionary<string, Volume> Volumes { get; } = new(StringComparer.Ordinal);

        // whether the volumes were added in increasing ordinal order of their ids (a dictionary that is never taken
        // from keeps the order of its additions): its downloads are then in order
        public bool Ordered { get; private set; } = true;

        private string? _last;

        // the volumes as an array, in the order they were added: made when first asked after a change, and never changed
        // (a download hands it out)
        private Volume[]? _snapshot;

        public Volume[] Snapshot()
        {
            if (_snapshot is null)
            {
                _snapshot = new Volume[Volumes.Count];
                Volumes.Values.CopyTo(_snapshot, 0);
            }

            return _snapshot;
        }

        // adds or replaces a volume
        public void Put(Volume volume)
        {
            _snapshot = null;
            int count = Volumes.Count;
            Volumes[volume.Id] = volume;
            if (Volumes.Count > count)
            {
                Ordered = Ordered && (_last is null || string.CompareOrdinal(_last, volume.Id) < 0);
                _last = volume.Id;
            }
        }

        public bool HasRepository(string id) => Repositories.Exists(r => r.Id == id);
    }
}
