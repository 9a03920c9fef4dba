using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using TapeTrack.Sync.Testing;

namespace TapeTrack.Sync.Cli.Tests;

// The runtime settings the tool is built with (docs/performance.md, "A nightly run is a first run"): the file the build
// writes beside the tool, and what the runtime does with it in a real run of the tool, as told by the JIT's own
// summary of what it compiled.
public class RuntimeSettingsTests
{
    private static string ToolDirectory => AppContext.BaseDirectory;

    [Fact]
    public void The_tool_is_built_without_the_dynamic_profile_and_without_the_delay_before_counting_calls()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(ToolDirectory, "tapetrack-sync.runtimeconfig.json")));
        var options = config.RootElement.GetProperty("runtimeOptions");
        var properties = options.GetProperty("configProperties");

        Assert.Equal(JsonValueKind.False, properties.GetProperty("System.Runtime.TieredPGO").ValueKind);
        Assert.Equal(0, properties.GetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs").GetInt32());

        // tiering itself stays on: a first run's start is not spent compiling every method optimised
        Assert.False(properties.TryGetProperty("System.Runtime.TieredCompilation", out _));
    }

    [Fact]
    public void The_tool_is_built_with_the_workstation_collector_without_background_collections()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(ToolDirectory, "tapetrack-sync.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        // the youngest generation's budget then follows the processor's cache instead of stopping at 6 MB
        Assert.Equal(JsonValueKind.False, properties.GetProperty("System.GC.Concurrent").ValueKind);
        Assert.False(properties.TryGetProperty("System.GC.Server", out _));
    }

    [Fact]
    public async Task A_short_run_of_the_tool_optimises_its_hot_methods_while_it_runs_and_instruments_none()
    {
        var usual = await CompiledAsync();
        var profiled = await CompiledAsync(("DOTNET_TieredPGO", "1"));

        // the hot methods of even ten records reach their optimised version within the run
        Assert.True(usual.Tier1 > 0, $"no method was optimised within the run ({usual.Methods} compiled)");
        Assert.Equal(0, usual.Instrumented);

        // the summary does show instrumented methods when the profile is on (the environment wins over the file)
        Assert.True(profiled.Instrumented > 0, $"no method was instrumented with DOTNET_TieredPGO=1 ({profiled.Methods} compiled)");
    }

    // the format test (-F) of the csv-source fixture through the real tool, with the JIT's summary of what it compiled
    // written among the tool's own output (a summary file of its own is closed at exit while a background compilation
    // may still write to it, which now and then aborts the process: a fault of that diagnostic, not of the tool)
    private static async Task<(int Methods, int Tier1, int Instrumented)> CompiledAsync(params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(ToolDirectory, "tapetrack-sync.dll"));
        foreach (var arg in new[] { "-F", "100", "-d", TestPaths.Fixture("csv-source", "csv_source.ttidef") })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_JitDisasmSummary"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(await File.ReadAllTextAsync(TestPaths.Fixture("csv-source", "CSV_source.csv")));
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        string output = await stdout;
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Contains("line 2: body VOLUME=000000L6", output, StringComparison.Ordinal);

        List<string> lines = output.Split('\n').Where(l => l.Contains("JIT compiled", StringComparison.Ordinal)).ToList();

        // a method optimised after call counting (not a loop's on-stack replacement, which needs no counting)
        int tier1 = lines.Count(l => l.Contains("[Tier1", StringComparison.Ordinal) && !l.Contains("OSR", StringComparison.Ordinal));
        return (lines.Count, tier1, lines.Count(l => l.Contains("Instrumented", StringComparison.Ordinal)));
    }
}
