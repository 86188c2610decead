using Warden.Core.Policy;

namespace Warden.Checkpoints;

/// <summary>The checkpoint rules of <c>policy.rollback</c>: verified within <c>checkpoint_max_age_hours</c>, loading in under <c>load_time_max_s</c>.</summary>
internal sealed class CheckpointPolicy(RollbackPolicy limits)
{
    /// <summary>The limits applied.</summary>
    public RollbackPolicy Limits { get; } = limits;

    /// <summary>The status a fresh verification gets from what it measured.</summary>
    public string StatusAtVerification(bool reachable, bool sha256Verified, bool loadFailed, double? loadTimeSeconds)
    {
        if (reachable && !sha256Verified)
        {
            return CheckpointStatus.Tampered;
        }

        if (!reachable || loadFailed || loadTimeSeconds is null)
        {
            return CheckpointStatus.Failed;
        }

        return loadTimeSeconds >= Limits.LoadTimeMaxSeconds ? CheckpointStatus.Slow : CheckpointStatus.Ok;
    }

    /// <summary>The status now: an ok or slow verification older than the age limit is stale.</summary>
    public string StatusAt(CheckpointVerification verification, DateTimeOffset now) =>
        verification.Status is CheckpointStatus.Ok or CheckpointStatus.Slow && AgeHours(verification, now) > Limits.CheckpointMaxAgeHours
            ? CheckpointStatus.Stale
            : verification.Status;

    /// <summary>Hours since the verification.</summary>
    public static double AgeHours(CheckpointVerification verification, DateTimeOffset now) => (now - verification.VerifiedAt).TotalHours;
}
