namespace Warden.Rollouts;

/// <summary>
/// A rollout command that cannot be carried out as asked (no verdict, a REJECT, a rollout already
/// running, a command that does not apply in this phase): the facts and the fix in one message;
/// nothing was written.
/// </summary>
internal sealed class RolloutRefusal(string message) : Exception(message);
