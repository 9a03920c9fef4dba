using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TapeTrack.Sync.Remote;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Server.Tests;

/// <summary>
/// A 503 with <c>Retry-After</c> (from the server, or from a proxy in maintenance before it) is retried after the
/// wait it asks for when that is longer than the back-off's, never longer than <see cref="RetryOptions.MaxDelay"/>;
/// without the header the back-off's own wait applies. Through a real HTTPS answer on loopback.
/// </summary>
public sealed class RetryAfterTests
{
    [Fact]
    public async Task A_logon_answered_503_waits_the_Retry_After_it_asks_for_capped_at_the_longest_wait_then_the_back_off()
    {
        var clock = new RecordingClock();
        var now = DateTimeOffset.UtcNow;
        // four refusals, then the logon: seconds, a date 45 s ahead, none, 0.5 s (shorter than the back-off)
        var answers = new Queue<Action<HttpResponse>>(new Action<HttpResponse>[]
        {
            r => r.Headers["Retry-After"] = "20",
            r => r.Headers["Retry-After"] = now.AddSeconds(45).ToString("R", CultureInfo.InvariantCulture),
            _ => { },
            r => r.Headers["Retry-After"] = "0",
        });
        int logons = 0;
        await using var front = await MaintenanceFront.StartAsync(async context =>
        {
            Interlocked.Increment(ref logons);
            if (answers.TryDequeue(out var refuse))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                refuse(context.Response);
                await context.Response.WriteAsync("{\"error\":\"down for maintenance\"}");
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"token\":\"t0k3n\",\"expiresIn\":1800}");
        });

        await using var session = new RemoteServerSession(new RemoteSessionOptions
        {
            Address = front.Address,
            UserName = "batch",
            Password = "batch",
            TrustThumbprint = front.Thumbprint,
            TimeProvider = clock,
            Retry = new RetryOptions { MaxAttempts = 5, InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30) },
        });
        await session.LogonAsync();

        Assert.Equal(5, logons);
        // 20 s as asked; 45 s asked, capped at 30; the back-off's 4 s (1, 2, 4: the third retry); the back-off's 8 s
        Assert.Equal(new[] { 20.0, 30.0, 4.0, 8.0 }, clock.Waits.Select(w => Math.Round(w.TotalSeconds)).ToArray());
    }

    [Fact]
    public void Retry_After_is_read_as_seconds_or_as_a_date_and_a_past_or_absent_one_leaves_the_back_off()
    {
        var now = new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(7), RemoteServerSession.RetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), now));
        Assert.Equal(TimeSpan.FromSeconds(90), RemoteServerSession.RetryAfter(new RetryConditionHeaderValue(now.AddSeconds(90)), now));
        Assert.Null(RemoteServerSession.RetryAfter(new RetryConditionHeaderValue(now.AddSeconds(-5)), now));
        Assert.Null(RemoteServerSession.RetryAfter(null, now));

        var second = TimeSpan.FromSeconds(1);
        var max = TimeSpan.FromSeconds(30);
        Assert.Equal(second, RemoteServerSession.WaitBeforeRetry(second, null, max));
        Assert.Equal(second, RemoteServerSession.WaitBeforeRetry(second, TimeSpan.FromMilliseconds(200), max));
        Assert.Equal(TimeSpan.FromSeconds(12), RemoteServerSession.WaitBeforeRetry(second, TimeSpan.FromSeconds(12), max));
        Assert.Equal(max, RemoteServerSession.WaitBeforeRetry(second, TimeSpan.FromHours(3), max));
    }

    /// <summary>Records every wait asked of it and lets it pass at once.</summary>
    private sealed class RecordingClock : TimeProvider
    {
        private readonly List<TimeSpan> _waits = new();

        public IReadOnlyList<TimeSpan> Waits
        {
            get
            {
                lock (_waits)
                {
                    return _waits.ToArray();
                }
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_waits)
            {
                _waits.Add(dueTime);
            }

            return System.CreateTimer(callback, state, TimeSpan.Zero, period);
        }
    }

    /// <summary>An HTTPS answer on loopback for <c>POST /v1/logon</c>, as a proxy in maintenance in front of a server would give.</summary>
    private sealed class MaintenanceFront : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly X509Certificate2 _certificate;

        private MaintenanceFront(WebApplication app, X509Certificate2 certificate, Uri address)
        {
            _app = app;
            _certificate = certificate;
            Address = address;
        }

        public Uri Address { get; }

        public string Thumbprint => ServerCertificates.Thumbprint(_certificate);

        public static async Task<MaintenanceFront> StartAsync(RequestDelegate logon)
        {
            var certificate = ServerCertificates.CreateSelfSigned(["127.0.0.1"]);
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
            var app = builder.Build();
            app.MapPost("/v1/logon", logon);
            await app.StartAsync();
            string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new MaintenanceFront(app, certificate, new Uri(bound.TrimEnd('/') + "/"));
        }

        public async ValueTask DisposeAsync()
        {
            await _app.DisposeAsync();
            _certificate.Dispose();
        }
    }
}
