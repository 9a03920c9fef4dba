using System;

namespace Contoso.Backup.TapeTrack;

/// <summary>The approved plan no longer matches what the sync would do: plan again and ask the operator again.</summary>
public sealed class PlanOutdatedException : Exception
{
    public PlanOutdatedException(int approved, int differing)
        : base($"The plan is out of date: {differing} of the changes differ from the {approved} approved; nothing was applied. Plan again.")
    {
        Approved = approved;
        Differing = differing;
    }

    /// <summary>How many changes the operator approved.</summary>
    public int Approved { get; }

    /// <summary>How many changes differ between the approved plan and what the sync would do now.</summary>
    public int Differing { get; }
}
