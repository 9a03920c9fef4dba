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

            CheckPort(host, origin);
            return new(LogonKind.Remote, host);
        }

        // the string may be a mistyped user:password: never repeat it
        throw new UsageException($"the logon string of {origin} is not one of store:PATH, memory:PATH or user:password@host[:port]");
    }

    /// <summary>A port that is not a whole number from 1 to 65535 is a usage error (exit 2), found before anything is contacted.</summary>
    private static void CheckPort(string host, string origin)
    {
        // [IPv6]:port, or host:port
        int close = host.LastIndexOf(']');
        int colon = host.LastIndexOf(':');
        if (colon < 0 || colon < close || (close < 0 && host.IndexOf(':') != colon))
        {
            return;
        }

        string port = host.Substring(colon + 1);
        if (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number) || number < 1 || number > 65535)
        {
            throw new UsageException($"the logon string of {origin} has the port '{port}' after its host; a port is a whole number from 1 to 65535");
        }

        if (colon == 0 || (close >= 0 && close != colon - 1))
        {
            throw new UsageException($"the logon string of {origin} names no host before its port (user:password@host[:port])");
        }
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
