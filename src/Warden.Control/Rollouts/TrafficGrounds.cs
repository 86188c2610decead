namespace Warden.Rollouts;

/// <summary>Why a traffic change is made, for the route's audit event and its promotion rule.</summary>
/// <param name="Actor">Who acts: the controller's holder name.</param>
/// <param name="Reason">One sentence naming the rollout and the transition.</param>
/// <param name="DeploymentId">The deployment whose GO verdict a move of production rests on (a promotion).</param>
/// <param name="Override">True for a move of production that needs no verdict: a rollback to the known-good version.</param>
internal sealed record TrafficGrounds(string Actor, string Reason, string? DeploymentId, bool Override);
