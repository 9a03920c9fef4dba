namespace TapeTrack.Sync.Samples.Tests.Documentation;

// Scripts write to Console and change the working directory: run them one at a time.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
