using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli.Tests;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;
}

/// <summary>Runs the tool in process, with its own working folder, variables, clock and standard input.</summary>
public sealed class CliRunner
{
    public CliRunner(string workingDirectory) => WorkingDirectory = workingDirectory;

    public string WorkingDirectory { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public bool StandardErrorIsTerminal { get; set; }

    /// <summary>The bytes of standard input, read as the definition's encoding; null: the text given to <see cref="RunAsync"/>.</summary>
    public string? StandardInputFile { get; set; }

    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync(string.Empty, args);

    public async Task<CliResult> RunWithInputAsync(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Stream? input = StandardInputFile is { } file ? File.OpenRead(file) : null;
        try
        {
            var env = new CliEnvironment(WorkingDirectory)
            {
                GetEnvironmentVariable = name => Environment.TryGetValue(name, out var value) ? value : null,
                TimeProvider = TimeProvider,
                StandardInput = input,
                StandardInputPath = StandardInputFile is { } path ? Path.GetFullPath(path) : null,
                StandardErrorIsTerminal = StandardErrorIsTerminal,
            };
            int code = await CliApp.RunAsync(args, new StringReader(stdin), stdout, stderr, env, CancellationToken.None);
            return new CliResult(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            input?.Dispose();
        }
    }
}
