using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

public class FormatTestTests
{
    [Fact]
    public async Task Format_test_shows_the_five_volumes_of_the_paged_report_and_contacts_no_server()
    {
        using var folder = new TempFolder();
        var runner = new CliRunner(folder.Path) { StandardInputFile = TestPaths.Fixture("paged-report", "drm_report.txt") };

        var result = await runner.RunAsync("-F", "5", "-d", TestPaths.Fixture("paged-report", "drm_report.ttidef"), "-S", "nobody:Secret1@unreachable.example");

        Assert.Equal(0, result.ExitCode);
        var bodies = result.Stdout.Split('\n').Where(l => l.Contains(": body ")).ToArray();
        Assert.Equal(new[]
        {
            "line 8: body VOLUME=A00001L6 CUSTOMER=US01 MEDIA=LTO REPOSITORY=OFFS DESCRIPTION=\"DAILY POOL COPY\" WRITETIME=2026-11-23T22:15:01",
            "line 9: body VOLUME=A00002L6 CUSTOMER=US01 MEDIA=LTO REPOSITORY=OFFS DESCRIPTION=\"WEEKLY COPY\" WRITETIME=2026-11-20T09:00:00",
            "line 10: body VOLUME=A00003L6 CUSTOMER=US01 MEDIA=LTO REPOSITORY=OFFS DESCRIPTION=\"DAILY POOL COPY\" WRITETIME=2026-11-24T01:30:44",
            "line 18: body VOLUME=A00010L6 CUSTOMER=US01 MEDIA=LTO REPOSITORY=LIBR DESCRIPTION=\"RECALLED FOR RESTORE\" WRITETIME=2026-11-24T05:02:10",
            "line 19: body VOLUME=A00011L6 CUSTOMER=US01 MEDIA=LTO REPOSITORY=LIBR DESCRIPTION=\"YEARLY ARCHIVE\" WRITETIME=2026-11-24T05:02:12",
        }, bodies);
        Assert.Contains("line 3: header", result.Stdout);
        Assert.EndsWith("19 records read, 5 with values, 0 record errors\n", result.Stdout.Replace("\r\n", "\n"));
        Assert.DoesNotContain("Z99999L6", result.Stdout);
        Assert.Equal(string.Empty, result.Stderr);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task Format_test_stops_after_n_records_with_values()
    {
        using var folder = new TempFolder();
        var runner = new CliRunner(folder.Path) { StandardInputFile = TestPaths.Fixture("paged-report", "drm_report.txt") };

        var result = await runner.RunAsync("-F2", "-d", TestPaths.Fixture("paged-report", "drm_report.ttidef"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, result.Stdout.Split('\n').Count(l => l.Contains(": body ")));
        Assert.Contains("9 records read, 2 with values, 0 record errors", result.Stdout);
    }

    [Fact]
    public async Task Format_test_shows_record_errors_and_exits_1()
    {
        using var folder = new TempFolder();
        folder.Write("dates.ttidef", """
            setCSVDelimiter(",");
            SetLiteral(CUSTOMER, "US01");
            SetLiteral(MEDIA, "LTO");
            Extract(VOLUME, 1, 10, 0);
            Extract(MOVEDATE, 2, 10, 0);
            SetMoveDateFormat("%%Y-%%m-%%d");
            """);

        var result = await new CliRunner(folder.Path).RunWithInputAsync("000000L6,2021-07-21\n000001L6,July\n", "-F", "10", "-d", "dates.ttidef");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("line 1: body VOLUME=000000L6 CUSTOMER=US01 MEDIA=LTO MOVEDATE=2021-07-21", result.Stdout);
        Assert.Contains("line 2: error MOVEDATE: ", result.Stdout);
        Assert.Contains("2 records read, 1 with values, 1 record errors", result.Stdout);
    }
}
