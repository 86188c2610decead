using Warden.Core.Configuration;
using Warden.Core.Telemetry;

namespace Warden.Core.Policy;

/// <summary>
/// Reads the <c>policy:</c> section of <c>warden.yaml</c> into a <see cref="VerdictPolicy"/>,
/// validating every key and collecting every error with its position. A missing key takes its
/// default; a misspelt or unknown key is an error, never a silent default.
/// </summary>
public static class PolicyLoader
{
    private static readonly MappingShape PolicyShape = new(
    [
        "confidence", "bootstrap", "minimum_samples", "compliance", "ndcg", "latency", "error_rate",
        "throughput", "safety", "quorum", "provenance", "rollback", "guard", "verdict_max_age_days",
    ]);

    private static readonly MappingShape BootstrapShape = new(["resamples", "seed"]);
    private static readonly MappingShape MinimumSamplesShape = new(["requests", "queries", "score_pairs"]);
    private static readonly MappingShape ComplianceShape = new(["k", "uplift", "uplift_mode", "unlabelled_compliant"]);
    private static readonly MappingShape NdcgShape = new(["k"]);
    private static readonly MappingShape LatencyShape = new(["p95_target_ms", "p95_drift_limit_ms"]);
    private static readonly MappingShape ErrorRateShape = new(["limit", "errors"]);
    private static readonly MappingShape ThroughputShape = new(["target_rps"]);
    private static readonly MappingShape SafetyShape = new(["ablation_drop_min", "correlation_max"]);
    private static readonly MappingShape ProvenanceShape = new(["require_mlflow_run_id"]);
    private static readonly MappingShape RollbackShape = new(
        ["checkpoint_max_age_hours", "load_time_max_s", "drill_max_age_days", "drill_every_days", "rto_max_s", "rpo_max_s"]);

    private static readonly MappingShape GuardShape = new(
        ["latency_margin_ms", "compliance_drop_points", "false_alarm", "interval_ms", "enabled"]);

    private static readonly string[] UpliftModes = ["relative", "absolute"];

    private static readonly NumberRange PositiveInt = NumberRange.WholeAtLeast(1);
    private static readonly NumberRange Positive = NumberRange.Above(0);

    /// <summary>
    /// The <c>policy:</c> section as a reader the one <c>warden.yaml</c> loader calls
    /// (<see cref="ConfigFileLoader"/>); the executable registers it beside the gateway's and the
    /// other features' sections.
    /// </summary>
    internal static IConfigSection Section { get; } = new PolicySection();

