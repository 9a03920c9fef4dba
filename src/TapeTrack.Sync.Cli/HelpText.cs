namespace TapeTrack.Sync.Cli;

/// <summary>What <c>--help</c> prints.</summary>
internal static class HelpText
{
    public const string Text = """
        Usage: tapetrack-sync [TMSS10Sync options] [long options] < report
               tapetrack-sync store import FILE [--store PATH]
               tapetrack-sync store export [--store PATH] > FILE
               tapetrack-sync serve [--store PATH] [--urls https://127.0.0.1:5000]
                                    [--cert PFX [--cert-password-env NAME]]

        Reads a backup report through a .ttidef definition and sends what changed to the
        tape-management server. Statistics on stdout; warnings and record errors on stderr.

        TMSS10Sync options:
          -S LOGON        store:PATH (embedded store), memory:PATH (a store file, changes not
                          kept) or user:password@host[:port]; default: TAPETRACK_SERVER, else
                          tapetrack.db in the working folder
          -d FILE         the definition (default: default.ttidef in the working folder)
          -a              add volumes that the server does not have
          -A N            send DESCRIPTION to extended attribute N (1..200; 0: the description)
          -F N            format test: show the fields of the first N records; no server
          -c FILE         batch configuration: key = value lines giving defaults for the long
                          options (dry-run = true) and variables (var.SITE = US01)

        Long options:
          --trust-thumbprint HEX  accept a server certificate with this SHA-256 thumbprint
          --dry-run               decide and report everything, send nothing
          --report FILE           write the JSON report; - writes it to stdout, alone
          --inventory             the input lists everything at each LOCATION it names
          --var NAME=VALUE        a %NAME% variable of the definition (repeatable)
          --max-errors N          stop once more than N record errors occurred
          --scope-cache N         customer/media scopes kept (1 = TMSS10Sync behaviour)
          --batch-size N          volume updates per server request (default 100)
          --now DATE-TIME         the instant date rules treat as now (2026-11-25T00:00:00)
          --time-zone ID          time zone of dates (default: the machine's)
          --progress, --no-progress
                                  progress on stderr (default: when stderr is a terminal)
          --help, --version

        serve: the Framework Server over the embedded store, over TLS always (a self-signed
        certificate whose thumbprint it prints when no --cert), until Ctrl+C or SIGTERM.
        --urls takes several addresses separated by ';'. Remote logon passwords: -secret,
        $NAME (environment), <PATH (first line of a file), ? (asked), or the MD5 hash.

        Exit codes: 0 done (warnings allowed), 1 done with record errors, 2 usage or
        definition error (nothing read or sent), 3 server or connection failure,
        130 interrupted.

        """;
}
