namespace Warden.Rollouts;

/// <summary>
/// A rollout command that cannot be carried out as asked (no verdict, a REJECT, a rollout already
/// running, a command that does not apply in this phase): the facts and the fix in one message;
/// nothing was written. <paramref name="notFound"/> marks a rollout that does not exist, which the
/// REST API answers with 404 instead of 409.
/// </summary>
internal sealed class RolloutRefusal(string message, bool notFound = false) : Exception(message)
{
    /// <summary>No such rollout (none yet, or no such id).</summary>
    public bool NotFound { get; } = notFound;
}
