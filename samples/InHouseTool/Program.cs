using System;
using System.Threading.Tasks;
using InHouseTool;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// appsettings.json beside the program, then the environment, then the command line (the host's defaults).
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddNightlySync();

using var host = builder.Build();
// Ctrl+C (and SIGTERM) stop the host: ApplicationStopping cancels the run between batches.
await host.StartAsync();
int exitCode = await host.Services.GetRequiredService<NightlySync>().RunAsync(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
await host.StopAsync();
return exitCode;
