using System;

namespace TapeTrack.Sync.Cli;

/// <summary>
/// One option of the tool: its spellings, the commands that take it, its help, and how its value is read into
/// <see cref="CliOptions"/>. <see cref="CliOptionTable"/> lists them all; the parser, the batch configuration,
/// the merge of the two and <c>--help</c> are driven by that one list.
/// </summary>
internal sealed class CliOption
{
    /// <summary>The long name without <c>--</c> (also the batch configuration key); <see langword="null"/> for a letter only.</summary>
    public string? Long { get; init; }

    /// <summary>The TMSS10Sync letter; <see langword="null"/> for a long option.</summary>
    public char? Letter { get; init; }

    /// <summary>The value's name in the help (<c>FILE</c>, <c>N</c>); <see langword="null"/> for a flag.</summary>
    public string? ValueName { get; init; }

    /// <summary>The help, one line per <c>\n</c>.</summary>
    public string Help { get; init; } = string.Empty;

    /// <summary>The commands that take the option.</summary>
    public CliCommands Commands { get; init; } = CliCommands.Sync;

    /// <summary>Whether the option is accepted only on the command line (not in a batch configuration), and why.</summary>
    public string? CommandLineOnly { get; init; }

    /// <summary>Whether the help lists it (aliases such as <c>-h</c> are not).</summary>
    public bool Hidden { get; init; }

    /// <summary>What the option sets: two options that set the same thing (<c>progress</c>, <c>no-progress</c>) share it, so the command line's one wins over the configuration's other.</summary>
    public string? Setting { get; init; }

    /// <summary>The setting a given value sets, when it depends on the value (<c>--var NAME=VALUE</c> sets <c>var.NAME</c>).</summary>
    public Func<string, string>? SettingOfValue { get; init; }

    /// <summary>
    /// Reads the value into the options: <c>(options, value, where)</c>; a flag gets <see langword="true"/> or
    /// <see langword="false"/> (<c>"True"</c>/<c>"False"</c>), <c>where</c> names the option or the configuration line for messages.
    /// </summary>
    public Action<CliOptions, string, string> Apply { get; init; } = static (_, _, _) => { };

    /// <summary>Whether the option takes a value.</summary>
    public bool TakesValue => ValueName is not null;

    /// <summary>How the command line spells it: <c>--dry-run</c> or <c>-S</c>.</summary>
    public string Spelling => Long is not null ? "--" + Long : "-" + Letter;

    /// <summary>What the merge of command line and configuration compares: <see cref="Setting"/>, else the spelling.</summary>
    /// <param name="value">The value given.</param>
    public string SettingKey(string value) => SettingOfValue?.Invoke(value) ?? Setting ?? Spelling;
}

/// <summary>The commands of the tool, as a set: which commands an option belongs to.</summary>
[Flags]
internal enum CliCommands
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>The sync and the format test.</summary>
    Sync = 1,

    /// <summary><c>store import</c>.</summary>
    StoreImport = 2,

    /// <summary><c>store export</c>.</summary>
    StoreExport = 4,

    /// <summary><c>store history</c>.</summary>
    StoreHistory = 8,

    /// <summary>Every <c>store</c> sub-command.</summary>
    Store = StoreImport | StoreExport | StoreHistory,

    /// <summary><c>serve</c>: the Framework Server host.</summary>
    Serve = 16,

    /// <summary>Every command.</summary>
    All = Sync | Store | Serve,
}
