using System;

namespace TapeTrack.Sync.Sessions;

/// <summary>
/// Who applies a batch of updates, as the audit trail keeps it: the user and the run. A run is one sync of the
/// tool (one logon); every change it applies carries the same run id, so that a run's changes can be listed together.
/// </summary>
public sealed class ChangeOrigin
{
    /// <summary>Creates an origin.</summary>
    /// <param name="user">The user the changes are made for: the store user that logged on, or the operating-system user for a local file.</param>
    /// <param name="run">The run's id: any text up to 64 characters, unique per run (a new one is made by <see cref="NewRun"/>).</param>
    public ChangeOrigin(string user, string run)
    {
        if (string.IsNullOrEmpty(user))
        {
            throw new ArgumentException("An origin needs a user.", nameof(user));
        }

        if (string.IsNullOrEmpty(run) || run.Length > MaxRunLength)
        {
            throw new ArgumentException($"A run id is 1 to {MaxRunLength} characters.", nameof(run));
        }

        User = user;
        Run = run;
    }

    /// <summary>The longest run id a store keeps.</summary>
    public const int MaxRunLength = 64;

    /// <summary>The user.</summary>
    public string User { get; }

    /// <summary>The run id.</summary>
    public string Run { get; }

    /// <summary>A new run id: 32 lower-case hex digits, unique.</summary>
    public static string NewRun() => Guid.NewGuid().ToString("N");

    /// <summary>An origin for the operating-system user that runs this process, with a new run id.</summary>
    public static ChangeOrigin Local() => new(string.IsNullOrEmpty(Environment.UserName) ? "local" : Environment.UserName, NewRun());

    /// <inheritdoc />
    public override string ToString() => User + " (run " + Run + ")";
}
