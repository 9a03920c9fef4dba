using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

// The --report file and the files the tool reads whole (cli.md, issue 12).
public class ReportAndLimitTests
{
    [Theory]
    [InlineData("store.db", "the store file")]
    [InlineData("def", "the definition")]
    [InlineData("input", "the input file")]
    [InlineData("conf", "the batch configuration")]
    public async Task A_report_naming_a_file_the_run_reads_is_refused_and_the_file_is_left_alone(string which, string what)
    {
        using var site = await CsvSite.CreateAsync();
        File.Copy(CsvSite.Report, site.Folder["input.csv"]);
        string definition = site.Folder.Write("site.ttidef", File.ReadAllText(CsvSite.Definition) + "\nSetFile(\"input.csv\");\n");
        site.Folder.Write("nightly.conf", "max-errors = 10\n");
        string target = which switch
        {
            "def" => "site.ttidef",
            "input" => "input.csv",
            "conf" => "nightly.conf",
            _ => which,
        };
        byte[] before = File.ReadAllBytes(site.Folder[target]);

        var result = await site.Runner.RunAsync("-S", "store:store.db", "-d", definition, "-c", "nightly.conf", "--report", "./" + target);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"is {what}; writing the report there would destroy it", result.Stderr);
        Assert.Equal(before, File.ReadAllBytes(site.Folder[target]));
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task A_report_through_a_symbolic_link_to_the_store_is_refused()
    {
        using var site = await CsvSite.CreateAsync();
        File.CreateSymbolicLink(site.Folder["link.json"], site.Store);
        byte[] before = File.ReadAllBytes(site.Store);

        var result = await site.SyncAsync("--report", "link.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(site.Store));
    }

    [Fact]
    public async Task A_report_that_cannot_be_written_after_the_sync_exits_4_with_the_statistics()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("a full disk is made with a tmpfs mount (Linux, as root)");
        }

        using var site = await CsvSite.CreateAsync();
        string disk = Directory.CreateDirectory(site.Folder["full"]).FullName;
        SystemCommand.Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk);
        try
        {
            // fill the disk
            using (var fill = new FileStream(Path.Combine(disk, "fill"), FileMode.Create))
            {
                var block = new byte[4096];
                try
                {
                    while (true)
                    {
                        fill.Write(block);
                        fill.Flush();
                    }
                }
                catch (IOException)
                {
                    // full
                }
            }

            var result = await site.SyncAsync("--report", Path.Combine(disk, "nightly.json"));

            Assert.Equal(4, result.ExitCode);
            Assert.Equal(10, CsvSite.Statistic(result.Stdout, "Records read:"));
            Assert.Contains("the sync was done (see the statistics), but the report", result.Stderr);
            Assert.False(File.Exists(Path.Combine(disk, "nightly.json")));
            Assert.Single(Directory.GetFiles(disk));
            Assert.DoesNotContain("   at ", result.All);

            // the sync itself was done: a second run changes nothing
            var again = await site.SyncAsync();
            Assert.Equal(0, CsvSite.Statistic(again.Stdout, "Volumes updated:"));
        }
        finally
        {
            SystemCommand.Run("umount", disk);
        }
    }


    [Fact]
    public async Task A_batch_configuration_that_is_endless_is_refused_by_its_size_quickly()
    {
        using var folder = new TempFolder();
        var clock = Stopwatch.StartNew();

        var result = await new CliRunner(folder.Path).RunAsync("-c", "/dev/zero");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the batch configuration (-c) '/dev/zero' is larger than the limit of 1,048,576 bytes (1 MiB)", result.Stderr);
        Assert.DoesNotContain("   at ", result.All);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task A_batch_configuration_just_over_the_limit_is_refused_and_one_at_it_is_read()
    {
        using var folder = new TempFolder();
        folder.Write("default.ttidef", "SetLiteral(CUSTOMER, \"US01\");\n");
        folder.Write("big.conf", "# " + new string('x', 1024 * 1024 - 3) + "\n" + "x");
        folder.Write("fits.conf", "colour = blue\n# " + new string('x', (1024 * 1024) - 16));

        var big = await new CliRunner(folder.Path).RunAsync("-c", "big.conf");
        var fits = await new CliRunner(folder.Path).RunAsync("-c", "fits.conf");

        Assert.Contains("is larger than the limit", big.Stderr);
        Assert.Contains("unknown key 'colour'", fits.Stderr);
    }

    [Fact]
    public async Task A_definition_or_include_that_is_endless_is_refused_by_its_size()
    {
        using var folder = new TempFolder();
        folder.Write("inc.ttidef", "Include(\"/dev/zero\");\n");

        var definition = await new CliRunner(folder.Path).RunAsync("-d", "/dev/zero", "-F", "1");
        var include = await new CliRunner(folder.Path).RunAsync("-d", "inc.ttidef", "-F", "1");

        foreach (var result in new[] { definition, include })
        {
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("/dev/zero", result.Stderr);
            Assert.Contains("MaxFileSize", result.Stderr);
            Assert.DoesNotContain("   at ", result.All);
        }
    }

    [Fact]
    public async Task A_store_file_that_is_a_device_is_refused_by_name()
    {
        using var folder = new TempFolder();

        var import = await new CliRunner(folder.Path).RunAsync("store", "import", "/dev/zero", "--store", "x.db");

        Assert.Equal(2, import.ExitCode);
        Assert.Contains("/dev/zero: $ is not a store file", import.Stderr);
        Assert.DoesNotContain("   at ", import.All);
        Assert.False(File.Exists(folder["x.db"]));
    }

    [Fact]
    public async Task An_interrupted_run_prints_its_statistics_and_writes_its_report()
    {
        using var site = await CsvSite.CreateAsync();
        using var stop = new System.Threading.CancellationTokenSource();
        using var input = new StopAfterFirstLine(File.ReadAllBytes(CsvSite.Report), stop);
        var env = new CliEnvironment(site.Folder.Path) { StandardInput = input };
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = await CliApp.RunAsync(new[] { "-S", "store:store.db", "-d", CsvSite.Definition, "--batch-size", "1", "--report", "r.json" }, TextReader.Null, stdout, stderr, env, stop.Token);

        Assert.Equal(130, code);
        Assert.StartsWith("Interrupted: the statistics so far", stdout.ToString());
        Assert.True(CsvSite.Statistic(stdout.ToString(), "Records read:") >= 1);
        using var report = JsonDocument.Parse(File.ReadAllText(site.Folder["r.json"]));
        Assert.True(report.RootElement.GetProperty("interrupted").GetBoolean());
        Assert.Contains("interrupted; what was applied stays applied", stderr.ToString());
        input.Release.Set();
    }

    // gives the first chunk of a report, then asks for the stop and waits for more input that never comes
    private sealed class StopAfterFirstLine : Stream
    {
        private readonly byte[] _bytes;
        private readonly System.Threading.CancellationTokenSource _stop;
        private bool _given;

        public System.Threading.ManualResetEventSlim Release { get; } = new();

        public StopAfterFirstLine(byte[] bytes, System.Threading.CancellationTokenSource stop)
        {
            _bytes = bytes;
            _stop = stop;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (!_given)
            {
                _given = true;
                int n = Math.Min(count, _bytes.Length);
                Array.Copy(_bytes, 0, buffer, offset, n);
                return n;
            }

            _stop.CancelAfter(200);
            Release.Wait(TimeSpan.FromSeconds(60));
            return 0;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
