using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Server.Tests.Faults;

/// <summary>What a <see cref="LoopbackRelay"/> does to one connection once the client has sent <see cref="AfterClientBytes"/> bytes on it.</summary>
public enum RelayAction
{
    /// <summary>Cuts the connection there, in the middle of what the client was sending: the server never gets the whole request.</summary>
    CutMidRequest,

    /// <summary>
    /// Lets the request through, holds back everything the server answers, and cuts the connection once the server has
    /// applied a batch (or after a while): the batch is applied and its answer lost.
    /// </summary>
    CutAfterApply,

    /// <summary>Stops forwarding both ways until <see cref="LoopbackRelay.Resume"/>, then goes on as if nothing happened.</summary>
    Pause,
}

/// <summary>The rule for one connection, by the order connections are opened.</summary>
public sealed record RelayRule(long AfterClientBytes, RelayAction Action);

/// <summary>
/// A TCP relay on loopback between a client and a server, with faults: the n-th connection follows the n-th rule, later
/// connections pass untouched. TLS runs end to end through it (the client pins the server's thumbprint), so it sees only
/// bytes: its rules count what the client sent.
/// </summary>
public sealed class LoopbackRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly IReadOnlyList<RelayRule> _rules;
    private readonly Func<Func<Task>>? _appliedWatcher;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = new();
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _accepting;
    private int _opened;
    private int _cuts;
    private int _appliedThenCut;
    private long _clientBytes;

    /// <param name="targetPort">The server's port on 127.0.0.1.</param>
    /// <param name="rules">The rule of each connection in the order they open.</param>
    /// <param name="appliedWatcher">
    /// For <see cref="RelayAction.CutAfterApply"/>: called as the request goes through, returns what waits until the server
    /// has applied one more batch than it had then.
    /// </param>
    public LoopbackRelay(int targetPort, IReadOnlyList<RelayRule> rules, Func<Func<Task>>? appliedWatcher = null)
    {
        _targetPort = targetPort;
        _rules = rules;
        _appliedWatcher = appliedWatcher;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections opened through the relay.</summary>
    public int Connections => Volatile.Read(ref _opened);

    /// <summary>Connections the relay cut.</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    /// <summary>Connections cut after the server had applied a batch whose answer the relay held back.</summary>
    public int AppliedThenCut => Volatile.Read(ref _appliedThenCut);

    /// <summary>Bytes the clients sent through the relay.</summary>
    public long ClientBytes => Interlocked.Read(ref _clientBytes);

    /// <summary>Completes once a <see cref="RelayAction.Pause"/> rule has stopped its connection.</summary>
    public Task Paused => _paused.Task;

    /// <summary>Lets a paused connection go on.</summary>
    public void Resume() => _resumed.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _resumed.TrySetResult();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // stopped while accepting
        }

        Task[] connections;
        lock (_connections)
        {
            connections = _connections.ToArray();
        }

        await Task.WhenAll(connections);
        _stop.Dispose();
    }

    private static void Reset(Socket socket)
    {
        try
        {
            // an RST, as a dropped link or a killed peer gives: no orderly close for either side
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
            // closed already
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            int index = Interlocked.Increment(ref _opened) - 1;
            var rule = index < _rules.Count ? _rules[index] : null;
            lock (_connections)
            {
                _connections.Add(RelayAsync(client, rule));
            }
        }
    }

    private async Task RelayAsync(Socket client, RelayRule? rule)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var state = new ConnectionState();
        try
        {
            await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _targetPort), done.Token);
            var up = PumpUpAsync(client, server, rule, state, done);
            var down = PumpDownAsync(server, client, state, done.Token);
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // a side went away
        }
        finally
        {
            done.Cancel();
            Reset(client);
            Reset(server);
            client.Dispose();
        }
    }

    // client to server: counts the bytes and applies the rule when they pass its mark
    private async Task PumpUpAsync(Socket from, Socket to, RelayRule? rule, ConnectionState state, CancellationTokenSource done)
    {
        var buffer = new byte[16 * 1024];
        long sent = 0;
        bool triggered = false;
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None, done.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                Interlocked.Add(ref _clientBytes, read);

                if (rule is null || triggered || sent + read <= rule.AfterClientBytes)
                {
                    await SendAllAsync(to, buffer, read, done.Token);
                    sent += read;
                    continue;
                }

                triggered = true;
                switch (rule.Action)
                {
                    case RelayAction.CutMidRequest:
                        await SendAllAsync(to, buffer, (int)(rule.AfterClientBytes - sent), done.Token);
                        Interlocked.Increment(ref _cuts);
                        return;
                    case RelayAction.CutAfterApply:
                        state.HoldAnswers = true;
                        var applied = _appliedWatcher!();
                        await SendAllAsync(to, buffer, read, done.Token);
                        _ = CutWhenAppliedAsync(applied, done);
                        break;
                    case RelayAction.Pause:
                        _paused.TrySetResult();
                        state.Paused = _resumed.Task;
                        await _resumed.Task.WaitAsync(done.Token);
                        await SendAllAsync(to, buffer, read, done.Token);
                        break;
                }

                sent += read;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // cut, or the other side went away
        }
    }

    private async Task CutWhenAppliedAsync(Func<Task> applied, CancellationTokenSource done)
    {
        try
        {
            await applied().WaitAsync(TimeSpan.FromSeconds(30), done.Token);
            Interlocked.Increment(ref _appliedThenCut);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // not a batch after all: cut anyway
        }

        Interlocked.Increment(ref _cuts);
        done.Cancel();
    }

    private static async Task PumpDownAsync(Socket from, Socket to, ConnectionState state, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (state.Paused is { } paused)
                {
                    await paused.WaitAsync(cancellationToken);
                }

                if (!state.HoldAnswers)
                {
                    await SendAllAsync(to, buffer, read, cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // cut, or the other side went away
        }
    }

    private static async Task SendAllAsync(Socket to, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        int offset = 0;
        while (offset < count)
        {
            offset += await to.SendAsync(buffer.AsMemory(offset, count - offset), SocketFlags.None, cancellationToken);
        }
    }

    private sealed class ConnectionState
    {
        public volatile bool HoldAnswers;
        public volatile Task? Paused;
    }
}
