using Warden.Core.Policy;

namespace Warden.Core.Tests.Policy;

/// <summary>The policy keys as tests drive them: one valid override per leaf key, and YAML builders.</summary>
internal static class PolicyKeyTable
{
    // Every leaf key of the policy section with a valid non-default value and where it lands.
    // PolicyLoader's shapes must match this list exactly (Overrides_CoverEveryKnownLeafKey in
    // PolicyLoaderTests), so a new key cannot ship without an override test.
    public static readonly Dictionary<string, (string Yaml, object Value, Func<VerdictPolicy, object> Get)> Overrides = new()
    {
        ["policy.confidence"] = ("0.9", 0.9, p => p.Confidence),
        ["policy.bootstrap.resamples"] = ("5000", 5000, p => p.Bootstrap.Resamples),
        ["policy.bootstrap.seed"] = ("-7", -7, p => p.Bootstrap.Seed),
        ["policy.minimum_samples.requests"] = ("5000000000", 5_000_000_000L, p => p.MinimumSamples.Requests),
        ["policy.minimum_samples.queries"] = ("50", 50, p => p.MinimumSamples.Queries),
        ["policy.minimum_samples.score_pairs"] = ("1", 1, p => p.MinimumSamples.ScorePairs),
        ["policy.compliance.k"] = ("3", 3, p => p.Compliance.K),
        ["policy.compliance.uplift"] = ("0.25", 0.25, p => p.Compliance.Uplift),
        ["policy.compliance.uplift_mode"] = ("absolute", UpliftMode.Absolute, p => p.Compliance.UpliftMode),
        ["policy.compliance.unlabelled_compliant"] = ("true", true, p => p.Compliance.UnlabelledCompliant),
        ["policy.ndcg.k"] = ("20", 20, p => p.Ndcg.K),
        ["policy.latency.p95_target_ms"] = ("42.5", 42.5, p => p.Latency.P95TargetMs),
        ["policy.latency.p95_drift_limit_ms"] = ("0", 0.0, p => p.Latency.P95DriftLimitMs),
        ["policy.error_rate.limit"] = ("2e-3", 0.002, p => p.ErrorRate.Limit),
        ["policy.error_rate.errors"] = ("429, 5XX", "5xx,429", p => p.ErrorRate.Errors),
        ["policy.throughput.target_rps"] = ("0", 0.0, p => p.Throughput.TargetRps),
        ["policy.safety.ablation_drop_min"] = ("0", 0.0, p => p.Safety.AblationDropMin),
        ["policy.safety.correlation_max"] = ("1", 1.0, p => p.Safety.CorrelationMax),
        ["policy.quorum"] = ("6", 6, p => p.Quorum),
        ["policy.provenance.require_mlflow_run_id"] = ("True", true, p => p.Provenance.RequireMlflowRunId),
        ["policy.rollback.checkpoint_max_age_hours"] = ("48", 48.0, p => p.Rollback.CheckpointMaxAgeHours),
        ["policy.rollback.load_time_max_s"] = ("12.5", 12.5, p => p.Rollback.LoadTimeMaxSeconds),
        ["policy.rollback.drill_max_age_days"] = ("14", 14.0, p => p.Rollback.DrillMaxAgeDays),
        ["policy.rollback.drill_every_days"] = ("3", 3.0, p => p.Rollback.DrillEveryDays),
        ["policy.rollback.rto_max_s"] = ("60", 60.0, p => p.Rollback.RtoMaxSeconds),
        ["policy.rollback.rpo_max_s"] = ("0.5", 0.5, p => p.Rollback.RpoMaxSeconds),
        ["policy.guard.latency_margin_ms"] = ("0", 0.0, p => p.Guard.LatencyMarginMs),
        ["policy.guard.compliance_drop_points"] = ("5", 5.0, p => p.Guard.ComplianceDropPoints),
        ["policy.guard.false_alarm"] = ("0.05", 0.05, p => p.Guard.FalseAlarm),
        ["policy.guard.interval_ms"] = ("250", 250, p => p.Guard.IntervalMs),
        ["policy.guard.enabled"] = ("false", false, p => p.Guard.Enabled),
        ["policy.verdict_max_age_days"] = ("2.5", 2.5, p => p.VerdictMaxAgeDays),
    };

    // Only the policy section's leaves: the gateway section of the same file is read by the
    // gateway's loader (src/Warden/Gateway/Configuration) and tested in Warden.Tests.
    public static IEnumerable<string> LeafPaths(IReadOnlyDictionary<string, IReadOnlyList<string>> known) =>
        from section in known
        from key in section.Value
        let path = section.Key.Length == 0 ? key : $"{section.Key}.{key}"
        where !known.ContainsKey(path) && path.StartsWith("policy.", StringComparison.Ordinal)
        select path;

    // "policy.latency.p95_target_ms", "40" → block YAML nesting one key per line.
    public static string Nest(string path, string value)
    {
        var parts = path.Split('.');
        var lines = new List<string>();
        for (var i = 0; i < parts.Length; i++)
        {
            var indent = new string(' ', 2 * i);
            lines.Add(i == parts.Length - 1 ? $"{indent}{parts[i]}: {value}" : $"{indent}{parts[i]}:");
        }

        return string.Join('\n', lines) + "\n";
    }
}
