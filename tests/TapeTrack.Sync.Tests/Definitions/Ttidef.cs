using System;
using System.Collections.Generic;
using System.Linq;
using TapeTrack.Sync.Definitions;

namespace TapeTrack.Sync.Tests.Definitions;

/// <summary>Loads definition text for tests; the source is named <c>t.ttidef</c>.</summary>
internal static class Ttidef
{
    public const string Name = "t.ttidef";

    /// <summary>What every definition needs; appended after the lines under test, so their positions stay put.</summary>
    public const string Required = "SetLiteral(CUSTOMER, \"US01\");\nSetLiteral(MEDIA, \"LTO\");\nExtract(VOLUME, 0, 8, 0);\n";

    public static TtidefLoader Loader(IDictionary<string, string>? variables = null, Func<string, string?>? environment = null) => new(new TtidefLoaderOptions
    {
        Variables = variables ?? new Dictionary<string, string>(),
        EnvironmentVariables = environment ?? (_ => null),
    });

    /// <summary>Loads <paramref name="lines"/> followed by <see cref="Required"/>.</summary>
    public static SyncDefinition Load(string lines, TtidefLoader? loader = null) => (loader ?? Loader()).Parse(lines + "\n" + Required, Name);

    /// <summary>Loads text as it is, expecting errors, and returns every diagnostic as the compiler-style line.</summary>
    public static string[] Fail(string text, TtidefLoader? loader = null)
    {
        var e = Assert.Throws<DefinitionException>(() => (loader ?? Loader()).Parse(text, Name));
        return e.Diagnostics.Select(d => d.ToString()).ToArray();
    }

    /// <summary>Loads <paramref name="lines"/> followed by <see cref="Required"/>, expecting errors.</summary>
    public static string[] FailWithRequired(string lines, TtidefLoader? loader = null) => Fail(lines + "\n" + Required, loader);

    public static string[] Warnings(SyncDefinition definition) => definition.Warnings.Select(d => d.ToString()).ToArray();
}
