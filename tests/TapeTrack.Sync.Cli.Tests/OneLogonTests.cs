using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Cli.Tests;

/// <summary>A run logs on once (a logon can be a slow password check), and a refused logon is exit 3 saying so.</summary>
public class OneLogonTests
{
    private sealed class LogonCountingSession : DelegatingServerSession
    {
        private readonly Exception? _refusal;

        public LogonCountingSession(Exception? refusal = null)
            : base(InMemoryServerSession.FromStoreFile(CsvSite.StoreFile)) => _refusal = refusal;

        public int Logons { get; private set; }

        public override ValueTask LogonAsync(CancellationToken cancellationToken = default)
        {
            Logons++;
            return _refusal is null ? base.LogonAsync(cancellationToken) : throw _refusal;
        }
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(LogonCountingSession session, params string[] args)
    {
        using var folder = new TempFolder();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        await using var input = File.OpenRead(CsvSite.Report);
        var env = new CliEnvironment(folder.Path) { StandardInput = input, SessionFactory = _ => session };
        int code = await CliApp.RunAsync(args, TextReader.Null, stdout, stderr, env, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("--dry-run")]
    [InlineData("--batch-size=1")]
    public async Task A_run_logs_on_exactly_once(string option)
    {
        var session = new LogonCountingSession();

        var (code, stdout, _) = await RunAsync(session, "-S", "memory:unused.json", "-d", CsvSite.Definition, option);

        Assert.Equal(0, code);
        Assert.Equal(3, CsvSite.Statistic(stdout, "Volumes updated:"));
        Assert.Equal(1, session.Logons);
    }

    [Fact]
    public async Task A_refused_logon_exits_3_saying_the_logon_failed_without_a_stack_trace()
    {
        var session = new LogonCountingSession(new UnauthorizedAccessException("Logon refused for user 'batch': unknown user or wrong password."));

        var (code, stdout, stderr) = await RunAsync(session, "-S", "memory:unused.json", "-d", CsvSite.Definition);

        Assert.Equal(3, code);
        Assert.Contains("logon failed: Logon refused for user 'batch'", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.Equal(1, session.Logons);
        Assert.DoesNotContain("Volumes updated:", stdout);
    }
}
