using System.Reflection;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Import;
using TapeTrack.Sync.NetStandardConsumer;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Tests.Packaging;

// A consumer compiled against the netstandard2.0 build (a vendor's plug-in, a library of the customer's) runs here on
// the .NET build: each init accessor it calls must bind, or it dies with MissingMethodException at the first call.
public class NetStandardConsumerTests
{
    private static readonly VolumeKey Key = new("US01", "LTO8", "E01001L8");

    [Fact]
    public void The_consumer_was_built_against_netstandard2_0_and_runs_on_the_net_build()
    {
        var consumer = typeof(InitAccessors).Assembly;
        Assert.Equal(".NETStandard,Version=v2.0", consumer.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()!.FrameworkName);
        Assert.StartsWith(".NETCoreApp", typeof(SyncPipeline).Assembly.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()!.FrameworkName, System.StringComparison.Ordinal);
    }

    [Fact]
    public void An_audit_query_set_by_a_netstandard_consumer_keeps_its_filters()
    {
        var query = InitAccessors.Query(Key, 20);

        Assert.Equal((Key, 20), (query.Volume, query.Limit));
    }

    [Fact]
    public void A_repository_made_by_a_netstandard_consumer_keeps_offsite_and_next()
    {
        var repository = InitAccessors.OffsiteVault("OFFS", "LIBR");

        Assert.Equal(("OFFS", true, "LIBR"), (repository.Id, repository.Offsite, repository.Next));
    }

    [Fact]
    public void Records_copied_with_with_by_a_netstandard_consumer_change_only_what_it_names()
    {
        var change = new SyncChange(ChangeAction.Set, Key, "SLOT", null, "14", 3);

        Assert.Equal(change with { To = "15" }, InitAccessors.WithTarget(change, "15"));
        Assert.Equal(new RecordError(9, "SLOT", "too long"), InitAccessors.WithLine(new RecordError(2, "SLOT", "too long"), 9));
    }
}
