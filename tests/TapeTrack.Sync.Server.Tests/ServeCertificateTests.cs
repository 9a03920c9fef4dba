using System;
using System.IO;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Server.Tests;

/// <summary><c>serve --cert</c> with a file that is not there says so (a usage error, exit 2), not that it is a bad PFX.</summary>
public sealed class ServeCertificateTests
{
    [Fact]
    public async Task Serve_with_a_certificate_file_that_does_not_exist_says_the_file_does_not_exist_and_exits_2()
    {
        using var folder = new TempFolder();
        Assert.Equal(0, (await Tool.RunAsync(folder.Path, null, "store", "import", SampleStore.Path, "--store", "store.db")).ExitCode);

        var missing = await Tool.RunAsync(folder.Path, null, "serve", "--store", "store.db", "--urls", "https://127.0.0.1:0", "--cert", "nope.pfx");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"tapetrack-sync: --cert: cannot load the certificate '{Path.Combine(folder.Path, "nope.pfx")}': the file does not exist", missing.Stderr.Split('\n')[0].TrimEnd('\r'));
        Assert.DoesNotContain("not a PFX file", missing.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", missing.Stdout, StringComparison.Ordinal);

        Directory.CreateDirectory(folder["certs"]);
        var directory = await Tool.RunAsync(folder.Path, null, "serve", "--store", "store.db", "--urls", "https://127.0.0.1:0", "--cert", "certs");
        Assert.Equal(2, directory.ExitCode);
        Assert.Equal($"tapetrack-sync: --cert: cannot load the certificate '{folder["certs"]}': it is a folder, not a PFX file", directory.Stderr.Split('\n')[0].TrimEnd('\r'));

        // a file that is there but is not a PFX keeps its message
        File.WriteAllText(folder["bad.pfx"], "not a certificate");
        var bad = await Tool.RunAsync(folder.Path, null, "serve", "--store", "store.db", "--urls", "https://127.0.0.1:0", "--cert", "bad.pfx");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal($"tapetrack-sync: --cert: cannot load the certificate '{folder["bad.pfx"]}': not a PFX file, or the wrong password", bad.Stderr.Split('\n')[0].TrimEnd('\r'));
    }
}
