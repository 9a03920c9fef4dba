namespace TapeTrack.Sync.Cli;

/// <summary>What <c>--help</c> prints: the usage, the options of <see cref="CliOptionTable"/>, the exit codes.</summary>
internal static class HelpText
{
    private const string Usage = """
        Usage: tapetrack-sync [TMSS10Sync options] [long options] < report
               tapetrack-sync store import FILE [--store PATH | --postgres CONNECTION]
               tapetrack-sync store export [--store PATH | --postgres CONNECTION] > FILE
               tapetrack-sync store history [--store PATH | --postgres CONNECTION |
                 -S user:password@host [--trust-thumbprint HEX]]
                 [--volume CUST.MEDIA.VOLUME] [--since DATE]
               tapetrack-sync serve [--store PATH | --postgres CONNECTION]
                                    [--urls https://127.0.0.1:5000]
                                    [--cert PFX [--cert-password-env NAME]]

        Reads a backup report through a .ttidef definition and sends what changed to the
        tape-management server. Statistics on stdout; warnings and record errors on stderr.


        """;

    private const string ExitCodes = """
        Every long option of the sync is also a key of the -c batch configuration
        (no-progress = true, max-errors = 10, var.SITE = US01); the command line wins.

        serve holds the embedded store and serves it to remote runs (-S user:password@host)
        over TLS until Ctrl+C or SIGTERM; it prints 'listening on URL' once ready. Remote
        passwords: -secret, $NAME (environment), <PATH (first line of a file), ? (asked on
        the terminal), or 32 upper-case hex digits (the password's MD5 hash, sent as is).

        Exit codes: 0 done (warnings allowed), 1 done with record errors, 2 usage or
        definition error (nothing read or sent), 3 server or connection failure, 4 done
        but the --report file could not be written, 130 / 143 interrupted by SIGINT /
        SIGTERM (statistics and report still written).

        """;

    public static string Text { get; } = Usage + CliOptionTable.DescribeOptions() + ExitCodes;
}
