#!/usr/bin/env dotnet-script
#r "nuget: TapeTrack.Sync, 0.1.*-*"
#r "nuget: TapeTrack.Sync.Sqlite, 0.1.*-*"
// Tonight's sync from dotnet-script: a report, read through its definition, into the embedded store.
//   dotnet script samples/Scripting/sync.csx -- DEFINITION.ttidef REPORT STORE.db [STORE.json] [--dry-run]
// STORE.json creates STORE.db when it does not exist yet. Prints each change, each warning and the statistics.
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Sqlite;

var dryRun = Args.Remove("--dry-run");
if (Args.Count is < 3 or > 4)
{
    Console.Error.WriteLine("usage: dotnet script sync.csx -- DEFINITION.ttidef REPORT STORE.db [STORE.json] [--dry-run]");
    return;
}

var definition = await new TtidefLoader().LoadAsync(Args[0]);
if (Args.Count == 4 && !File.Exists(Args[2]))
{
    await using (var store = await SqliteTapeStore.OpenAsync(Args[2]))
    {
        await store.ImportAsync(StoreDocument.Load(Args[3]));
    }
}

await using (var session = await SqliteServerSession.OpenAsync(Args[2]))
await using (var source = RecordSources.OpenStream(definition, File.OpenRead(Args[1])))
{
    var result = await new SyncPipeline(definition, session, new SyncOptions { DryRun = dryRun }).RunAsync(source);
    foreach (var change in result.Changes)
    {
        Console.WriteLine($"{change.Volume} {change.Field}: {change.From ?? "(empty)"} -> {change.To}");
    }

    foreach (var warning in result.Warnings)
    {
        Console.WriteLine(warning);
    }

    Console.Write(result.Statistics);
}
