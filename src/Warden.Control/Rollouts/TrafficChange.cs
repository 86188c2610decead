namespace Warden.Rollouts;

/// <summary>What a traffic provider did with a change.</summary>
/// <param name="Applied">True when the route now is the one asked for.</param>
/// <param name="Problem">Why not, when not: the provider's refusal or failure, for the log and <c>status</c>.</param>
internal sealed record TrafficChange(bool Applied, string? Problem = null);
