using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using TapeTrack.Sync.Server;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Cli;

/// <summary><c>tapetrack-sync serve</c>: the Framework Server over the embedded store (or the PostgreSQL store of <c>--postgres</c>), until Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(CliOptions options, TextWriter stdout, TextWriter stderr, CliEnvironment env, CancellationToken cancellationToken)
    {
        string? storePath = options.Postgres is null ? ServerSessions.ResolveStorePath(options.StorePath, env) : null;
        X509Certificate2? certificate = null;
        if (options.CertificatePath is { } certificatePath)
        {
            string? password = null;
            if (options.CertificatePasswordVariable is { } variable)
            {
                password = env.GetEnvironmentVariable(variable)
                    ?? throw new UsageException($"--cert-password-env names the environment variable {variable}, which is not set");
            }

            try
            {
                certificate = ServerCertificates.Load(env.Resolve(certificatePath), password);
            }
            catch (InvalidOperationException e)
            {
                throw new UsageException("--cert: " + e.Message);
            }
        }

        using var loggerFactory = LoggerFactory.Create(builder => builder
            .AddProvider(new TextWriterLoggerProvider(stderr, env.TimeProvider))
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("System", LogLevel.Warning)
            .SetMinimumLevel(LogLevel.Information));
        var serverOptions = new FrameworkServerOptions
        {
            Certificate = certificate,
            TimeProvider = env.TimeProvider,
            LoggerFactory = loggerFactory,
        };
        foreach (var url in options.Urls)
        {
            serverOptions.Urls.Add(url);
        }

        try
        {
            // --postgres serves the shared PostgreSQL store; otherwise the embedded store file
            await using ITapeStore store = options.Postgres is { } connection
                ? await StoreCommands.OpenPostgresAsync(connection, cancellationToken).ConfigureAwait(false)
                : await ServerSessions.OpenStoreAsync(storePath!, mustExist: true, cancellationToken).ConfigureAwait(false);
            FrameworkServer server;
            try
            {
                server = new FrameworkServer(store, serverOptions);
            }
            catch (ArgumentException e)
            {
                throw new UsageException("--urls: " + FirstSentence(e.Message));
            }

            await using (server.ConfigureAwait(false))
            {
                try
                {
                    await server.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    throw new ServerUnavailableException("cannot listen: " + e.Message);
                }

                if (server.IsSelfSigned)
                {
                    await stdout.WriteLineAsync($"certificate: self-signed for the --urls names; SHA-256 thumbprint {server.CertificateThumbprint}").ConfigureAwait(false);
                    await stdout.WriteLineAsync($"clients trust it with: --trust-thumbprint {server.CertificateThumbprint}").ConfigureAwait(false);
                }
                else
                {
                    await stdout.WriteLineAsync($"certificate: {certificate!.Subject}; SHA-256 thumbprint {server.CertificateThumbprint}").ConfigureAwait(false);
                }

                foreach (var address in server.Addresses)
                {
                    await stdout.WriteLineAsync("listening on " + address.GetLeftPart(UriPartial.Authority)).ConfigureAwait(false);
                }

                await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                env.ServerStarted?.Invoke(server);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C or SIGTERM: the normal way to stop a server
                }

                await stderr.WriteLineAsync("tapetrack-sync: stopping; finishing the requests in flight").ConfigureAwait(false);
                await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
                await stdout.WriteLineAsync("stopped").ConfigureAwait(false);
            }
        }
        finally
        {
            certificate?.Dispose();
        }

        return ExitCodes.Success;
    }

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        return cut < 0 ? message : message.Substring(0, cut);
    }
}
