namespace TapeTrack.Sync.Sessions;

/// <summary>
/// What a session that crosses a network has sent and received so far: a run's statistics and JSON report
/// give the difference over the run. Sessions that wrap another one pass it through.
/// </summary>
public interface IServerSessionTraffic
{
    /// <summary>The requests sent to the server (logons, downloads, reads, batches, retries included).</summary>
    long Requests { get; }

    /// <summary>The bytes sent, counted on the connection below TLS where the platform allows it.</summary>
    long BytesSent { get; }

    /// <summary>The bytes received, counted on the connection below TLS where the platform allows it.</summary>
    long BytesReceived { get; }
}
