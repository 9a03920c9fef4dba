using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using TapeTrack.Sync.Definitions;

namespace TapeTrack.Sync.Tests.Definitions;

public sealed class TtidefIncludeAndFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ttidef-tests-" + Guid.NewGuid().ToString("N"));

    public TtidefIncludeAndFileTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Include_is_resolved_from_the_including_files_folder()
    {
        var main = Write("main.ttidef", "Include(\"parts/common.ttidef\");\n" + Ttidef.Required);
        Write("parts/common.ttidef", "Include(\"more.ttidef\");\nSetLiteral(SYSTEM, \"SYS1\");\n");
        Write("parts/more.ttidef", "SetLiteral(SLOT, \"S1\");\n");

        var definition = await Ttidef.Loader().LoadAsync(main);

        Assert.Equal(main, definition.SourceName);
        Assert.Equal(
            new[] { new LiteralValue(SyncField.Slot, "S1"), new LiteralValue(SyncField.System, "SYS1") },
            definition.Literals.Take(2));
    }

    [Fact]
    public async Task Included_statements_take_the_place_of_the_Include()
    {
        var main = Write("main.ttidef", "AddTranslation(SLOT, \"A\", \"1\");\nInclude(\"b.ttidef\");\nAddTranslation(SLOT, \"C\", \"3\");\n" + Ttidef.Required);
        Write("b.ttidef", "AddTranslation(SLOT, \"B\", \"2\");\n");

        var definition = await Ttidef.Loader().LoadAsync(main);

        Assert.Equal(new[] { "A", "B", "C" }, definition.Translations.Select(t => t.Filter.Text));
    }

    [Fact]
    public async Task A_file_included_twice_without_a_cycle_is_read_twice()
    {
        var main = Write("main.ttidef", "Include(\"x.ttidef\");\nInclude(\"x.ttidef\");\n" + Ttidef.Required);
        Write("x.ttidef", "AddExclusionOnValue(VOLUME, \"CLN*\");\n");

        var definition = await Ttidef.Loader().LoadAsync(main);

        Assert.Equal(2, definition.Exclusions.Count);
    }

    [Fact]
    public void Include_from_parsed_text_is_resolved_from_the_current_directory()
    {
        var part = Write("part.ttidef", Ttidef.Required);
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), part);

        var definition = Ttidef.Loader().Parse($"Include(\"{relative}\");");

        Assert.Equal(3, definition.Literals.Count + definition.Extractions.Count);
    }

    [Fact]
    public async Task Include_path_may_use_variables()
    {
        Write("site.ttidef", Ttidef.Required);
        var loader = Ttidef.Loader(new System.Collections.Generic.Dictionary<string, string> { ["SITE"] = "site" });
        var main = Write("main.ttidef", "Include(\"%SITE%.ttidef\");");

        var definition = await loader.LoadAsync(main);

        Assert.Contains(new LiteralValue(SyncField.Customer, "US01"), definition.Literals);
    }

    [Fact]
    public async Task An_error_in_an_included_file_names_that_file_and_position()
    {
        var main = Write("main.ttidef", "# heading\nInclude(\"bad.ttidef\");\n" + Ttidef.Required);
        var bad = Write("bad.ttidef", "\n  SetLiteral(SLOTT, \"x\");\n");

        var e = await Assert.ThrowsAsync<DefinitionException>(() => Ttidef.Loader().LoadAsync(main).AsTask());

        Assert.Equal(new[] { $"{bad}:2:14: error: unknown field 'SLOTT'; did you mean 'SLOT'?" }, e.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public async Task An_include_cycle_is_an_error_at_the_include_that_closes_it()
    {
        var a = Write("a.ttidef", "Include(\"b.ttidef\");\n" + Ttidef.Required);
        var b = Write("b.ttidef", "\nInclude(\"a.ttidef\");\n");

        var e = await Assert.ThrowsAsync<DefinitionException>(() => Ttidef.Loader().LoadAsync(a).AsTask());

        Assert.Equal(new[] { $"{b}:2:9: error: include cycle: {a} -> {b} -> {a}" }, e.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public async Task A_file_including_itself_is_a_cycle()
    {
        var a = Write("self.ttidef", "Include(\"self.ttidef\");\n" + Ttidef.Required);

        var e = await Assert.ThrowsAsync<DefinitionException>(() => Ttidef.Loader().LoadAsync(a).AsTask());

        Assert.Equal(new[] { $"{a}:1:9: error: include cycle: {a} -> {a}" }, e.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public async Task Includes_nest_sixteen_deep_but_not_seventeen()
    {
        // f0 is the file loaded (depth 0); f16 is at depth 16.
        string Chain(int last)
        {
            for (int i = 0; i < last; i++)
            {
                Write($"d{last}/f{i}.ttidef", $"Include(\"f{i + 1}.ttidef\");\n");
            }

            Write($"d{last}/f{last}.ttidef", Ttidef.Required);
            return Path.Combine(_dir, $"d{last}", "f0.ttidef");
        }

        var deep = await Ttidef.Loader().LoadAsync(Chain(16));
        var e = await Assert.ThrowsAsync<DefinitionException>(() => Ttidef.Loader().LoadAsync(Chain(17)).AsTask());

        Assert.Equal(3, deep.Literals.Count + deep.Extractions.Count);
        var f16 = Path.Combine(_dir, "d17", "f16.ttidef");
        var f17 = Path.Combine(_dir, "d17", "f17.ttidef");
        Assert.Equal($"{f16}:1:9: error: cannot include '{f17}': includes are nested more than 16 deep (MaxIncludeDepth)", e.Diagnostics[0].ToString());
    }

    [Fact]
    public async Task A_missing_include_is_an_error_naming_it()
    {
        var main = Write("main.ttidef", Ttidef.Required + "Include(\"nothere.ttidef\");\n");

        var e = await Assert.ThrowsAsync<DefinitionException>(() => Ttidef.Loader().LoadAsync(main).AsTask());

        Assert.Equal($"{main}:4:9: error: cannot include '{Path.Combine(_dir, "nothere.ttidef")}': the file does not exist", Assert.Single(e.Diagnostics).ToString());
    }

    [Fact]
    public async Task Including_a_folder_is_an_error_naming_it()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "folder"));
        var main = Write("main.ttidef", Ttidef.Required + "Include(\"folder\");\n");

        var e = await Assert.ThrowsAsync<DefinitionException>(() => Ttidef.Loader().LoadAsync(main).AsTask());

        Assert.Equal($"{main}:4:9: error: cannot include '{Path.Combine(_dir, "folder")}': it is a folder, not a file", Assert.Single(e.Diagnostics).ToString());
    }

    [Fact]
    public async Task An_include_over_the_size_limit_is_refused()
    {
        Write("big.ttidef", new string('#', 200));
        var main = Write("main.ttidef", "Include(\"big.ttidef\");\n" + Ttidef.Required);
        var loader = new TtidefLoader(new TtidefLoaderOptions { MaxFileSize = 150, EnvironmentVariables = null });

        var e = await Assert.ThrowsAsync<DefinitionException>(() => loader.LoadAsync(main).AsTask());

        Assert.Equal($"{main}:1:9: error: cannot include '{Path.Combine(_dir, "big.ttidef")}': it is 200 bytes or more, over the limit of 150 bytes (MaxFileSize)", Assert.Single(e.Diagnostics).ToString());
    }

    [Fact]
    public async Task A_definition_over_one_MiB_is_refused()
    {
        var big = Write("big.ttidef", Ttidef.Required + new string('#', 1024 * 1024));

        var e = await Assert.ThrowsAsync<DefinitionException>(() => Ttidef.Loader().LoadAsync(big).AsTask());

        var diagnostic = Assert.Single(e.Diagnostics);
        Assert.Equal((big, 0, DiagnosticSeverity.Error), (diagnostic.File, diagnostic.Line, diagnostic.Severity));
        var size = (Ttidef.Required.Length + (1024 * 1024)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"{big}: error: cannot load the definition '{big}': it is {size} bytes or more, over the limit of 1,048,576 bytes (MaxFileSize)", diagnostic.ToString());
    }

    [Fact]
    public async Task A_definition_of_exactly_one_MiB_loads()
    {
        var text = Ttidef.Required;
        var file = Write("exact.ttidef", text + new string('#', (1024 * 1024) - text.Length));

        var definition = await Ttidef.Loader().LoadAsync(file);

        Assert.Equal(2, definition.Literals.Count);
    }

    [Fact]
    public void Parsed_text_over_the_limit_is_refused()
    {
        var e = Assert.Throws<DefinitionException>(() => Ttidef.Loader().Parse(new string(' ', (1024 * 1024) + 1), "big"));

        Assert.Equal("big: error: cannot load the definition 'big': it is 1,048,577 bytes or more, over the limit of 1,048,576 bytes (MaxFileSize)", Assert.Single(e.Diagnostics).ToString());
    }

    [Fact]
    public async Task A_missing_definition_is_refused_with_a_clear_error()
    {
        var missing = Path.Combine(_dir, "missing.ttidef");

        var e = await Assert.ThrowsAsync<DefinitionException>(() => Ttidef.Loader().LoadAsync(missing).AsTask());

        Assert.Equal($"{missing}: error: cannot load the definition '{missing}': the file does not exist", Assert.Single(e.Diagnostics).ToString());
    }

    [Fact]
    public async Task A_folder_given_as_the_definition_is_refused()
    {
        var e = await Assert.ThrowsAsync<DefinitionException>(() => Ttidef.Loader().LoadAsync(_dir).AsTask());

        Assert.Equal($"{_dir}: error: cannot load the definition '{_dir}': it is a folder, not a file", Assert.Single(e.Diagnostics).ToString());
    }

    [Fact]
    public async Task A_cancelled_load_throws_OperationCanceledException()
    {
        var main = Write("main.ttidef", Ttidef.Required);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ttidef.Loader().LoadAsync(main, new System.Threading.CancellationToken(true)).AsTask());
    }

    [Fact]
    public void Options_are_checked_when_the_loader_is_made()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TtidefLoader(new TtidefLoaderOptions { MaxIncludeDepth = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TtidefLoader(new TtidefLoaderOptions { MaxFileSize = 0 }));
        Assert.Equal((16, 1024L * 1024), (new TtidefLoaderOptions().MaxIncludeDepth, new TtidefLoaderOptions().MaxFileSize));
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
