using System;
using BenchmarkDotNet.Running;

namespace TapeTrack.Sync.Benchmarks;

public static class Program
{
    public static async System.Threading.Tasks.Task Main(string[] args)
    {
        if (Array.IndexOf(args, "--quick") >= 0)
        {
            await Quick.RunAsync().ConfigureAwait(false);
            return;
        }

        if (Array.IndexOf(args, "--breakdown") >= 0)
        {
            await Breakdown.RunAsync().ConfigureAwait(false);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
