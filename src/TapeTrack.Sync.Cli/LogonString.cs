using System;

namespace TapeTrack.Sync.Cli;

/// <summary>
/// A logon string (<c>-S</c>, or <c>TAPETRACK_SERVER</c>): <c>store:PATH</c>, <c>memory:PATH</c> or
/// <c>user:password@host[:port]</c>. It never keeps the password, so nothing can print it.
/// </summary>
internal sealed class LogonString
{
    public const string StorePrefix = "store:";
    public const string MemoryPrefix = "memory:";

    private LogonString(LogonKind kind, string target)
    {
        Kind = kind;
        Target = target;
    }

    public LogonKind Kind { get; }

    /// <summary>The store file (<see cref="LogonKind.Store"/>, <see cref="LogonKind.Memory"/>) or the host and port (<see cref="LogonKind.Remote"/>).</summary>
    public string Target { get; }

    public static LogonString Store(string path) => new(LogonKind.Store, path);

    /// <summary>Reads a logon string; a malformed one is a usage error whose message never repeats the string.</summary>
    /// <param name="logon">The logon string.</param>
    /// <param name="origin">Where it came from, for the message: <c>-S</c> or <c>TAPETRACK_SERVER</c>.</param>
    public static LogonString Parse(string logon, string origin)
    {
        if (logon.StartsWith(StorePrefix, StringComparison.Ordinal))
        {
            return new(LogonKind.Store, PathAfter(logon, StorePrefix, origin));
        }

        if (logon.StartsWith(MemoryPrefix, StringComparison.Ordinal))
        {
            return new(LogonKind.Memory, PathAfter(logon, MemoryPrefix, origin));
        }

        int at = logon.LastIndexOf('@');
        if (at > 0)
        {
            string host = logon.Substring(at + 1);
            if (host.Length == 0)
            {
                throw new UsageException($"the logon string of {origin} names no host after '@' (user:password@host[:port])");
            }

            return new(LogonKind.Remote, host);
        }

        // the string may be a mistyped user:password: never repeat it
        throw new UsageException($"the logon string of {origin} is not one of store:PATH, memory:PATH or user:password@host[:port]");
    }

    private static string PathAfter(string logon, string prefix, string origin)
    {
        string path = logon.Substring(prefix.Length);
        if (path.Trim().Length == 0)
        {
            throw new UsageException($"the logon string of {origin} needs a file after '{prefix}'");
        }

        return path;
    }
}
