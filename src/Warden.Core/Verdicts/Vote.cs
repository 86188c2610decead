namespace Warden.Core.Verdicts;

/// <summary>A reviewer's vote: GO when all its checks pass, NO-GO when any fails, HOLD otherwise.</summary>
public enum Vote
{
    /// <summary>All checks passed.</summary>
    Go,

    /// <summary>A check failed.</summary>
    NoGo,

    /// <summary>No check failed, but not all passed.</summary>
    Hold,
}
