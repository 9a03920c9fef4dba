using System;
using System.IO;
using System.Text.Json;

namespace TapeTrack.Sync.Cli.Tests;

// The runtime settings the tool is built with (docs/performance.md, "A nightly run is a first run"), as the build writes
// them beside the tool: the file these tests' copy of the tool runs with, as an installed tool does.
public class RuntimeSettingsTests
{
    [Fact]
    public void The_tool_runs_without_the_runtimes_dynamic_profile_and_keeps_its_other_settings()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "tapetrack-sync.runtimeconfig.json")));
        var options = config.RootElement.GetProperty("runtimeOptions");
        var properties = options.GetProperty("configProperties");

        Assert.Equal(JsonValueKind.False, properties.GetProperty("System.Runtime.TieredPGO").ValueKind);

        // tiering itself stays on: a first run's start is not spent compiling every method optimised
        Assert.False(properties.TryGetProperty("System.Runtime.TieredCompilation", out _));
        Assert.Equal("net10.0", options.GetProperty("tfm").GetString());
    }
}
