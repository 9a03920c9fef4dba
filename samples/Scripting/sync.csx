#!/usr/bin/env dotnet-script
#r "nuget: TapeTrack.Sync, 0.1.*"
// What would tonight's sync change? A dry run of a report against a store file, from dotnet-script:
//   dotnet script samples/scripting/dry-run.csx -- DEFINITION.ttidef REPORT STORE.json
// Nothing is sent anywhere; the changes and warnings are printed.
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Records;
using TapeTrack.Sync.Sessions;

if (Args.Count != 3)
{
    Console.Error.WriteLine("usage: dotnet script dry-run.csx -- DEFINITION.ttidef REPORT STORE.json");
    return;
}

var definition = await new TtidefLoader().LoadAsync(Args[0]);
var session = InMemoryServerSession.FromStoreFile(Args[2]);
var source = RecordSources.OpenStream(definition, File.OpenRead(Args[1]));
try
{
    var result = await new SyncPipeline(definition, session, new SyncOptions { DryRun = true }).RunAsync(source);
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
finally
{
    await source.DisposeAsync();
}
