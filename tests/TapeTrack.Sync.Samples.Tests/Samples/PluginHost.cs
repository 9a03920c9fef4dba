using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using TapeTrack.Sync.Engine;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Samples.Tests.Samples;

/// <summary>
/// What a backup product does with a TapeTrack plug-in it did not compile against: load the assembly into a
/// context of its own (sharing the TapeTrack.Sync contract with the host), find the entry type the assembly's
/// <c>TapeTrack.Sync.Plugin</c> metadata names, and drive it: plan, ask the operator, apply.
/// </summary>
internal sealed class PluginHost
{
    private readonly object _plugin;
    private readonly MethodInfo _plan;
    private readonly MethodInfo _apply;

    private PluginHost(object plugin)
    {
        _plugin = plugin;
        var type = plugin.GetType();
        _plan = type.GetMethod("PlanAsync", new[] { typeof(CancellationToken) }) ?? throw new InvalidOperationException($"{type} has no PlanAsync(CancellationToken)");
        _apply = type.GetMethod("ApplyAsync", new[] { typeof(IReadOnlyList<SyncChange>), typeof(CancellationToken) }) ?? throw new InvalidOperationException($"{type} has no ApplyAsync(IReadOnlyList<SyncChange>, CancellationToken)");
    }

    public Assembly Assembly => _plugin.GetType().Assembly;

    public static PluginHost Load(string path, IServerSession session, ILogger logger)
    {
        var context = new PluginLoadContext(path);
        var assembly = context.LoadFromAssemblyPath(path);
        var typeName = assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "TapeTrack.Sync.Plugin")?.Value
            ?? throw new InvalidOperationException($"{path} names no TapeTrack.Sync.Plugin type");
        var type = assembly.GetType(typeName, throwOnError: true)!;
        return new PluginHost(Activator.CreateInstance(type, session, logger)!);
    }

    public Task<IReadOnlyList<SyncChange>> PlanAsync(CancellationToken cancellationToken = default) =>
        (Task<IReadOnlyList<SyncChange>>)Invoke(_plan, cancellationToken);

    public Task<SyncResult> ApplyAsync(IReadOnlyList<SyncChange> approved, CancellationToken cancellationToken = default) =>
        (Task<SyncResult>)Invoke(_apply, approved, cancellationToken);

    private object Invoke(MethodInfo method, params object[] args)
    {
        try
        {
            return method.Invoke(_plugin, args)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    /// <summary>The plug-in's own dependencies from its folder; the contract it shares with the host from the host.</summary>
    private sealed class PluginLoadContext : AssemblyLoadContext
    {
        private static readonly HashSet<string> Shared = new(StringComparer.OrdinalIgnoreCase)
        {
            "TapeTrack.Sync", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.DependencyInjection.Abstractions",
            "Microsoft.Bcl.AsyncInterfaces", "Microsoft.Bcl.TimeProvider", "System.IO.Pipelines",
        };

        private readonly AssemblyDependencyResolver _resolver;

        public PluginLoadContext(string path)
            : base("plugin:" + path, isCollectible: true) => _resolver = new AssemblyDependencyResolver(path);

        protected override Assembly? Load(AssemblyName name)
        {
            if (Shared.Contains(name.Name!))
            {
                return null; // the host's copy: a SyncChange from the plug-in is a SyncChange to the host
            }

            var path = _resolver.ResolveAssemblyToPath(name);
            return path is null ? null : LoadFromAssemblyPath(path);
        }
    }
}
