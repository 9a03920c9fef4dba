using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Tests.Engine.SyncHarness;

namespace TapeTrack.Sync.Tests.Engine;

public class FieldRuleTests
{
    [Theory]
    [InlineData("DESCRIPTION", "weekly", "monthly", "set V1 DESCRIPTION weekly->monthly @1")]
    [InlineData("DESCRIPTION", "weekly", "weekly", null)]
    [InlineData("DESCRIPTION", "weekly  ", "weekly", null)]
    [InlineData("DESCRIPTION", "Weekly", "weekly", "set V1 DESCRIPTION Weekly->weekly @1")]
    [InlineData("SLOT", "", "A01", "set V1 SLOT ->A01 @1")]
    [InlineData("SCRATCH", "true", "YES", null)]
    [InlineData("SCRATCH", "TRUE", "y", null)]
    [InlineData("SCRATCH", "false", "1", "set V1 SCRATCH false->true @1")]
    [InlineData("ENCRYPTED", "true", "no", "set V1 ENCRYPTED true->false @1")]
    [InlineData("MOVEDATE", "2026-12-01T00:00:00", "2026-12-01", null)]
    [InlineData("MOVEDATE", "2026-12-01", "2026-12-02", "set V1 MOVEDATE 2026-12-01->2026-12-02 @1")]
    [InlineData("WRITETIME", "2026-11-20T10:15:30", "2026-11-20 10:15:30", null)]
    [InlineData("WRITETIME", "2026-11-20T10:15:30", "2026-11-20 10:15:31", "set V1 WRITETIME 2026-11-20T10:15:30->2026-11-20T10:15:31 @1")]
    [InlineData("USAGECOUNT", "7", "007", null)]
    [InlineData("USAGECOUNT", "7", "8", "set V1 USAGECOUNT 7->8 @1")]
    public async Task Plain_field_is_set_only_when_it_differs_after_normalising(string field, string server, string value, string? expected)
    {
        var h = new SyncHarness();
        if (server.Length > 0)
        {
            h.Put("V1", "LIBR", null, (field, server));
        }
        else
        {
            h.Put("V1", "LIBR");
        }

        var result = await h.RunAsync("VOLUME," + field, "V1," + value);

        Assert.Equal(expected is null ? new string[0] : new[] { expected }, Changes(result));
        Assert.Equal(expected is null ? "matched=1 unchanged=1" : "matched=1 updated=1", Counts(result));
        Assert.Equal(expected is null ? 0 : 1, result.Statistics.FieldChanges.TryGetValue(field, out int n) ? n : 0);
    }

    [Theory]
    [InlineData("2026-11-20 10:15", null)]
    [InlineData("2026-11-20 10:16", "set V1 WRITETIME 2026-11-20T10:15:30->2026-11-20T10:16:00 @1")]
    public async Task Write_time_is_compared_at_the_precision_of_its_format(string value, string? expected)
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR", null, (VolumeFields.WriteTime, "2026-11-20T10:15:30"));
        var definition = Definition("VOLUME,WRITETIME", b => b.SetWriteTimeFormat("%Y-%m-%d %H:%M"));

        var result = await h.RunAsync(definition, "V1," + value);

