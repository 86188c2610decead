namespace Warden.Core.Policy;

/// <summary>
/// The live guard's settings (YAML <c>policy.guard</c>). The triggers' thresholds come from the
/// rest of the policy: the latency trigger is <see cref="LatencyPolicy.P95TargetMs"/> plus
/// <see cref="LatencyMarginMs"/>, the drift trigger <see cref="LatencyPolicy.P95DriftLimitMs"/>,
/// the error-rate trigger <see cref="ErrorRatePolicy.Limit"/>.
/// </summary>
public sealed record GuardPolicy
{
    /// <summary>How far above the P95 target the live P95 may go before the guard rolls back, in ms (YAML <c>latency_margin_ms</c>).</summary>
    public double LatencyMarginMs { get; init; } = 5;

    /// <summary>The drop in live Compliance@1 against production that rolls back, in points (YAML <c>compliance_drop_points</c>).</summary>
    public double ComplianceDropPoints { get; init; } = 2;

    /// <summary>
    /// The chance of a false rollback of a version as good as its thresholds, over all triggers
    /// together and however long the guard watches (YAML <c>false_alarm</c>).
    /// </summary>
    public double FalseAlarm { get; init; } = 0.01;

    /// <summary>How often the guard looks, in ms (YAML <c>interval_ms</c>).</summary>
    public int IntervalMs { get; init; } = 100;

    /// <summary>Whether the guard runs at all (YAML <c>enabled</c>).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><see cref="IntervalMs"/> as a duration (not written to reports: the policy key is the milliseconds).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeSpan Interval => TimeSpan.FromMilliseconds(IntervalMs);
}
