namespace Warden.Core.Rollouts;

/// <summary>What the controller must do to the world after a transition (route table, registry).</summary>
public abstract record RolloutAction
{
    private RolloutAction()
    {
    }

    /// <summary>Route the candidate: a sticky canary share (0 for none) and, or not, a shadow copy.</summary>
    public sealed record RouteCandidate(decimal CanaryWeightPercent, bool Shadow) : RolloutAction;

    /// <summary>Make the candidate production (route table and the registry's <c>production</c> alias); clear canary and shadow.</summary>
    public sealed record Promote : RolloutAction;

    /// <summary>Send all traffic back to the known-good version (and the alias, if it had moved); clear canary and shadow.</summary>
    public sealed record RollBack(string Reason) : RolloutAction;
}
