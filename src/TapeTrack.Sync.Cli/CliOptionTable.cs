using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using TapeTrack.Sync.Records;

namespace TapeTrack.Sync.Cli;

/// <summary>
/// Every option of the tool, in one table: the command-line parser, the batch configuration keys of <c>-c</c>
/// (every long option name of the sync), the merge of the two (the command line wins, per setting) and
/// <c>--help</c> all read it. A new option is one row here and one property of <see cref="CliOptions"/>.
/// </summary>
internal static class CliOptionTable
{
    private const string NoConfiguration = "cannot be given in a batch configuration";

    /// <summary>The options, in the order <c>--help</c> lists them.</summary>
    public static IReadOnlyList<CliOption> All { get; } = new CliOption[]
    {
        // TMSS10Sync letters
        new()
        {
            Letter = 'S', ValueName = "LOGON", Commands = CliCommands.Sync | CliCommands.StoreHistory,
            Help = "store:PATH (embedded store), memory:PATH (a store file, changes not\nkept) or user:password@host[:port]; default: TAPETRACK_SERVER, else\ntapetrack.db in the working folder",
            Apply = static (o, v, _) => o.Logon = v,
        },
        new()
        {
            Letter = 'd', ValueName = "FILE", Help = "the definition (default: default.ttidef in the working folder)",
            Apply = static (o, v, _) => o.DefinitionPath = v,
        },
        new() { Letter = 'a', Help = "add volumes that the server does not have", Apply = static (o, v, _) => o.AddVolumes = bool.Parse(v) },
        new()
        {
            Letter = 'A', ValueName = "N", Help = "send DESCRIPTION to extended attribute N (1..200; 0: the description)",
            Apply = static (o, v, w) => o.DescriptionAttribute = ParseInt(v, w, 0, 200),
        },
        new()
        {
            Letter = 'F', ValueName = "N", Help = "format test: show the fields of the first N records; no server",
            Apply = static (o, v, w) => o.FormatTestCount = ParseInt(v, w, 1, int.MaxValue),
        },
        new()
        {
            Letter = 'c', ValueName = "FILE",
            Help = "batch configuration: key = value lines giving defaults for the long\noptions (dry-run = true) and variables (var.SITE = US01)",
            Apply = static (o, v, _) => o.ConfigFile = v,
        },
        new() { Letter = 'h', Hidden = true, Commands = CliCommands.All, Setting = "help", Apply = static (o, v, _) => o.Help = bool.Parse(v) },
        new() { Letter = '?', Hidden = true, Commands = CliCommands.All, Setting = "help", Apply = static (o, v, _) => o.Help = bool.Parse(v) },

        // long options
        new()
        {
            Long = "trust-thumbprint", ValueName = "HEX", Commands = CliCommands.Sync | CliCommands.StoreHistory, Help = "accept a server certificate with this SHA-256 thumbprint",
            Apply = static (o, v, w) => o.TrustThumbprint = ParseThumbprint(v, w),
        },
        new() { Long = "dry-run", Help = "decide and report everything, send nothing", Apply = static (o, v, _) => o.DryRun = bool.Parse(v) },
        new()
        {
            Long = "report", ValueName = "FILE", Help = "write the JSON report; - writes it to stdout, alone",
            Apply = static (o, v, w) => o.ReportPath = v.Length == 0 ? throw new UsageException($"{w} needs a file name, or - for standard output") : v,
        },
        new() { Long = "inventory", Help = "the input lists everything at each LOCATION it names", Apply = static (o, v, _) => o.Inventory = bool.Parse(v) },
        new()
        {
            Long = "var", ValueName = "NAME=VALUE", Help = "a %NAME% variable of the definition (repeatable;\nin a batch configuration: var.NAME = VALUE)",
            SettingOfValue = static v => "var." + VariableName(v).ToUpperInvariant(),
            Apply = static (o, v, w) =>
            {
                string name = VariableName(v);
                if (name.Length == 0)
                {
                    throw new UsageException($"{w} needs NAME=VALUE, not '{v}'");
                }

                o.Variables[name] = v.Substring(name.Length + 1);
            },
        },
        new()
        {
            Long = "max-errors", ValueName = "N", Help = "stop once more than N record errors occurred",
            Apply = static (o, v, w) => o.MaxErrors = ParseInt(v, w, 0, int.MaxValue),
        },
        new()
        {
            Long = "scope-cache", ValueName = "N", Help = "customer/media scopes kept (1 = TMSS10Sync behaviour)",
            Apply = static (o, v, w) => o.ScopeCache = ParseInt(v, w, 1, int.MaxValue),
        },
        new()
        {
            Long = "batch-size", ValueName = "N", Help = "volume updates per server request (default 100)",
            Apply = static (o, v, w) => o.BatchSize = ParseInt(v, w, 1, int.MaxValue),
        },
        new()
        {
            Long = "now", ValueName = "DATE-TIME", Help = "the instant date rules treat as now (2026-11-25T00:00:00)",
            Apply = static (o, v, w) => ParseNow(v, w, o),
        },
        new()
        {
            Long = "time-zone", ValueName = "ID", Help = "time zone of dates (default: the machine's)",
            Apply = static (o, v, w) => o.TimeZoneId = v.Length == 0 ? throw new UsageException($"{w} needs a time zone id such as Europe/Paris or UTC") : v,
        },
        new()
        {
            Long = "encoding", ValueName = "NAME", Help = "encoding of text input (default UTF-8; a byte-order mark wins):\nutf-8, latin1, windows-1252, utf-16, or a code page number",
            Apply = static (o, v, w) => o.Encoding = ParseEncoding(v, w),
        },
        new()
        {
            Long = "progress", Setting = "progress", Help = "progress on stderr (default: when stderr is a terminal)",
            Apply = static (o, v, _) => o.Progress = bool.Parse(v),
        },
        new() { Long = "no-progress", Setting = "progress", Help = "no progress on stderr", Apply = static (o, v, _) => o.Progress = !bool.Parse(v) },

        // every command
        new()
        {
            Long = "store", ValueName = "PATH", Commands = CliCommands.Store | CliCommands.Serve, Help = "the embedded store file (default: a store: TAPETRACK_SERVER, else tapetrack.db)",
            Apply = static (o, v, _) => o.StorePath = v,
        },

        // serve
        new()
        {
            Long = "urls", ValueName = "URLS", Commands = CliCommands.Serve,
            Help = "where to listen, https://HOST:PORT, several separated by ';'\n(default https://127.0.0.1:5000; port 0 takes a free port)",
            Apply = static (o, v, w) =>
            {
                foreach (var url in v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    o.Urls.Add(url);
                }

                if (o.Urls.Count == 0)
                {
                    throw new UsageException($"{w} needs at least one https://HOST:PORT address");
                }
            },
        },
        new()
        {
            Long = "cert", ValueName = "PFX", Commands = CliCommands.Serve,
            Help = "the server certificate with its key (PKCS #12); default: a self-signed\none made for the --urls names, its thumbprint printed",
            Apply = static (o, v, _) => o.CertificatePath = v,
        },
        new()
        {
            Long = "cert-password-env", ValueName = "NAME", Commands = CliCommands.Serve,
            Help = "the environment variable holding the --cert file's password",
            Apply = static (o, v, _) => o.CertificatePasswordVariable = v,
        },
        new()
        {
            Long = "postgres", ValueName = "CONNECTION", Commands = CliCommands.Store | CliCommands.Serve, CommandLineOnly = NoConfiguration,
            Help = "a PostgreSQL store instead: Host=...;Username=...;Database=... (the password\nfrom PGPASSWORD or ~/.pgpass rather than on the command line)",
            Apply = static (o, v, w) => o.Postgres = v.Length == 0 ? throw new UsageException($"{w} needs a connection string such as Host=db;Username=tapetrack;Database=tapetrack") : v,
        },
        new()
        {
            Long = "volume", ValueName = "CUST.MEDIA.VOLUME", Commands = CliCommands.StoreHistory, CommandLineOnly = NoConfiguration, Help = "store history: only this volume's changes",
            Apply = static (o, v, w) => o.HistoryVolume = ParseVolumeKey(v, w),
        },
        new()
        {
            Long = "since", ValueName = "DATE", Commands = CliCommands.StoreHistory, CommandLineOnly = NoConfiguration,
            Help = "store history: only changes at or after DATE (2026-11-25 or\n2026-11-25T22:00:00, UTC unless it ends in an offset)",
            Apply = static (o, v, w) => o.HistorySince = ParseSince(v, w),
        },
        new() { Long = "help", Commands = CliCommands.All, Setting = "help", CommandLineOnly = NoConfiguration, Help = "this help", Apply = static (o, v, _) => o.Help = bool.Parse(v) },
        new() { Long = "version", CommandLineOnly = NoConfiguration, Help = "the tool's version", Apply = static (o, v, _) => o.Version = bool.Parse(v) },
    };

