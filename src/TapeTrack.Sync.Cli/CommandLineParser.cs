using System;
using System.Collections.Generic;
using System.IO;

namespace TapeTrack.Sync.Cli;

/// <summary>
/// Reads the command line and the batch configuration of <c>-c</c> through <see cref="CliOptionTable"/>: the
/// TMSS10Sync letters, the long options, and the <c>store</c> sub-commands. Anything else is a
/// <see cref="UsageException"/> that names it.
/// </summary>
internal static class CommandLineParser
{
    // TMSS10Sync letters whose meaning is not published: refused rather than guessed (ttidef.md)
    private const string UndocumentedLetters = "MTlpst";

    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CliOptions();
        int i = 0;
        CliCommands command = CliCommands.Sync;
        string commandName = string.Empty;
        if (args.Count > 0 && args[0] == "store")
        {
            if (args.Count < 2)
            {
                throw new UsageException("'store' needs a sub-command: store import FILE, store export or store history [--store PATH | --postgres CONNECTION]");
            }

            (options.Command, command) = args[1] switch
            {
                "import" => (CliCommand.StoreImport, CliCommands.StoreImport),
                "export" => (CliCommand.StoreExport, CliCommands.StoreExport),
                "history" => (CliCommand.StoreHistory, CliCommands.StoreHistory),
                _ => throw new UsageException($"unknown store sub-command '{args[1]}': use 'store import FILE', 'store export' or 'store history'"),
            };
            commandName = " for 'store " + args[1] + "'";
            i = 2;
        }
        else if (args.Count > 0 && args[0] == "serve")
        {
            (options.Command, command) = (CliCommand.Serve, CliCommands.Serve);
            commandName = " for 'serve'";
            i = 1;
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
                    ParseLong(arg, args, ref i, options, command, commandName);
                }
                else if (arg.Length >= 2 && arg[0] == '-' && arg != "-")
                {
                    ParseLetter(arg, args, ref i, options, command, commandName);
                }
                else if (command == CliCommands.StoreImport && options.StoreFile is null)
                {
                    options.StoreFile = arg;
                }
                else if (refused.Count == 0)
                {
                    throw new UsageException(command == CliCommands.Sync
                        ? $"unexpected argument '{arg}': records are read from standard input or the definition's SetFile (see --help)"
                        : $"unexpected argument '{arg}'{commandName}");
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

        if (options.StorePath is not null && options.Postgres is not null)
        {
            throw new UsageException("--store and --postgres name two stores: give one");
        }

        if (options.Command == CliCommand.StoreImport && options.StoreFile is null && !options.Help)
        {
            throw new UsageException("'store import' needs the store file to load: store import FILE [--store PATH]");
        }

        if (options.Command == CliCommand.Serve && options.CertificatePasswordVariable is not null && options.CertificatePath is null)
        {
            throw new UsageException("--cert-password-env names the password of a --cert file; give --cert PFX too");
        }

        return options;
    }

    /// <summary>
    /// Fills what the command line did not give from a batch configuration: <c>key = value</c> lines whose keys
    /// are the long option names (flags take true or false), <c>var.NAME = VALUE</c> for variables, <c>#</c> comments.
    /// Every line is checked, even one the command line overrides.
    /// </summary>
    public static void ApplyConfiguration(CliOptions options, string text, string fileName)
    {
        var checkedOnly = new CliOptions();
        var fromFile = new List<(CliOption Option, string Value, string Where)>();
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

            string where = $"{fileName}:{lineNumber}";
            int equals = line.IndexOf('=');
            if (equals <= 0)
            {
                throw new UsageException($"{where}: expected 'key = value'");
            }

            string key = line.Substring(0, equals).Trim();
            string value = line.Substring(equals + 1).Trim();
            if (key.StartsWith("var.", StringComparison.OrdinalIgnoreCase) && key.Length > 4)
            {
                value = key.Substring(4) + "=" + value;
                key = "var";
            }

            var option = CliOptionTable.FindLong(key, CliCommands.Sync)
                ?? throw new UsageException($"{where}: unknown key '{key}' (keys are long option names such as dry-run or max-errors, and var.NAME for variables)");
            if (option.CommandLineOnly is { } why)
            {
                throw new UsageException($"{where}: '{key}' {why}");
            }

            if (!option.TakesValue)
            {
                value = ParseBoolean(value, where, key) ? bool.TrueString : bool.FalseString;
            }

            string keyWhere = $"{where}: {key}";
            option.Apply(checkedOnly, value, keyWhere);
            fromFile.Add((option, value, keyWhere));
        }

        // the command line wins, setting by setting; within the file the last line wins
        foreach (var (option, value, where) in fromFile)
        {
            if (!options.Given.Contains(option.SettingKey(value)))
            {
                option.Apply(options, value, where);
            }
        }
    }

    private static void ParseLetter(string arg, IReadOnlyList<string> args, ref int i, CliOptions options, CliCommands command, string commandName)
    {
        char letter = arg[1];
        if (command == CliCommands.Sync && UndocumentedLetters.IndexOf(letter) >= 0)
        {
            throw new UnknownOptionException($"option -{letter} is an undocumented TMSS10Sync option; tapetrack-sync does not guess its meaning and refuses it (see --help for what is supported)");
        }

        string? attached = arg.Length > 2 ? arg.Substring(2) : null;
        var option = CliOptionTable.FindLetter(letter, command);
        if (option is null || (!option.TakesValue && attached is not null))
        {
            throw new UnknownOptionException($"unknown option '{arg}'{commandName} (see --help)");
        }

        string value = option.TakesValue ? attached ?? NextValue(option.Spelling, args, ref i) : bool.TrueString;
        option.Apply(options, value, option.Spelling);
        options.Given.Add(option.SettingKey(value));
    }

    private static void ParseLong(string arg, IReadOnlyList<string> args, ref int i, CliOptions options, CliCommands command, string commandName)
    {
        int equals = arg.IndexOf('=');
        string name = equals > 0 ? arg.Substring(2, equals - 2) : arg.Substring(2);
        var option = CliOptionTable.FindLong(name, command)
            ?? throw new UnknownOptionException($"unknown option '--{name}'{commandName} (see --help)");
        string value;
        if (option.TakesValue)
        {
            value = equals > 0 ? arg.Substring(equals + 1) : NextValue(option.Spelling, args, ref i);
        }
        else if (equals > 0)
        {
            throw new UnknownOptionException($"option '--{name}' takes no value (in a batch configuration: {name} = true)");
        }
        else
        {
            value = bool.TrueString;
        }

        option.Apply(options, value, option.Spelling);
        options.Given.Add(option.SettingKey(value));
    }

    private static string NextValue(string option, IReadOnlyList<string> args, ref int i)
    {
        if (i >= args.Count)
        {
            throw new UsageException($"option {option} needs a value");
        }

        return args[i++];
    }

    private static bool ParseBoolean(string text, string where, string key) => text.ToUpperInvariant() switch
    {
        "TRUE" or "YES" or "Y" or "1" or "ON" => true,
        "FALSE" or "NO" or "N" or "0" or "OFF" => false,
        _ => throw new UsageException($"{where}: '{key}' needs true or false, not '{text}'"),
    };
}
