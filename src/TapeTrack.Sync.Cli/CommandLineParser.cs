using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace TapeTrack.Sync.Cli;

/// <summary>
/// Reads the command line by hand: the TMSS10Sync letters (<c>-S -d -a -A -F -c</c>), the long options, and the
/// <c>store</c> sub-commands. Anything else is a <see cref="UsageException"/> that names it.
/// </summary>
internal static class CommandLineParser
{
    // TMSS10Sync letters whose meaning is not published: refused rather than guessed (ttidef.md)
    private const string UndocumentedLetters = "MTlpst";

    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CliOptions();
        int i = 0;
        if (args.Count > 0 && args[0] == "store")
        {
            return ParseStore(args, options);
        }

        if (args.Count > 0 && args[0] == "serve")
        {
            return ParseServe(args, options);
        }

        // every option the tool does not take is named in one message, not only the first
        var refused = new List<string>();
        while (i < args.Count)
        {
            string arg = args[i++];
            try
            {
                if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
                {
                    ParseLong(arg, args, ref i, options);
                }
                else if (arg.Length >= 2 && arg[0] == '-' && arg != "-")
                {
                    ParseShort(arg, args, ref i, options);
                }
                else if (refused.Count == 0)
                {
                    throw new UsageException($"unexpected argument '{arg}': records are read from standard input or the definition's SetFile (see --help)");
                }

                // else: most likely the value of a refused option
            }
            catch (UnknownOptionException e)
            {
                refused.Add(e.Message);
            }
        }

        if (refused.Count > 0)
        {
            throw new UsageException(string.Join(Environment.NewLine, refused));
        }