    /// <summary>The option with this long name, for this command; <see langword="null"/> when there is none.</summary>
    public static CliOption? FindLong(string name, CliCommands command) =>
        All.FirstOrDefault(o => o.Long == name && (o.Commands & command) != 0);

    /// <summary>The option with this letter, for this command; <see langword="null"/> when there is none.</summary>
    public static CliOption? FindLetter(char letter, CliCommands command) =>
        All.FirstOrDefault(o => o.Letter == letter && (o.Commands & command) != 0);

    /// <summary>The help's option sections: the letters, then the long options of the sync, then the store's.</summary>
    public static string DescribeOptions()
    {
        var text = new StringBuilder();
        Section(text, "TMSS10Sync options:", All.Where(o => o.Letter is not null && o.Commands.HasFlag(CliCommands.Sync)));
        Section(text, "Long options:", All.Where(o => o.Long is not null && o.Commands.HasFlag(CliCommands.Sync)));
        Section(text, "store import / export / history options:", All.Where(o => o.Long is not null && (o.Commands & CliCommands.Store) != 0 && !o.Commands.HasFlag(CliCommands.Sync)));
        Section(text, "serve options:", All.Where(o => o.Long is not null && (o.Commands & CliCommands.Serve) != 0 && !o.Commands.HasFlag(CliCommands.Sync)));
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, IEnumerable<CliOption> options)
    {
        var shown = options.Where(o => !o.Hidden).ToList();
        text.AppendLine(title);
        int width = shown.Max(o => Heading(o).Length) + 2;
        foreach (var option in shown)
        {
            string heading = "  " + Heading(option);
            string[] lines = option.Help.Split('\n');
            text.Append(heading.PadRight(width + 2)).AppendLine(lines[0]);
            for (int i = 1; i < lines.Length; i++)
            {
                text.Append(' ', width + 2).AppendLine(lines[i]);
            }
        }

        text.AppendLine();
    }

