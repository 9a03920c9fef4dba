using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using TapeTrack.Sync.Cli;

namespace TapeTrack.Sync.Server.Tests;

/// <summary>
/// Issue 13, secrets: whole runs of the tool with a password or a connection string in every form it accepts, each
/// right and wrong, and everything they produce captured (stdout, stderr, the report file, the report on stdout, the
/// server's log) and searched for the secret. cli.md: "A password is never printed, logged, or put in a report or
/// exception message."
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SecretsCaptureTests(PostgresCluster cluster)
{
    private const string Secret = "S3cr3t-Pa55-q7Zk";

    private static readonly string SecretMd5 = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(Secret)));

    /// <summary>Everything a run showed anyone; the secret, its MD5 form (both cases) and the wrong secret must be in none.</summary>
    private sealed class Capture
    {
        private readonly List<(string What, string Text)> _texts = new();

        public void Add(string what, string text) => _texts.Add((what, text));

        public void Add(string what, ToolResult result)
        {
            Add(what + " stdout", result.Stdout);
            Add(what + " stderr", result.Stderr);
        }

        public void AddFile(string what, string path)
        {
            if (File.Exists(path))
            {
                Add(what, File.ReadAllText(path));
                File.Delete(path);
            }
        }

        public void AssertNoSecret(params string[] secrets)
        {
            Assert.True(_texts.Count > 0);
            foreach (var (what, text) in _texts)
            {
                foreach (string secret in secrets)
                {
                    Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{what} holds the secret '{secret}':\n{text}");
                }

                Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
            }
        }
    }

    private static string StoreWithUser(string user, string password) => File.ReadAllText(SampleStore.Path).Replace(
        "\"users\": [ { \"name\": \"batch\", \"password\": \"batch\" } ]",
        $"\"users\": [ {{ \"name\": \"batch\", \"password\": \"batch\" }}, {{ \"name\": \"{user}\", \"password\": \"{password}\" }} ]",
        StringComparison.Ordinal);

    [Fact]
    public async Task Every_password_form_of_the_logon_string_right_or_wrong_stays_out_of_every_output_report_and_log()
    {
        await using var host = await ServerHost.StartAsync(Sessions.StoreDocument.Parse(StoreWithUser("ops", Secret)));
        using var folder = new TempFolder();
        folder.Write("pw.txt", Secret + "\nnot this line\n");
        folder.Write("wrong.txt", "W" + Secret + "\n");
        var variables = new Dictionary<string, string> { ["OPS_PW"] = Secret, ["WRONG_PW"] = "W" + Secret };
        var capture = new Capture();
        string[] Common(string logon, params string[] extra) =>
            new[] { "-S", logon, "-d", Tool.CsvDefinition, "--now", "2026-11-25T06:00:00", "--trust-thumbprint", host.Thumbprint }.Concat(extra).ToArray();

        var forms = new (string Right, string Wrong)[]
        {
            (Secret, "W" + Secret), ("-" + Secret, "-W" + Secret), ("$OPS_PW", "$WRONG_PW"), ("<pw.txt", "<wrong.txt"), (SecretMd5, SecretMd5[..^1] + (SecretMd5[^1] == 'A' ? "B" : "A")),
        };
        foreach (var (right, wrong) in forms)
        {
            var dryRun = await Tool.RunAsync(folder.Path, Tool.CsvReport, variables, CancellationToken.None, Common($"ops:{right}@{host.HostAndPort}", "--dry-run", "--report", "report.json", "--progress"));
            Assert.True(dryRun.ExitCode == 0, right + ": " + dryRun.All);
            capture.Add(right + " dry run", dryRun);
            capture.AddFile(right + " report", folder["report.json"]);

            var toStdout = await Tool.RunAsync(folder.Path, Tool.CsvReport, variables, CancellationToken.None, Common($"ops:{right}@{host.HostAndPort}", "--dry-run", "--report", "-"));
            Assert.True(toStdout.ExitCode == 0, right + ": " + toStdout.All);
            Assert.Contains("\"dryRun\": true", toStdout.Stdout, StringComparison.Ordinal);
            capture.Add(right + " report on stdout", toStdout);

            var refused = await Tool.RunAsync(folder.Path, Tool.CsvReport, variables, CancellationToken.None, Common($"ops:{wrong}@{host.HostAndPort}", "--report", "refused.json"));
            Assert.Equal(3, refused.ExitCode);
            capture.Add(wrong + " refused", refused);
            capture.AddFile(wrong + " report", folder["refused.json"]);

            // a host that does not answer, and a malformed logon string (no host): usage and connection errors
            var unreachable = await Tool.RunAsync(folder.Path, Tool.CsvReport, variables, CancellationToken.None, Common($"ops:{right}@127.0.0.1:1"));
            Assert.Equal(3, unreachable.ExitCode);
            capture.Add(right + " unreachable", unreachable);
            var malformed = await Tool.RunAsync(folder.Path, Tool.CsvReport, variables, CancellationToken.None, Common($"ops:{right}@"));
            Assert.Equal(2, malformed.ExitCode);
            capture.Add(right + " malformed", malformed);
        }

        // the logon string from the environment, and the real run that applies the changes
        var fromEnvironment = new Dictionary<string, string>(variables) { ["TAPETRACK_SERVER"] = $"ops:{Secret}@{host.HostAndPort}" };
        var real = await Tool.RunAsync(folder.Path, Tool.CsvReport, fromEnvironment, CancellationToken.None, "-d", Tool.CsvDefinition, "--trust-thumbprint", host.Thumbprint, "--report", "real.json");
        Assert.True(real.ExitCode == 0, real.All);
        Assert.Equal(3, real.Statistic("Volumes updated:"));
        capture.Add("TAPETRACK_SERVER run", real);
        capture.AddFile("TAPETRACK_SERVER report", folder["real.json"]);

        capture.Add("server log", host.Log.Text);
        Assert.Contains("ops", host.Log.Text, StringComparison.Ordinal);
        capture.AssertNoSecret(Secret, "W" + Secret, SecretMd5);
    }

    [Fact]
    public async Task Every_form_of_an_odbc_connection_string_secret_stays_out_of_every_output()
    {
        using var folder = new TempFolder();
        Assert.Equal(0, (await Tool.RunAsync(folder.Path, null, "store", "import", SampleStore.Path, "--store", "store.db")).ExitCode);
        string database = folder["vault.sqlite"];
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE vault (volume TEXT NOT NULL, location TEXT); INSERT INTO vault VALUES ('000001L6', 'Offsite'), ('000006L6', 'NOWH');";
            command.ExecuteNonQuery();
        }

        var capture = new Capture();
        var secrets = new[] { $"PWD={Secret}", $"Password={Secret}", $"pwd = {{{Secret}}}", $"ConnSettings=PWD={Secret}", $"Options={{UID=a;PWD={Secret}}}", $"EncryptionKey={Secret}", $"AuthToken={Secret}" };
        foreach (string secret in secrets)
        {
            foreach (var (what, connection, query) in new[]
            {
                ("works", $"Driver=SQLite3;Database={database};{secret};UID=ops", "SELECT volume, location FROM vault ORDER BY volume"),
                ("bad query", $"Driver=SQLite3;Database={database};{secret}", "SELECT nothing FROM nowhere"),
                ("no driver", $"Driver=NoSuchDriver;{secret};Database={database}", "SELECT volume, location FROM vault"),
            })
            {
                folder.Write("odbc.ttidef", $$"""
                    SetODBC("{{connection.Replace("\"", "\\\"", StringComparison.Ordinal)}}", "{{query}}");
                    SetLiteral(CUSTOMER, "US01");
                    SetLiteral(MEDIA, "LTO");
                    Extract(VOLUME, 1, 10, 0);
                    Extract(REPOSITORY, 2, 20, 0);
                    AddTranslation(REPOSITORY, "Offsite", "OFFS");
                    """);
                var formatTest = await Tool.RunAsync(folder.Path, null, "-F", "5", "-d", "odbc.ttidef");
                var sync = await Tool.RunAsync(folder.Path, null, "-S", "store:store.db", "-d", "odbc.ttidef", "--report", "report.json", "--dry-run");
                if (what == "works")
                {
                    Assert.True(formatTest.ExitCode == 0, secret + ": " + formatTest.All);
                    Assert.Equal(1, sync.ExitCode); // 'NOWH' is no repository: a record error, which names the record, not the source
                    Assert.Contains("NOWH", sync.Stderr, StringComparison.Ordinal);
                }
                else
                {
                    Assert.NotEqual(0, sync.ExitCode);
                    Assert.NotEqual(0, formatTest.ExitCode);
                }

                capture.Add($"{secret} {what} -F", formatTest);
                capture.Add($"{secret} {what} sync", sync);
                capture.AddFile($"{secret} {what} report", folder["report.json"]);
            }
        }

        capture.AssertNoSecret(Secret);
    }

    [Fact]
    public async Task A_postgres_connection_string_secret_stays_out_of_every_output_of_store_commands_and_serve()
    {
        using var folder = new TempFolder();
        folder.Write("store.json", StoreWithUser("ops", Secret));
        string good = await cluster.CreateDatabaseAsync();
        var capture = new Capture();

        // the right password (import, export, history), a wrong one in each keyword form, and a server that does not answer
        var import = await Tool.RunAsync(folder.Path, null, "store", "import", "store.json", "--postgres", good);
        Assert.True(import.ExitCode == 0, import.All);
        capture.Add("import", import);
        var export = await Tool.RunAsync(folder.Path, null, "store", "export", "--postgres", good);
        Assert.True(export.ExitCode == 0, export.All);
        Assert.DoesNotContain("\"password\"", export.Stdout, StringComparison.Ordinal);
        capture.Add("export", export);
        capture.Add("history", await Tool.RunAsync(folder.Path, null, "store", "history", "--postgres", good));

        string wrongBase = $"Host={cluster.Host};Port={cluster.Port};Username=postgres;Database=postgres";
        foreach (string wrong in new[] { $"{wrongBase};Password={Secret}", $"{wrongBase};PWD={Secret}", $"{wrongBase};Password='{Secret}';Timeout=5", $"Host=127.0.0.1;Port=1;Username=postgres;Password={Secret};Timeout=3" })
        {
            foreach (var args in new[] { new[] { "store", "export", "--postgres", wrong }, new[] { "store", "import", "store.json", "--postgres", wrong }, new[] { "store", "history", "--postgres", wrong } })
            {
                var refused = await Tool.RunAsync(folder.Path, null, args);
                Assert.NotEqual(0, refused.ExitCode);
                capture.Add(string.Join(' ', args.Take(2)) + " " + wrong, refused);
            }

            var serve = await ServeUntilListeningOrExitAsync(folder.Path, null, "serve", "--postgres", wrong, "--urls", "https://127.0.0.1:0");
            Assert.NotEqual(0, serve.Code);
            capture.Add("serve " + wrong + " stdout", serve.Stdout);
            capture.Add("serve " + wrong + " stderr", serve.Stderr);
        }

        // the password cluster.Password is the test's own, in the connection string only: it must not show either
        capture.AssertNoSecret(Secret, cluster.Password);
    }

    [Fact]
    public async Task The_certificate_password_from_the_environment_stays_out_of_every_output_of_serve()
    {
        using var folder = new TempFolder();
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            File.WriteAllBytes(folder["server.pfx"], certificate.Export(X509ContentType.Pfx, Secret));
        }

        Assert.Equal(0, (await Tool.RunAsync(folder.Path, null, "store", "import", SampleStore.Path, "--store", "store.db")).ExitCode);
        var capture = new Capture();
        var right = await ServeUntilListeningOrExitAsync(folder.Path, new() { ["CERT_PW"] = Secret }, "serve", "--store", "store.db", "--urls", "https://127.0.0.1:0", "--cert", "server.pfx", "--cert-password-env", "CERT_PW");
        Assert.True(right.Listened, right.Stderr);
        capture.Add("serve stdout", right.Stdout);
        capture.Add("serve stderr", right.Stderr);

        var wrong = await ServeUntilListeningOrExitAsync(folder.Path, new() { ["CERT_PW"] = "W" + Secret }, "serve", "--store", "store.db", "--urls", "https://127.0.0.1:0", "--cert", "server.pfx", "--cert-password-env", "CERT_PW");
        Assert.False(wrong.Listened);
        Assert.NotEqual(0, wrong.Code);
        Assert.Contains("server.pfx", wrong.Stderr, StringComparison.Ordinal);
        capture.Add("wrong serve stdout", wrong.Stdout);
        capture.Add("wrong serve stderr", wrong.Stderr);
        capture.AssertNoSecret(Secret, "W" + Secret);
    }

    /// <summary>Runs serve in process until it listens (then stops it, as Ctrl+C would) or ends by itself.</summary>
    private static async Task<(bool Listened, int Code, string Stdout, string Stderr)> ServeUntilListeningOrExitAsync(string folder, Dictionary<string, string>? variables, params string[] args)
    {
        var started = new TaskCompletionSource<FrameworkServer>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new CliEnvironment(folder)
        {
            ServerStarted = s => started.TrySetResult(s),
            GetEnvironmentVariable = name => variables is not null && variables.TryGetValue(name, out var value) ? value : null,
        };
        var serve = CliApp.RunAsync(args, new StringReader(string.Empty), stdout, stderr, env, stop.Token);
        var first = await Task.WhenAny(started.Task, serve, Task.Delay(TimeSpan.FromSeconds(60)));
        bool listened = first == started.Task;
        stop.Cancel();
        int code = await serve.WaitAsync(TimeSpan.FromSeconds(60));
        return (listened, code, stdout.ToString(), stderr.ToString());
    }
}
