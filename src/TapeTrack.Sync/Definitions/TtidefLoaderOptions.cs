using System;
using System.Collections.Generic;

namespace TapeTrack.Sync.Definitions;

/// <summary>Options of a <see cref="TtidefLoader"/>. They are read once, when the loader is created.</summary>
public sealed class TtidefLoaderOptions
{
    /// <summary>The default of <see cref="MaxIncludeDepth"/>.</summary>
    public const int DefaultMaxIncludeDepth = 16;

    /// <summary>The default of <see cref="MaxFileSize"/>: 1 MiB.</summary>
    public const long DefaultMaxFileSize = 1024 * 1024;

    /// <summary>
    /// Variables for <c>%NAME%</c> in the definition's strings, given by the caller (API or command line).
    /// Names are matched case-insensitively; these win over <see cref="EnvironmentVariables"/>.
    /// </summary>
    /// <value>The default is an empty dictionary (names compared case-insensitively whatever comparer a given dictionary has).</value>
    public IDictionary<string, string> Variables { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Looks up a variable that the caller did not give; returns <see langword="null"/> when there is none.</summary>
    /// <value>The default is <see cref="Environment.GetEnvironmentVariable(string)"/>. <see langword="null"/> means no environment.</value>
    public Func<string, string?>? EnvironmentVariables { get; set; } = Environment.GetEnvironmentVariable;

    /// <summary>How deep <c>Include</c> statements may nest; the file given to the loader is depth 0.</summary>
    /// <value>The default is 16 (<see cref="DefaultMaxIncludeDepth"/>). It must be 0 or more.</value>
    public int MaxIncludeDepth { get; set; } = DefaultMaxIncludeDepth;

    /// <summary>The largest definition file (or included file, or text given to <see cref="TtidefLoader.Parse"/>) accepted, in bytes of UTF-8.</summary>
    /// <value>The default is 1 MiB (<see cref="DefaultMaxFileSize"/>). It must be at least 1.</value>
    public long MaxFileSize { get; set; } = DefaultMaxFileSize;
}
