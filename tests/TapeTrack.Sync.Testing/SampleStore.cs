using System;
using System.Collections.Generic;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Testing;

/// <summary>The store file of the csv-source fixture (US01.LTO, seven volumes at version 1) and helpers to state updates and read results.</summary>
public static class SampleStore
{
    public static readonly ScopeKey Lto = new("US01", "LTO");

    public static string Path => TestPaths.Fixture("csv-source", "store.json");

    public static StoreDocument Load() => StoreDocument.Load(Path);

    /// <summary>An update of a US01.LTO volume; a <see langword="null"/> version adds it.</summary>
    public static VolumeUpdate Set(string volume, long? version, params (string Field, string? Value)[] changes)
    {
        var list = new List<FieldChange>();
        foreach (var (field, value) in changes)
        {
            list.Add(new FieldChange(field, value));
        }

        return new VolumeUpdate(Lto.Volume(volume), version, list);
    }

    public static string[] Ids(IReadOnlyList<Repository> repositories)
    {
        var ids = new string[repositories.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = repositories[i].Id;
        }

        Array.Sort(ids, StringComparer.Ordinal);
        return ids;
    }

    public static UpdateStatus[] Statuses(IReadOnlyList<UpdateResult> results)
    {
        var statuses = new UpdateStatus[results.Count];
        for (int i = 0; i < statuses.Length; i++)
        {
            statuses[i] = results[i].Status;
        }

        return statuses;
    }

    public static long[] Versions(IReadOnlyList<UpdateResult> results)
    {
        var versions = new long[results.Count];
        for (int i = 0; i < versions.Length; i++)
        {
            versions[i] = results[i].Volume?.Version ?? 0;
        }

        return versions;
    }
}