        Assert.Equal(expected is null ? new string[0] : new[] { expected }, Changes(result));
    }

    [Fact]
    public async Task Empty_value_never_clears_a_field()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR", null, (VolumeFields.Description, "weekly"), (VolumeFields.Slot, "A01"));

        var result = await h.RunAsync("VOLUME,DESCRIPTION,SLOT,REPOSITORY", "V1,,,");

        Assert.Empty(result.Changes);
        Assert.Equal("matched=1 unchanged=1", Counts(result));
        Assert.Equal("weekly", h.Volume("V1").Get(VolumeFields.Description));
        Assert.Equal("A01", h.Volume("V1").Get(VolumeFields.Slot));
    }

    [Fact]
    public async Task Description_goes_to_the_extended_attribute_given_by_dash_A()
    {
        var h = new SyncHarness();
        h.Options.DescriptionAttribute = 3;
        h.Put("V1", "LIBR", null, (VolumeFields.Description, "kept"), ("ATTRIBUTE3", "old"));
        h.Put("V2", "LIBR", null, (VolumeFields.Description, "kept"), ("ATTRIBUTE3", "same"));

        var result = await h.RunAsync("VOLUME,DESCRIPTION", "V1,new", "V2,same");

        Assert.Equal(new[] { "set V1 ATTRIBUTE3 old->new @1" }, Changes(result));
        Assert.Equal("matched=2 unchanged=1 updated=1", Counts(result));
        Assert.Equal(1, result.Statistics.FieldChanges["ATTRIBUTE3"]);
        Assert.False(result.Statistics.FieldChanges.ContainsKey("DESCRIPTION"));
        Assert.Equal("new", h.Volume("V1").Get("ATTRIBUTE3"));
        Assert.Equal("kept", h.Volume("V1").Get(VolumeFields.Description));
    }

    [Theory]
    [InlineData("US01.LTO.C0001", true)]
    [InlineData("US02.DLT.0123456789", true)]
    [InlineData("C0001", false)]
    [InlineData("US01.LTO", false)]
    [InlineData("US01..C0001", false)]
    [InlineData(".LTO.C0001", false)]
    [InlineData("US01.LTO.", false)]
    [InlineData("USA01.LTO.C1", false)]
    [InlineData("US01.LTO.C1.X", false)]
    [InlineData("US01.LTO.01234567890", false)]
    [InlineData("US 1.LTO.C1", false)]
    public async Task Container_must_be_a_qualified_barcode(string container, bool valid)
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR");

        var result = await h.RunAsync("VOLUME,CONTAINER", "V1," + container);

        if (valid)
        {
            Assert.Equal(new[] { $"set V1 CONTAINER ->{container} @1" }, Changes(result));
            Assert.Equal("matched=1 updated=1", Counts(result));
        }
        else
        {
            Assert.Empty(result.Changes);
            Assert.Equal(new[] { "1 CONTAINER" }, Errors(result));
            Assert.Equal("errors=1", Counts(result));
            Assert.Null(h.Volume("V1").Get(VolumeFields.Container));
        }
    }

    [Fact]
    public async Task Volume_not_on_the_server_is_a_warning_without_add_volumes()
    {
        var h = new SyncHarness();

        var result = await h.RunAsync("VOLUME,LOCATION,DESCRIPTION", "N1,LIBR,new");

        Assert.Empty(result.Changes);
        Assert.Equal(new[] { "VolumeNotFound N1 -> @1" }, Warnings(result));
        Assert.Equal("notFound=1 warnings=1", Counts(result));
        Assert.Null(h.Session.Find(Key("N1")));
    }

    [Fact]
    public async Task Add_volumes_puts_a_new_volume_at_its_location_else_its_repository()
    {
        var h = new SyncHarness();
        h.Options.AddVolumes = true;

        var result = await h.RunAsync(
            "VOLUME,REPOSITORY,LOCATION,DESCRIPTION",
            "N1,,LIBR,new tape",
            "N2,OFFS,LIBR,",
            "N3,RACK,,",
            "N4,,,lost");

        Assert.Equal(new[]
        {
            "add N1 CURRENT ->LIBR @1",
            "add N1 DESCRIPTION ->new tape @1",
            "add N2 CURRENT ->LIBR @2",
            "add N2 REPOSITORY ->OFFS @2",
            "add N3 CURRENT ->RACK @3",
            "add N3 REPOSITORY ->RACK @3",
        }, Changes(result));
        Assert.Equal(new[] { "4 REPOSITORY" }, Errors(result));
        Assert.Equal("added=3 errors=1 movesRequested=1 warnings=1", Counts(result));
        Assert.Equal("N1 LIBR", Where(h.Volume("N1")));
        Assert.Equal("new tape", h.Volume("N1").Get(VolumeFields.Description));
        Assert.Equal("N2 LIBR->OFFS", Where(h.Volume("N2")));
        Assert.Equal("N3 RACK", Where(h.Volume("N3")));
        Assert.Null(h.Session.Find(Key("N4")));

        // N2 is in the library and due offsite: the run that adds it warns as every later run of the line does
        Assert.Equal(new[] { "UnexpectedInLibrary N2 OFFS->LIBR @2" }, Warnings(result));
        var again = await h.RunAsync("VOLUME,REPOSITORY,LOCATION,DESCRIPTION", "N1,,LIBR,new tape", "N2,OFFS,LIBR,", "N3,RACK,,");
        Assert.Equal(Warnings(result), Warnings(again));
        Assert.Empty(again.Changes);
    }

    [Fact]
    public async Task Added_volume_takes_the_description_attribute_of_dash_A()
    {
        var h = new SyncHarness();
        h.Options.AddVolumes = true;
        h.Options.DescriptionAttribute = 2;

        var result = await h.RunAsync("VOLUME,REPOSITORY,DESCRIPTION", "N1,LIBR,weekly");

        Assert.Equal(new[] { "add N1 CURRENT ->LIBR @1", "add N1 REPOSITORY ->LIBR @1", "add N1 ATTRIBUTE2 ->weekly @1" }, Changes(result));
        Assert.Equal("weekly", h.Volume("N1").Get("ATTRIBUTE2"));
        Assert.Null(h.Volume("N1").Get(VolumeFields.Description));
    }

    [Fact]
    public async Task Added_volume_is_matched_by_a_later_record_of_the_same_run()
    {
        var h = new SyncHarness();
        h.Options.AddVolumes = true;

        var result = await h.RunAsync("VOLUME,REPOSITORY,LOCATION", "N1,,LIBR", "N1,OFFS,");

        Assert.Equal(new[] { "add N1 CURRENT ->LIBR @1", "set N1 REPOSITORY LIBR->OFFS @2" }, Changes(result));
        Assert.Equal("matched=1 updated=1 added=1 movesRequested=1", Counts(result));
        Assert.Equal("N1 LIBR->OFFS", Where(h.Volume("N1")));
    }

    [Fact]
    public async Task Unknown_customer_or_media_is_a_record_error()
    {
        var h = new SyncHarness();

        var result = await h.RunAsync("CUSTOMER,MEDIA,VOLUME,DESCRIPTION", "US01,DLT,V1,x", "XX01,LTO,V1,x");

        Assert.Equal(new[] { "1 MEDIA", "2 MEDIA" }, Errors(result));
        Assert.Equal("errors=2", Counts(result));
    }

    internal static string Where(Volume volume) => volume.IsMoving ? $"{volume.Id} {volume.Current}->{volume.Target}" : $"{volume.Id} {volume.Current}";
}
