namespace Warden.Rollouts;

/// <summary>What became of a compare-and-set write of a rollout's state.</summary>
internal enum RolloutWrite
{
    /// <summary>The stored generation was the expected one (and the fence, when given, current): the state is written.</summary>
    Written,

    /// <summary>Someone else moved the rollout first: the stored generation is not the expected one; nothing was written.</summary>
    GenerationMoved,

    /// <summary>The fencing token is stale (the lease moved to another holder or epoch, or expired); nothing was written.</summary>
    StaleLease,
}
