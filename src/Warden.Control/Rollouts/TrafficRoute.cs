namespace Warden.Rollouts;

/// <summary>Where one service's traffic goes, as a traffic provider sets it: production, a sticky canary share, a shadow mirror.</summary>
/// <param name="Production">The version serving production traffic.</param>
/// <param name="Canary">The canary version, or null for none.</param>
/// <param name="CanaryWeightPercent">The canary's share in percent (0 without a canary).</param>
/// <param name="Shadow">The version receiving mirrored copies, or null for none.</param>
internal sealed record TrafficRoute(string Production, string? Canary, decimal CanaryWeightPercent, string? Shadow)
{
    /// <summary>For messages: <c>production v1, canary v2 at 5 %, no shadow</c>.</summary>
    public override string ToString() =>
        $"production {Production}, {(Canary is null ? "no canary" : $"canary {Canary} at {RolloutPlanJson.Percent(CanaryWeightPercent)} %")}, {(Shadow is null ? "no shadow" : $"shadow {Shadow}")}";
}
