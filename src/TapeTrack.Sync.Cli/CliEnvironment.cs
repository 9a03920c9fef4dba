using System;
using System.IO;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Cli;

/// <summary>What the tool takes from the process it runs in, so that a test can run it in process.</summary>
public sealed class CliEnvironment
{
    /// <summary>Creates an environment.</summary>
    /// <param name="workingDirectory">The folder relative paths are resolved from.</param>
    public CliEnvironment(string workingDirectory)
    {
        WorkingDirectory = Path.GetFullPath(workingDirectory ?? throw new ArgumentNullException(nameof(workingDirectory)));
    }

    /// <summary>The folder relative paths (the definition, the store, the report) are resolved from.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Looks up an environment variable (<c>TAPETRACK_SERVER</c>, and <c>%NAME%</c> in definitions); <see langword="null"/> when unset.</summary>
    /// <value>The default has no variables.</value>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = static _ => null;

    /// <summary>The clock: "now" for date rules, elapsed time, progress.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Standard input as bytes, read with the definition's encoding; <see langword="null"/> reads the records
    /// from the <see cref="System.IO.TextReader"/> given to <see cref="CliApp.RunAsync"/> instead.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Stream? StandardInput { get; init; }

    /// <summary>
    /// The file standard input reads, when it is a regular file (<c>&lt; report.csv</c>): a <c>--report</c> naming it
    /// is refused. <see langword="null"/> when standard input is a pipe, a terminal or not known.
    /// </summary>
    /// <value>The default is <see langword="null"/>; <see cref="FromProcess"/> finds it (<see cref="FindStandardInputFile"/>).</value>
    public string? StandardInputPath { get; init; }

    /// <summary>
    /// Whether the process started with standard input closed (<c>&lt;&amp;-</c>, or a scheduler that gives none): records
    /// that would come from it are refused at once instead of waiting for ever on whatever the runtime opened in its
    /// place. Found by <see cref="IsStandardInputClosed"/>.
    /// </summary>
    internal bool StandardInputClosed { get; init; }

    /// <summary>Whether standard error is a terminal: progress is then shown unless <c>--no-progress</c>.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool StandardErrorIsTerminal { get; init; }

    /// <summary>The exit code of an interrupted run: <see cref="ExitCodes.Interrupted"/>, or <see cref="ExitCodes.Terminated"/> once a SIGTERM asked for the stop.</summary>
    internal int InterruptedExitCode { get; set; } = ExitCodes.Interrupted;

    /// <summary>Test seam: opens the session instead of the logon string's own kind (a session that fails on cue).</summary>
    internal Func<LogonString, IServerSession>? SessionFactory { get; init; }

    /// <summary>Test seam: how the remote session retries (tests wait less than the default back-off).</summary>
    internal TapeTrack.Sync.Sessions.RetryOptions? RemoteRetry { get; init; }

    /// <summary>Test seam: called with the server once <c>serve</c> listens.</summary>
    internal Action<TapeTrack.Sync.Server.FrameworkServer>? ServerStarted { get; init; }

    /// <summary>
    /// Asks for a password on the terminal without echo (the <c>?</c> form of the logon string), given the prompt and the
    /// run's cancellation; returns <see langword="null"/> when there is no terminal. The process's own reads
    /// <c>/dev/tty</c> on Unix, so standard input may carry the report.
    /// </summary>
    /// <value>The default is <see langword="null"/>: no terminal.</value>
    public Func<string, System.Threading.CancellationToken, string?>? ReadPassword { get; init; }

    /// <summary>The environment of this process: its current folder, variables, clock, standard input and terminal.</summary>
    public static CliEnvironment FromProcess() => new(Directory.GetCurrentDirectory())
    {
        GetEnvironmentVariable = Environment.GetEnvironmentVariable,
        TimeProvider = TimeProvider.System,
        StandardInput = Console.OpenStandardInput(),
        StandardInputPath = FindStandardInputFile(),
        StandardInputClosed = IsStandardInputClosed(),
        StandardErrorIsTerminal = !Console.IsErrorRedirected,
        ReadPassword = TerminalPassword.Prompt,
    };

    /// <summary>
    /// The regular file this process's standard input is, or <see langword="null"/>. On Linux, <c>/proc/self/fd/0</c>
    /// is a symbolic link to it (to <c>pipe:[…]</c> for a pipe, to <c>/dev/pts/…</c> for a terminal, neither a regular
    /// file); <c>/dev/fd/0</c> is tried where there is no <c>/proc</c>, and is a link on some systems only (not on macOS,
    /// whose <c>/dev/fd</c> entries are devices: there, and on Windows, which has no such name, nothing is found and the
    /// guard cannot compare standard input).
    /// </summary>
    internal static string? FindStandardInputFile()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            string descriptor = Directory.Exists("/proc/self/fd") ? "/proc/self/fd/0" : "/dev/fd/0";
            if (new FileInfo(descriptor).LinkTarget is not { } target || !Path.IsPathRooted(target) || !ReportFile.IsRegularFile(target))
            {
                return null;
            }

            return target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether this process started without a standard input. When a process starts with descriptor 0 closed, the
    /// .NET runtime's own first pipe takes that number before <c>Main</c> runs, and a read of it waits for ever. That
    /// pipe is opened close-on-exec, which a descriptor inherited through <c>exec</c> never is (it would not have
    /// survived the <c>exec</c>): so on Linux descriptor 0 is this process's own when <c>/proc/self/fdinfo/0</c> shows
    /// <c>O_CLOEXEC</c> among its flags, or when there is no descriptor 0 at all. Elsewhere (no <c>/proc</c>) nothing
    /// is found.
    /// </summary>
    internal static bool IsStandardInputClosed(string fdinfo = "/proc/self/fdinfo/0")
    {
        const int CloseOnExec = 0x80000; // O_CLOEXEC, 02000000 octal, as fdinfo prints flags
        try
        {
            if (!Directory.Exists(Path.GetDirectoryName(fdinfo)))
            {
                return false;
            }

            if (!File.Exists(fdinfo))
            {
                return true;
            }

            foreach (string line in File.ReadLines(fdinfo))
            {
                if (line.StartsWith("flags:", StringComparison.Ordinal))
                {
                    return (Convert.ToInt32(line.Substring("flags:".Length).Trim(), 8) & CloseOnExec) != 0;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            // not readable as expected: assume an input
        }

        return false;
    }

    /// <summary>A path given on the command line, made absolute against <see cref="WorkingDirectory"/>.</summary>
    /// <param name="path">The path as given.</param>
    internal string Resolve(string path) => Path.GetFullPath(Path.Combine(WorkingDirectory, path));
}