    /// <summary>
    /// The keys each mapping of the <c>policy</c> section accepts, by dotted path. The schema-drift
    /// test compares <c>docs/warden.schema.json</c> with the keys of every registered section.
    /// </summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<string>> KnownKeys { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["policy"] = PolicyShape.Keys,
            ["policy.bootstrap"] = BootstrapShape.Keys,
            ["policy.minimum_samples"] = MinimumSamplesShape.Keys,
            ["policy.compliance"] = ComplianceShape.Keys,
            ["policy.ndcg"] = NdcgShape.Keys,
            ["policy.latency"] = LatencyShape.Keys,
            ["policy.error_rate"] = ErrorRateShape.Keys,
            ["policy.throughput"] = ThroughputShape.Keys,
            ["policy.safety"] = SafetyShape.Keys,
            ["policy.provenance"] = ProvenanceShape.Keys,
            ["policy.rollback"] = RollbackShape.Keys,
            ["policy.guard"] = GuardShape.Keys,
        };

    /// <summary>
    /// Reads <paramref name="yaml"/> as a file with a <c>policy:</c> section only. An empty file,
    /// or one without <c>policy:</c>, gives <see cref="VerdictPolicy"/>'s defaults. A command that
    /// reads a whole <c>warden.yaml</c> goes through <see cref="ConfigFileLoader"/> with every
    /// section instead, so that the other sections are validated too.
    /// </summary>
    /// <param name="yaml">The contents of the file.</param>
    /// <param name="source">File path or URI as the user gave it, for the error messages.</param>
    /// <returns>The policy, or every error in file order.</returns>
    public static PolicyLoadResult Load(TextReader yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(source);
        var file = ConfigFileLoader.Load(yaml, new ConfigContext(source, null), [Section]);
        return file.Errors.Count > 0
            ? new PolicyLoadResult { Errors = file.Errors }
            : new PolicyLoadResult { Policy = file.Get<VerdictPolicy>(Section), Errors = [] };
    }

    private sealed class PolicySection : IConfigSection
    {
        public string Name => "policy";

        public IReadOnlyDictionary<string, IReadOnlyList<string>> KnownKeys => PolicyLoader.KnownKeys;

        public string Expected => "a policy: section (see docs/policy.md)";

        public object Read(MappingReader section, ConfigContext context) => ReadPolicy(section);
    }

    private static VerdictPolicy ReadPolicy(MappingReader m)
    {
        var d = new VerdictPolicy();
        return new VerdictPolicy
        {
            Confidence = m.Number("confidence", d.Confidence, new NumberRange { Min = 0.5, MinInclusive = false, Max = 1, MaxInclusive = false }),
            Bootstrap = ReadBootstrap(m.Section("bootstrap", BootstrapShape), d.Bootstrap),
            MinimumSamples = ReadMinimumSamples(m.Section("minimum_samples", MinimumSamplesShape), d.MinimumSamples),
            Compliance = ReadCompliance(m.Section("compliance", ComplianceShape), d.Compliance),
            Ndcg = new NdcgPolicy { K = m.Section("ndcg", NdcgShape).Int32("k", d.Ndcg.K, PositiveInt) },
            Latency = ReadLatency(m.Section("latency", LatencyShape), d.Latency),
            ErrorRate = ReadErrorRate(m.Section("error_rate", ErrorRateShape), d.ErrorRate),
            Throughput = new ThroughputPolicy
            {
                TargetRps = m.Section("throughput", ThroughputShape).Number("target_rps", d.Throughput.TargetRps, NumberRange.AtLeast(0)),
            },
            Safety = ReadSafety(m.Section("safety", SafetyShape), d.Safety),
            Quorum = m.Int32("quorum", d.Quorum, NumberRange.WholeFrom(1, 6)),
            Provenance = new ProvenancePolicy
            {
                RequireMlflowRunId = m.Section("provenance", ProvenanceShape).Boolean("require_mlflow_run_id", d.Provenance.RequireMlflowRunId),
            },
            Rollback = ReadRollback(m.Section("rollback", RollbackShape), d.Rollback),
            Guard = ReadGuard(m.Section("guard", GuardShape), d.Guard),
            VerdictMaxAgeDays = m.Number("verdict_max_age_days", d.VerdictMaxAgeDays, Positive),
        };
    }

    private static BootstrapPolicy ReadBootstrap(MappingReader m, BootstrapPolicy d) => new()
    {
        Resamples = m.Int32("resamples", d.Resamples, NumberRange.WholeFrom(100, 1_000_000)),
        Seed = m.Int32("seed", d.Seed, NumberRange.WholeFrom(int.MinValue, int.MaxValue)),
    };

    private static MinimumSamplesPolicy ReadMinimumSamples(MappingReader m, MinimumSamplesPolicy d) => new()
    {
        Requests = m.WholeNumber("requests", d.Requests, NumberRange.WholeAtLeast(1)),
        Queries = m.Int32("queries", d.Queries, PositiveInt),
        ScorePairs = m.Int32("score_pairs", d.ScorePairs, PositiveInt),
    };

    private static CompliancePolicy ReadCompliance(MappingReader m, CompliancePolicy d)
    {
        var mode = m.Choice("uplift_mode", ModeName(d.UpliftMode), UpliftModes) == "absolute" ? UpliftMode.Absolute : UpliftMode.Relative;

        // The ceiling depends on the mode: an absolute uplift above 1 (100 points) cannot happen,
        // and a relative one of 10 (+1000 %) is surely a percentage written as a fraction's place.
        var uplift = mode == UpliftMode.Absolute
            ? new NumberRange { Min = 0, Max = 1 }
            : new NumberRange { Min = 0, Max = 10, MaxInclusive = false };
        return new CompliancePolicy
        {
            K = m.Int32("k", d.K, PositiveInt),
            Uplift = m.Number("uplift", d.Uplift, uplift),
            UpliftMode = mode,
            UnlabelledCompliant = m.Boolean("unlabelled_compliant", d.UnlabelledCompliant),
        };
    }

    private static LatencyPolicy ReadLatency(MappingReader m, LatencyPolicy d) => new()
    {
        P95TargetMs = m.Number("p95_target_ms", d.P95TargetMs, Positive),
        P95DriftLimitMs = m.Number("p95_drift_limit_ms", d.P95DriftLimitMs, NumberRange.AtLeast(0)),
    };

    private static ErrorRatePolicy ReadErrorRate(MappingReader m, ErrorRatePolicy d)
    {
        var limit = m.Number("limit", d.Limit, new NumberRange { Min = 0, MinInclusive = false, Max = 1, MaxInclusive = false });
        var errors = d.Errors;
        var spec = m.Text("errors", $"an error spec such as 5xx,429,ok (default {d.Errors})");
        if (spec is not null)
        {
            if (ErrorClassifier.TryParse(spec.Value, out var classifier, out var message))
            {
                errors = classifier.Spec;
            }
            else
            {
                // ErrorClassifier's message is "<problem>; expected <forms>." — split it so the
                // error reads like every other one.
                const string Marker = "; expected ";
                var at = message.IndexOf(Marker, StringComparison.Ordinal);
                var problem = at < 0 ? message.TrimEnd('.') : message[..at];
                var expected = at < 0 ? "an error spec such as 5xx,429,ok" : message[(at + Marker.Length)..].TrimEnd('.');
                m.Error(spec, "errors", problem, $"{expected} (default {d.Errors})");
            }
        }

        return new ErrorRatePolicy { Limit = limit, Errors = errors };
    }

    private static SafetyPolicy ReadSafety(MappingReader m, SafetyPolicy d) => new()
    {
        AblationDropMin = m.Number("ablation_drop_min", d.AblationDropMin, new NumberRange { Min = 0, Max = 1, MaxInclusive = false }),
        CorrelationMax = m.Number("correlation_max", d.CorrelationMax, new NumberRange { Min = -1, MinInclusive = false, Max = 1 }),
    };

    private static RollbackPolicy ReadRollback(MappingReader m, RollbackPolicy d) => new()
    {
        CheckpointMaxAgeHours = m.Number("checkpoint_max_age_hours", d.CheckpointMaxAgeHours, Positive),
        LoadTimeMaxSeconds = m.Number("load_time_max_s", d.LoadTimeMaxSeconds, Positive),
        DrillMaxAgeDays = m.Number("drill_max_age_days", d.DrillMaxAgeDays, Positive),
        DrillEveryDays = m.Number("drill_every_days", d.DrillEveryDays, Positive),
        RtoMaxSeconds = m.Number("rto_max_s", d.RtoMaxSeconds, Positive),
        RpoMaxSeconds = m.Number("rpo_max_s", d.RpoMaxSeconds, Positive),
    };

    private static GuardPolicy ReadGuard(MappingReader m, GuardPolicy d) => new()
    {
        LatencyMarginMs = m.Number("latency_margin_ms", d.LatencyMarginMs, NumberRange.AtLeast(0)),
        ComplianceDropPoints = m.Number("compliance_drop_points", d.ComplianceDropPoints, new NumberRange { Min = 0, MinInclusive = false, Max = 100 }),
        FalseAlarm = m.Number("false_alarm", d.FalseAlarm, new NumberRange { Min = 0, MinInclusive = false, Max = 0.5 }),
        IntervalMs = m.Int32("interval_ms", d.IntervalMs, NumberRange.WholeFrom(10, 60_000)),
        Enabled = m.Boolean("enabled", d.Enabled),
    };

    private static string ModeName(UpliftMode mode) => mode == UpliftMode.Absolute ? "absolute" : "relative";
}
