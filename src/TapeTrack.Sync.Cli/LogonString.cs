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

    public const int DefaultPort = 5000;

    // the password as the logon string gave it (a literal, $NAME, <PATH, ?): resolved only when the session opens
    private readonly string? _passwordForm;

    private LogonString(LogonKind kind, string target)
    {
        Kind = kind;
        Target = target;
    }

    private LogonString(string user, string passwordForm, string host, int port)
        : this(LogonKind.Remote, host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}")
    {
        UserName = user;
        _passwordForm = passwordForm;
        Host = host;
        Port = port;
    }

    /// <summary>The user of a remote logon.</summary>
    public string? UserName { get; }

    /// <summary>The host of a remote logon (an IPv6 address without brackets).</summary>
    public string? Host { get; }

    /// <summary>The port of a remote logon.</summary>
    public int Port { get; }

    /// <summary>The server's address, <c>https://host:port/</c>.</summary>
    public Uri Address => new("https://" + Target + "/");

    /// <summary>
    /// The password of a remote logon: <c>-secret</c> literal, <c>$NAME</c> an environment variable, <c>&lt;PATH</c> the
    /// first line of a file, <c>?</c> asked on the terminal, anything else as given (32 upper-case hex digits are the
    /// MD5 hash of the password, sent as is). The messages name where the password was looked for, never the password.
    /// </summary>
    public string ResolvePassword(CliEnvironment env, System.Threading.CancellationToken cancellationToken = default)
    {
        string form = _passwordForm ?? string.Empty;
        if (form.StartsWith('-'))
        {
            return form.Substring(1);
        }

        if (form.StartsWith('$') && form.Length > 1)
        {
            string name = form.Substring(1);
            return env.GetEnvironmentVariable(name)
                ?? throw new UsageException($"the password of the logon string is the environment variable {name}, which is not set");
        }

        if (form.StartsWith('<') && form.Length > 1)
        {
            string path = env.Resolve(form.Substring(1));
            try
            {
                using var reader = new System.IO.StreamReader(path);
                return reader.ReadLine() ?? string.Empty;
            }
            catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"the password file '{path}' of the logon string cannot be read: {e.Message}");
            }
        }

        if (form == "?")
        {
            return env.ReadPassword?.Invoke($"Password for {UserName}@{Target}: ", cancellationToken)
                ?? throw new UsageException("the logon string asks for the password (?), but there is no terminal to ask on");
        }

        return form;
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
            string hostAndPort = logon.Substring(at + 1);
            if (hostAndPort.Length == 0)
            {
                throw new UsageException($"the logon string of {origin} names no host after '@' (user:password@host[:port])");
            }

            // never repeat what comes before the '@': it holds the password
            string credentials = logon.Substring(0, at);
            int colon = credentials.IndexOf(':');
            if (colon <= 0)
            {
                throw new UsageException($"the logon string of {origin} needs user:password before the '@' (user:password@host[:port])");
            }

            var (host, port) = ParseHost(hostAndPort, origin);
            return new LogonString(credentials.Substring(0, colon), credentials.Substring(colon + 1), host, port);
        }

        // the string may be a mistyped user:password: never repeat it
        throw new UsageException($"the logon string of {origin} is not one of store:PATH, memory:PATH or user:password@host[:port]");
    }

    private static (string Host, int Port) ParseHost(string text, string origin)
    {
        string host = text;
        string? portText = null;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                throw new UsageException($"the logon string of {origin} has a malformed IPv6 host '{text}' (use [address]:port)");
            }

            host = text.Substring(1, close - 1);
            portText = close + 1 < text.Length ? text.Substring(close + 2) : null;
        }
        else
        {
            int colon = text.LastIndexOf(':');
            if (colon >= 0)
            {
                host = text.Substring(0, colon);
                portText = text.Substring(colon + 1);
            }
        }

        if (host.Length == 0)
        {
            throw new UsageException($"the logon string of {origin} names no host before its port (user:password@host[:port])");
        }

        if (host.IndexOfAny(new[] { '/', '?', '#', ' ', '@', '\\' }) >= 0 || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw new UsageException($"the logon string of {origin} has a malformed host '{host}'");
        }

        int port = DefaultPort;
        if (portText is not null
            && (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new UsageException($"the logon string of {origin} has the port '{portText}' after its host; a port is a whole number from 1 to 65535");
        }

        return (host, port);
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
