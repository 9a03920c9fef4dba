using System;
using System.Collections.Generic;
using System.Text;

namespace TapeTrack.Sync.Odbc;

/// <summary>Shows an ODBC connection string with its secrets masked, and scrubs them from driver messages.</summary>
public static class OdbcConnectionStrings
{
    private const string Mask = "***";

    /// <summary>
    /// The connection string with the value of every secret key replaced by <c>***</c>, such as
    /// <c>Driver=SQLite3;Database=/data/t.db;PWD=***</c>: any key whose name holds <c>PWD</c>, <c>PASS</c>,
    /// <c>SECRET</c>, <c>TOKEN</c>, <c>KEY</c> or <c>CRED</c> (<c>PASSWORD</c>, <c>EncryptionKey</c>,
    /// <c>AccessToken</c>, ...), wherever it sits: a value that is itself a connection string
    /// (<c>ConnSettings=PWD=...</c>, <c>Options={UID=a;PWD=b}</c>) is masked the same way. Safe to log.
    /// </summary>
    /// <param name="connectionString">The connection string.</param>
    public static string Masked(string connectionString)
    {
        if (connectionString is null)
        {
            throw new ArgumentNullException(nameof(connectionString));
        }

        var text = new StringBuilder();
        foreach (var (key, value) in Parse(connectionString))
        {
            if (text.Length > 0)
            {
                text.Append(';');
            }

            text.Append(key);
            if (value is not null)
            {
                text.Append('=').Append(IsSecret(key) ? Mask : MaskNested(value, 0));
            }
        }

        return text.ToString();
    }

    /// <summary>A driver's message with any secret value of the connection string (and the whole string) replaced by <c>***</c>.</summary>
    /// <param name="message">The driver's message.</param>
    /// <param name="connectionString">The connection string.</param>
    internal static string Scrub(string message, string connectionString)
    {
        if (connectionString.Length > 0)
        {
            message = message.Replace(connectionString, Masked(connectionString));
        }

        var secrets = new List<string>();
        CollectSecrets(connectionString, secrets, 0);

        // the longest first, so that no part of a secret is left beside a mask
        secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
        foreach (var secret in secrets)
        {
            message = message.Replace(secret, Mask);
        }

        return message;
    }

    private const int MaxNesting = 8;

    private static readonly string[] SecretNameParts = { "PWD", "PASS", "SECRET", "TOKEN", "KEY", "CRED" };

    private static bool IsSecret(string key)
    {
        string upper = key.Trim().ToUpperInvariant();
        foreach (var part in SecretNameParts)
        {
            if (upper.Contains(part))
            {
                return true;
            }
        }

        return false;
    }

    // a value that is itself key=value pairs, bare or in braces, has its secrets masked too
    private static string MaskNested(string value, int depth)
    {
        if (depth >= MaxNesting || value.IndexOf('=') < 0)
        {
            return value;
        }

        var inner = Unbrace(value, out bool braced);
        var text = new StringBuilder();
        foreach (var (key, nested) in Parse(inner))
        {
            if (text.Length > 0)
            {
                text.Append(';');
            }

            text.Append(key);
            if (nested is not null)
            {
                text.Append('=').Append(IsSecret(key) ? Mask : MaskNested(nested, depth + 1));
            }
        }

        return braced ? "{" + text.ToString().Replace("}", "}}") + "}" : text.ToString();
    }

    private static void CollectSecrets(string connectionString, List<string> secrets, int depth)
    {
        foreach (var (key, value) in Parse(connectionString))
        {
            if (value is not { Length: > 0 })
            {
                continue;
            }

            if (IsSecret(key))
            {
                secrets.Add(value);
                var inner = Unbrace(value, out bool braced);
                if (braced && inner.Length > 0)
                {
                    secrets.Add(inner);
                }
            }
            else if (depth < MaxNesting && value.IndexOf('=') >= 0)
            {
                CollectSecrets(Unbrace(value, out _), secrets, depth + 1);
            }
        }
    }

    private static string Unbrace(string value, out bool braced)
    {
        var trimmed = value.Trim();
        braced = trimmed.Length >= 2 && trimmed[0] == '{' && trimmed[trimmed.Length - 1] == '}';
        return braced ? trimmed.Substring(1, trimmed.Length - 2).Replace("}}", "}") : value;
    }

    // key=value pairs separated by ';'; a value in braces may hold ';' and '}}' for '}' (the ODBC rules)
    private static IEnumerable<(string Key, string? Value)> Parse(string connectionString)
    {
        int i = 0;
        while (i < connectionString.Length)
        {
            int keyEnd = i;
            while (keyEnd < connectionString.Length && connectionString[keyEnd] is not ('=' or ';'))
            {
                keyEnd++;
            }

            string key = connectionString.Substring(i, keyEnd - i);
            if (keyEnd >= connectionString.Length || connectionString[keyEnd] == ';')
            {
                if (key.Trim().Length > 0)
                {
                    yield return (key, null);
                }

                i = keyEnd + 1;
                continue;
            }

            int valueStart = keyEnd + 1;
            int valueEnd = valueStart;
            if (valueStart < connectionString.Length && connectionString[valueStart] == '{')
            {
                valueEnd = valueStart + 1;
                while (valueEnd < connectionString.Length)
                {
                    if (connectionString[valueEnd] == '}')
                    {
                        if (valueEnd + 1 < connectionString.Length && connectionString[valueEnd + 1] == '}')
                        {
                            valueEnd += 2;
                            continue;
                        }

                        valueEnd++;
                        break;
                    }

                    valueEnd++;
                }
            }

            while (valueEnd < connectionString.Length && connectionString[valueEnd] != ';')
            {
                valueEnd++;
            }

            yield return (key, connectionString.Substring(valueStart, valueEnd - valueStart));
            i = valueEnd + 1;
        }
    }
}
