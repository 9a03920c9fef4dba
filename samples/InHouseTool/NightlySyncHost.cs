using System;
using System.IO;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using TapeTrack.Sync.Definitions;

namespace InHouseTool;

/// <summary>The tool's services, in one place.</summary>
public static class NightlySyncHost
{
    public static HostApplicationBuilder AddNightlySync(this HostApplicationBuilder builder)
    {
        // logs go to standard error, so standard output is the summary alone
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.Configure<NightlySyncOptions>(builder.Configuration.GetSection(NightlySyncOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IDefinitionLoader>(new TtidefLoader());
        builder.Services.AddSingleton<TextWriter>(Console.Out);
        builder.Services.AddSingleton<NightlySync>();
        return builder;
    }
}