    private static string Heading(CliOption option) => option.ValueName is null ? option.Spelling : option.Spelling + " " + option.ValueName;

    private static string VariableName(string pair)
    {
        int at = pair.IndexOf('=');
        return at <= 0 ? string.Empty : pair.Substring(0, at);
    }

    internal static int ParseInt(string text, string option, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            string range = max == int.MaxValue ? $"{min} or more" : $"{min} to {max}";
            throw new UsageException($"{option} needs a whole number, {range}; got '{text}'");
        }

        return value;
    }

    private static Encoding ParseEncoding(string text, string where)
    {
        try
        {
            return TextSourceOptions.GetEncoding(text);
        }
        catch (ArgumentException)
        {
            throw new UsageException($"{where}: unknown encoding '{text}' (use utf-8, latin1, windows-1252, utf-16, or a code page number)");
        }
    }

    private static string ParseThumbprint(string text, string where)
    {
        string hex = text.Replace(":", string.Empty).Replace(" ", string.Empty).ToUpperInvariant();
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
        {
            throw new UsageException($"{where} needs a SHA-256 thumbprint: 64 hexadecimal digits (colons allowed)");
        }

        return hex;
    }

    private static readonly string[] NowFormats = { "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd" };

    private static void ParseNow(string text, string where, CliOptions options)
    {
        if (DateTime.TryParseExact(text, NowFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            options.Now = local;
            options.NowWithOffset = null;
            return;
        }

        if (DateTimeOffset.TryParseExact(text, new[] { "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss'Z'" }, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var exact))
        {
            options.NowWithOffset = exact;
            options.Now = null;
            return;
        }

        throw new UsageException($"{where} needs a date-time such as 2026-11-25T00:00:00, not '{text}'");
    }

    private static Sessions.VolumeKey ParseVolumeKey(string value, string where)
    {
        string[] parts = value.Split('.', 3);
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || parts[2].Length == 0)
        {
            throw new UsageException($"{where} needs CUSTOMER.MEDIA.VOLUME, such as US01.LTO.000001L6; got '{value}'");
        }

        return new Sessions.VolumeKey(parts[0], parts[1], parts[2]);
    }

    private static DateTimeOffset ParseSince(string value, string where)
    {
        string[] formats = { "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK" };
        if (DateTimeOffset.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var since))
        {
            return since;
        }

        throw new UsageException($"{where} needs a date such as 2026-11-25 or 2026-11-25T22:00:00; got '{value}'");
    }
}
