namespace Warden.Core.Rollouts;

/// <summary>
/// The <c>rollout:</c> section of warden.yaml: how often the controller looks, how long its lease
/// lasts, the default plan, and a plan per service (each a full plan: keys a service leaves out
/// take the default plan's values).
/// </summary>
public sealed record RolloutOptions
{
    /// <summary>How often the controller in <c>warden serve</c> looks at every rollout (default 1 s).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the controller's lease lasts unless renewed; another server takes over within this time after the leader dies (default 15 s).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The plan of a service that has none of its own.</summary>
    public RolloutPlan Defaults { get; init; } = new();

    /// <summary>Plans by service name.</summary>
    public IReadOnlyDictionary<string, RolloutPlan> Services { get; init; } = new Dictionary<string, RolloutPlan>(StringComparer.Ordinal);

    /// <summary>The plan for <paramref name="service"/>: its own, else the default.</summary>
    public RolloutPlan PlanFor(string service) => Services.TryGetValue(service, out var plan) ? plan : Defaults;
}
