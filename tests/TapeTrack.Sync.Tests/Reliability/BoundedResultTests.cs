using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Tests.Engine;

namespace TapeTrack.Sync.Tests.Reliability;

/// <summary>
/// sync.md, "Errors and faults": what <see cref="SyncResult"/> keeps is bounded (the first
/// <see cref="SyncOptions.MaxResultItems"/> of each list), the statistics and the observer see everything, and the
/// report written as the run goes (<see cref="SyncReportSpool"/>) holds every item.
/// </summary>
public class BoundedResultTests
{
    private static string[] Lines(int volumes, int errors)
    {
        // volumes not on the server (a warning each), V1 moved (a change), and record errors (an unknown repository)
        var lines = Enumerable.Range(0, volumes).Select(i => $"X{i:D4},OFFS").ToList();
        lines.Insert(3, "V1,OFFS");
        lines.AddRange(Enumerable.Range(0, errors).Select(i => $"V1,NOPE{i}"));
        return lines.ToArray();
    }

    [Fact]
    public async Task The_result_keeps_the_first_items_of_each_list_while_the_statistics_and_the_observer_count_all()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR");
        h.Options.MaxResultItems = 5;

        var result = await h.RunAsync("VOLUME,REPOSITORY", Lines(40, 12));

        Assert.Equal(40, result.Statistics.Warnings);
        Assert.Equal(12, result.Statistics.RecordErrors);
        Assert.Equal(5, result.Warnings.Count);
        Assert.Equal(5, result.Errors.Count);
        Assert.Single(result.Changes);
        Assert.True(result.Truncated);
        Assert.Equal(h.Observer.Warnings.Take(5), result.Warnings);
        Assert.Equal(new long[] { 1, 2, 3, 5, 6 }, result.Warnings.Select(w => w.Line!.Value).ToArray());
        Assert.Equal(40, h.Observer.Warnings.Count);
        Assert.Equal(12, h.Observer.Errors.Count);
    }

    [Fact]
    public async Task A_result_within_the_bound_is_not_truncated_and_the_default_bound_is_ten_thousand()
    {
        var h = new SyncHarness();
        h.Put("V1", "LIBR");

        var result = await h.RunAsync("VOLUME,REPOSITORY", Lines(40, 12));

        Assert.Equal(10_000, new SyncOptions().MaxResultItems);
        Assert.False(result.Truncated);
        Assert.Equal(40, result.Warnings.Count);
        Assert.Equal(12, result.Errors.Count);
    }

    [Fact]
    public void A_negative_bound_is_refused_when_the_pipeline_is_built()
    {
        var h = new SyncHarness();
        h.Options.MaxResultItems = -1;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => h.Pipeline(SyncHarness.Definition("VOLUME,REPOSITORY")));
        Assert.Equal(nameof(SyncOptions.MaxResultItems), error.ParamName);
    }

    [Fact]
    public async Task The_spooled_report_is_byte_for_byte_the_report_of_a_result_that_kept_everything()
    {
        var keepAll = new SyncHarness();
        keepAll.Put("V1", "LIBR");
        keepAll.Options.MaxResultItems = int.MaxValue;
        var whole = await keepAll.RunAsync("VOLUME,REPOSITORY", Lines(40, 12));

        var bounded = new SyncHarness();
        bounded.Put("V1", "LIBR");
        bounded.Options.MaxResultItems = 0;
        using var folder = new TempFolder();
        using var spool = new SyncReportSpool(folder.Path);
        var pipeline = bounded.Pipeline(SyncHarness.Definition("VOLUME,REPOSITORY"));
        pipeline.Observer = spool;
        var result = await pipeline.RunAsync(SyncHarness.Source(Lines(40, 12)));
        using var report = new MemoryStream();
        spool.WriteTo(result, report);

        Assert.Empty(result.Warnings);
        Assert.Empty(result.Changes);
        Assert.Equal(SyncReportWriter.ToJson(whole).Replace(Elapsed(whole), Elapsed(result), StringComparison.Ordinal), Encoding.UTF8.GetString(report.ToArray()));
        using var json = JsonDocument.Parse(report.ToArray());
        Assert.Equal(40, json.RootElement.GetProperty("warnings").GetArrayLength());
        Assert.Equal(12, json.RootElement.GetProperty("errors").GetArrayLength());
        Assert.Equal(1, json.RootElement.GetProperty("changes").GetArrayLength());

        // the spool files are there while the run goes, and gone once it is disposed
        Assert.Equal(3, Directory.GetFiles(folder.Path).Length);
        spool.Dispose();
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task An_empty_run_spools_the_empty_lists_of_the_report()
    {
        var h = new SyncHarness();
        using var spool = new SyncReportSpool();
        var pipeline = h.Pipeline(SyncHarness.Definition("VOLUME,REPOSITORY"));
        pipeline.Observer = spool;
        var result = await pipeline.RunAsync(SyncHarness.Source());
        using var report = new MemoryStream();
        spool.WriteTo(result, report);

        Assert.Equal(SyncReportWriter.ToJson(result), Encoding.UTF8.GetString(report.ToArray()));
    }

    private static string Elapsed(SyncResult result) =>
        "\"elapsed\": \"" + result.Statistics.Elapsed.TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) + "s\"";
}
