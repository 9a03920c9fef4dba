using TapeTrack.Sync.Import;

namespace TapeTrack.Sync.Engine;

/// <summary>
/// Hears every change, warning and record error as the run goes: an audit trail for in-house tools.
/// Override what you need; the defaults do nothing. Called on the run's own flow, one call at a time.
/// </summary>
public abstract class SyncObserver
{
    /// <summary>A change was applied (or decided, in a dry run).</summary>
    /// <param name="change">The change.</param>
    public virtual void OnChange(SyncChange change)
    {
    }

    /// <summary>A warning was raised.</summary>
    /// <param name="warning">The warning.</param>
    public virtual void OnWarning(SyncWarning warning)
    {
    }

    /// <summary>A record was skipped with an error.</summary>
    /// <param name="error">The error.</param>
    public virtual void OnRecordError(RecordError error)
    {
    }
}