        return options;
    }

    /// <summary>Fills what the command line did not give from a batch configuration: <c>key = value</c> lines, <c>#</c> comments.</summary>
    public static void ApplyConfiguration(CliOptions options, string text, string fileName)
    {
        var fromFile = new CliOptions();
        var seenVariables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var reader = new StringReader(text);
        int lineNumber = 0;
        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int equals = line.IndexOf('=');
            if (equals <= 0)
            {
                throw new UsageException($"{fileName}:{lineNumber}: expected 'key = value'");
            }

            string key = line.Substring(0, equals).Trim();
            string value = line.Substring(equals + 1).Trim();
            string where = $"{fileName}:{lineNumber}";
            string keyWhere = $"{where}: {key}";
            if (key.StartsWith("var.", StringComparison.OrdinalIgnoreCase) && key.Length > 4)
            {
                seenVariables[key.Substring(4)] = value;
                continue;
            }

            if (key is "help" or "version" or "var")
            {
                throw new UsageException($"{where}: '{key}' cannot be given in a batch configuration");
            }

            if (IsFlag(key))
            {
                SetFlag(key, ParseBoolean(value, where, key), fromFile);
            }
            else if (IsValued(key))
            {
                SetValued(key, value, keyWhere, fromFile);
            }
            else
            {
                throw new UsageException($"{where}: unknown key '{key}' (keys are long option names such as dry-run or max-errors, and var.NAME for variables)");
            }
        }

        options.TrustThumbprint ??= fromFile.TrustThumbprint;
        options.DryRun ??= fromFile.DryRun;
        options.ReportPath ??= fromFile.ReportPath;
        options.Inventory ??= fromFile.Inventory;
        options.MaxErrors ??= fromFile.MaxErrors;
        options.ScopeCache ??= fromFile.ScopeCache;
        options.BatchSize ??= fromFile.BatchSize;
        if (options.Now is null && options.NowWithOffset is null)
        {
            options.Now = fromFile.Now;
            options.NowWithOffset = fromFile.NowWithOffset;
        }

        options.TimeZoneId ??= fromFile.TimeZoneId;
        options.Progress ??= fromFile.Progress;
        foreach (var pair in seenVariables)
        {
            if (!options.Variables.ContainsKey(pair.Key))
            {
                options.Variables[pair.Key] = pair.Value;
            }
        }
    }

    private static CliOptions ParseServe(IReadOnlyList<string> args, CliOptions options)
    {
        options.Command = CliCommand.Serve;
        int i = 1;
        while (i < args.Count)
        {
            string arg = args[i++];
            if (arg is "--help" or "-h" or "-?")
            {
                options.Help = true;
            }
            else if (arg == "--store" || arg.StartsWith("--store=", StringComparison.Ordinal))
            {
                options.StorePath = LongValue(arg, "--store", args, ref i);
            }
            else if (arg == "--urls" || arg.StartsWith("--urls=", StringComparison.Ordinal))
            {
                foreach (var url in LongValue(arg, "--urls", args, ref i).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    options.Urls.Add(url);
                }
            }
            else if (arg == "--cert" || arg.StartsWith("--cert=", StringComparison.Ordinal))
            {
                options.CertificatePath = LongValue(arg, "--cert", args, ref i);
            }
            else if (arg == "--cert-password-env" || arg.StartsWith("--cert-password-env=", StringComparison.Ordinal))
            {
                options.CertificatePasswordVariable = LongValue(arg, "--cert-password-env", args, ref i);
            }
            else
            {
                throw new UsageException($"unknown argument '{arg}' for 'serve' (serve [--store PATH] [--urls https://127.0.0.1:5000] [--cert PFX [--cert-password-env NAME]])");
            }
        }

        if (options.CertificatePasswordVariable is not null && options.CertificatePath is null)
        {
            throw new UsageException("--cert-password-env names the password of a --cert file; give --cert PFX too");
        }

        return options;
    }

    private static CliOptions ParseStore(IReadOnlyList<string> args, CliOptions options)
    {
        if (args.Count < 2)
        {
            throw new UsageException("'store' needs a sub-command: store import FILE [--store PATH] or store export [--store PATH]");
        }

        options.Command = args[1] switch
        {
            "import" => CliCommand.StoreImport,
            "export" => CliCommand.StoreExport,
            _ => throw new UsageException($"unknown store sub-command '{args[1]}': use 'store import FILE' or 'store export'"),
        };
        int i = 2;
        while (i < args.Count)
        {
            string arg = args[i++];
            if (arg is "--help" or "-h" or "-?")
            {
                options.Help = true;
            }
            else if (arg == "--store" || arg.StartsWith("--store=", StringComparison.Ordinal))
            {
                options.StorePath = LongValue(arg, "--store", args, ref i);
            }
            else if (arg.StartsWith("-", StringComparison.Ordinal) && arg != "-")
            {
                throw new UsageException($"unknown option '{arg}' for 'store {args[1]}' (only --store PATH)");
            }
            else if (options.Command == CliCommand.StoreImport && options.StoreFile is null)
            {
                options.StoreFile = arg;
            }
            else
            {
                throw new UsageException($"unexpected argument '{arg}' for 'store {args[1]}'");
            }
        }

        if (options.Command == CliCommand.StoreImport && options.StoreFile is null && !options.Help)
        {
            throw new UsageException("'store import' needs the store file to load: store import FILE [--store PATH]");
        }

        return options;
    }

    private static void ParseShort(string arg, IReadOnlyList<string> args, ref int i, CliOptions options)
    {
        char letter = arg[1];
        if (UndocumentedLetters.IndexOf(letter) >= 0)
        {
            throw new UnknownOptionException($"option -{letter} is an undocumented TMSS10Sync option; tapetrack-sync does not guess its meaning and refuses it (see --help for what is supported)");
        }

        string? attached = arg.Length > 2 ? arg.Substring(2) : null;
        switch (letter)
        {
            case 'S':
                options.Logon = ShortValue(attached, "-S", args, ref i);
                break;
            case 'd':
                options.DefinitionPath = ShortValue(attached, "-d", args, ref i);
                break;
            case 'c':
                options.ConfigFile = ShortValue(attached, "-c", args, ref i);
                break;
            case 'a' when attached is null:
                options.AddVolumes = true;
                break;
            case 'A':
                options.DescriptionAttribute = ParseInt(ShortValue(attached, "-A", args, ref i), "-A", 0, 200);
                break;
            case 'F':
                options.FormatTestCount = ParseInt(ShortValue(attached, "-F", args, ref i), "-F", 1, int.MaxValue);
                break;
            case 'h' or '?' when attached is null:
                options.Help = true;
                break;
            default:
                throw new UnknownOptionException($"unknown option '{arg}' (see --help)");
        }
    }

    private static void ParseLong(string arg, IReadOnlyList<string> args, ref int i, CliOptions options)
    {
        int equals = arg.IndexOf('=');
        string name = (equals > 0 ? arg.Substring(2, equals - 2) : arg.Substring(2));
        string where = "--" + name;
        switch (name)
        {
            case "help" when equals < 0:
                options.Help = true;
                return;
            case "version" when equals < 0:
                options.Version = true;
                return;
            case "no-progress" when equals < 0:
                options.Progress = false;
                return;
            case "var":
            {
                string pair = LongValue(arg, where, args, ref i);
                int at = pair.IndexOf('=');
                if (at <= 0)
                {
                    throw new UsageException($"--var needs NAME=VALUE, not '{pair}'");
                }

                options.Variables[pair.Substring(0, at)] = pair.Substring(at + 1);
                return;
            }
        }

        if (IsFlag(name) && equals < 0)
        {
            SetFlag(name, true, options);
        }
        else if (IsValued(name))
        {
            SetValued(name, LongValue(arg, where, args, ref i), where, options);
        }
        else
        {
            throw new UnknownOptionException($"unknown option '{(equals > 0 ? arg.Substring(0, equals) : arg)}' (see --help)");
        }
    }

    private static bool IsFlag(string name) => name is "dry-run" or "inventory" or "progress";

    private static bool IsValued(string name) =>
        name is "trust-thumbprint" or "report" or "max-errors" or "scope-cache" or "batch-size" or "now" or "time-zone";

    private static void SetFlag(string name, bool value, CliOptions options)
    {
        switch (name)
        {
            case "dry-run":
                options.DryRun = value;
                break;
            case "inventory":
                options.Inventory = value;
                break;
            default:
                options.Progress = value;
                break;
        }
    }

    private static void SetValued(string name, string value, string where, CliOptions options)
    {
        switch (name)
        {
            case "trust-thumbprint":
                options.TrustThumbprint = ParseThumbprint(value, where);
                break;
            case "report":
                options.ReportPath = value.Length == 0 ? throw new UsageException($"{where} needs a file name, or - for standard output") : value;
                break;
            case "max-errors":
                options.MaxErrors = ParseInt(value, where, 0, int.MaxValue);
                break;
            case "scope-cache":
                options.ScopeCache = ParseInt(value, where, 1, int.MaxValue);
                break;
            case "batch-size":
                options.BatchSize = ParseInt(value, where, 1, int.MaxValue);
                break;
            case "now":
                ParseNow(value, where, options);
                break;
            default:
                options.TimeZoneId = value.Length == 0 ? throw new UsageException($"{where} needs a time zone id such as Europe/Paris or UTC") : value;
                break;
        }
    }

    private static string ShortValue(string? attached, string option, IReadOnlyList<string> args, ref int i)
    {
        if (attached is not null)
        {
            return attached;
        }

        if (i >= args.Count)
        {
            throw new UsageException($"option {option} needs a value");
        }

        return args[i++];
    }

    private static string LongValue(string arg, string option, IReadOnlyList<string> args, ref int i)
    {
        int equals = arg.IndexOf('=');
        if (equals > 0)
        {
            return arg.Substring(equals + 1);
        }

        if (i >= args.Count)
        {
            throw new UsageException($"option {option} needs a value");
        }

        return args[i++];
    }

    private static int ParseInt(string text, string option, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            string range = max == int.MaxValue ? $"{min} or more" : $"{min} to {max}";
            throw new UsageException($"{option} needs a whole number, {range}; got '{text}'");
        }

        return value;
    }

    private static bool ParseBoolean(string text, string where, string key) => text.ToUpperInvariant() switch
    {
        "TRUE" or "YES" or "Y" or "1" or "ON" => true,
        "FALSE" or "NO" or "N" or "0" or "OFF" => false,
        _ => throw new UsageException($"{where}: '{key}' needs true or false, not '{text}'"),
    };

    private static string ParseThumbprint(string text, string where)
    {
        string hex = text.Replace(":", string.Empty).Replace(" ", string.Empty).ToUpperInvariant();
        if (hex.Length != 64)
        {
            throw new UsageException($"{where} needs a SHA-256 thumbprint: 64 hexadecimal digits (colons allowed)");
        }

        foreach (char c in hex)
        {
            if (!Uri.IsHexDigit(c))
            {
                throw new UsageException($"{where} needs a SHA-256 thumbprint: 64 hexadecimal digits (colons allowed)");
            }
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
}
