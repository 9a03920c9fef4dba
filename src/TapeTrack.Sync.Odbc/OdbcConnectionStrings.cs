using System;
using System.Collections.Generic;
using System.Text;

namespace TapeTrack.Sync.Odbc;

/// <summary>Shows an ODBC connection string with its secrets masked, and scrubs them from driver messages.</summary>
public static class OdbcConnectionStrings
{
    private const string Mask = "***";

    /// <summary>
    /// The connection string with the value of every secret key (<c>PWD</c>, <c>PASSWORD</c> and any key holding
    /// <c>PWD</c>, <c>PASSWORD</c>, <c>SECRET</c> or <c>TOKEN</c>) replaced by <c>***</c>, such as
    /// <c>Driver=SQLite3;Database=/data/t.db;PWD=***</c>. Safe to log.
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
                text.Append('=').Append(IsSecret(key) ? Mask : value);
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

        foreach (var (key, value) in Parse(connectionString))
        {
            if (value is { Length: > 0 } && IsSecret(key))
            {
                message = message.Replace(value, Mask);
            }
        }

        return message;
    }

    private static bool IsSecret(string key)
    {
        string upper = key.Trim().ToUpperInvariant();
        return upper.Contains("PWD") || upper.Contains("PASSWORD") || upper.Contains("SECRET") || upper.Contains("TOKEN");
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
