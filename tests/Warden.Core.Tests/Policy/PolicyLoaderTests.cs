using Warden.Core.Configuration;
using Warden.Core.Policy;

namespace Warden.Core.Tests.Policy;

public sealed class PolicyLoaderTests
{
    public static TheoryData<string> OverridePaths => [.. PolicyKeyTable.Overrides.Keys];

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("policy:\n")]
    [InlineData("policy: {}\n")]
    [InlineData("policy:\n  latency:\n  safety: {}\n")]
    public void Load_EmptyFileOrSection_GivesDesignDefaults(string yaml)
    {
        var result = Load(yaml);

        Assert.Empty(result.Errors);
        Assert.Equal(new VerdictPolicy(), result.Policy);
    }

    [Fact]
    public void Load_EmptyFile_DefaultsAreTheDesignValues()
    {
        var p = Load(string.Empty).Policy!;

        // DESIGN.md / issue 3 defaults, restated so a changed default is a visible decision.
        Assert.Equal(0.95, p.Confidence);
        Assert.Equal(2000, p.Bootstrap.Resamples);
        Assert.Equal(0.10, p.Compliance.Uplift);
        Assert.Equal(UpliftMode.Relative, p.Compliance.UpliftMode);
        Assert.Equal(50, p.Latency.P95TargetMs);
        Assert.Equal(0.01, p.ErrorRate.Limit);
        Assert.Equal("5xx,ok", p.ErrorRate.Errors);
        Assert.Equal(0.05, p.Safety.AblationDropMin);
        Assert.Equal(0.95, p.Safety.CorrelationMax);
        Assert.Equal(4, p.Quorum);
        Assert.Equal(24, p.Rollback.CheckpointMaxAgeHours);
        Assert.Equal(30, p.Rollback.LoadTimeMaxSeconds);
        Assert.Equal(7, p.Rollback.DrillMaxAgeDays);
        Assert.Equal(7, p.Rollback.DrillEveryDays);
    }

    [Theory]
    [MemberData(nameof(OverridePaths))]
    public void Load_KeyOverridden_ReadsValueAndKeepsOtherDefaults(string path)
    {
        var (yaml, value, get) = PolicyKeyTable.Overrides[path];

        var result = Load(PolicyKeyTable.Nest(path, yaml));

        Assert.Empty(result.Errors);
        var policy = result.Policy!;
        Assert.Equal(value, get(policy));
        Assert.NotEqual(get(new VerdictPolicy()), get(policy));

        // Every other key keeps its default.
        foreach (var (otherPath, other) in PolicyKeyTable.Overrides)
        {
            if (otherPath != path)
            {
                Assert.Equal(other.Get(new VerdictPolicy()), other.Get(policy));
            }
        }
    }

    [Fact]
    public void Overrides_CoverEveryKnownLeafKey()
    {
        var leaves = PolicyKeyTable.LeafPaths(PolicyLoader.KnownKeys);

        Assert.Equal(leaves.Order(StringComparer.Ordinal), PolicyKeyTable.Overrides.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_AllKeysAtOnce_ReadsEveryValue()
    {
        var yaml = """
            policy:
              confidence: 0.99
              bootstrap: { resamples: 10000, seed: 7 }
              minimum_samples: { requests: 200, queries: 10, score_pairs: 20 }
              compliance:
                k: 1
                uplift: 0.05
                uplift_mode: absolute
                unlabelled_compliant: false
              ndcg: { k: 5 }
              latency: { p95_target_ms: 80, p95_drift_limit_ms: 2.5 }
              error_rate: { limit: 0.005, errors: "5xx,429" }
              throughput: { target_rps: 250 }
              safety: { ablation_drop_min: 0.1, correlation_max: 0.9 }
              quorum: 5
              provenance: { require_mlflow_run_id: true }
              rollback: { checkpoint_max_age_hours: 12, load_time_max_s: 20, drill_max_age_days: 3, rto_max_s: 90, rpo_max_s: 60 }
            """;

        var result = Load(yaml);

        Assert.Empty(result.Errors);
        var expected = new VerdictPolicy
        {
            Confidence = 0.99,
            Bootstrap = new BootstrapPolicy { Resamples = 10000, Seed = 7 },
            MinimumSamples = new MinimumSamplesPolicy { Requests = 200, Queries = 10, ScorePairs = 20 },
            Compliance = new CompliancePolicy { K = 1, Uplift = 0.05, UpliftMode = UpliftMode.Absolute, UnlabelledCompliant = false },
            Ndcg = new NdcgPolicy { K = 5 },
            Latency = new LatencyPolicy { P95TargetMs = 80, P95DriftLimitMs = 2.5 },
            ErrorRate = new ErrorRatePolicy { Limit = 0.005, Errors = "5xx,429" },
            Throughput = new ThroughputPolicy { TargetRps = 250 },
            Safety = new SafetyPolicy { AblationDropMin = 0.1, CorrelationMax = 0.9 },
            Quorum = 5,
            Provenance = new ProvenancePolicy { RequireMlflowRunId = true },
            Rollback = new RollbackPolicy { CheckpointMaxAgeHours = 12, LoadTimeMaxSeconds = 20, DrillMaxAgeDays = 3, RtoMaxSeconds = 90, RpoMaxSeconds = 60 },
        };
        Assert.Equal(expected, result.Policy);
    }

    [Theory]
    [InlineData("policy.confidence", "0.5", "0.5 is out of range", "a number greater than 0.5 and less than 1 (default 0.95)")]
    [InlineData("policy.confidence", "1", "1 is out of range", "a number greater than 0.5 and less than 1 (default 0.95)")]
    [InlineData("policy.bootstrap.resamples", "99", "99 is out of range", "a whole number from 100 to 1000000 (default 2000)")]
    [InlineData("policy.bootstrap.resamples", "1000001", "1000001 is out of range", "a whole number from 100 to 1000000 (default 2000)")]
    [InlineData("policy.bootstrap.seed", "2147483648", "2147483648 is too large (at most 2147483647)", "a whole number from -2147483648 to 2147483647 (default 20261122)")]
    [InlineData("policy.minimum_samples.requests", "0", "0 is out of range", "a whole number of at least 1 (default 1000)")]
    [InlineData("policy.minimum_samples.queries", "-3", "-3 is out of range", "a whole number of at least 1 (default 30)")]
    [InlineData("policy.minimum_samples.score_pairs", "0", "0 is out of range", "a whole number of at least 1 (default 100)")]
    [InlineData("policy.compliance.k", "0", "0 is out of range", "a whole number of at least 1 (default 1)")]
    [InlineData("policy.compliance.uplift", "-0.1", "-0.1 is out of range", "a number of at least 0 and less than 10 (default 0.1)")]
    [InlineData("policy.compliance.uplift", "10", "10 is out of range", "a number of at least 0 and less than 10 (default 0.1)")]
    [InlineData("policy.compliance.uplift_mode", "points", "'points' is not a valid value", "relative or absolute (default relative)")]
    [InlineData("policy.ndcg.k", "0", "0 is out of range", "a whole number of at least 1 (default 10)")]
    [InlineData("policy.latency.p95_target_ms", "0", "0 is out of range", "a number greater than 0 (default 50)")]
    [InlineData("policy.latency.p95_drift_limit_ms", "-1", "-1 is out of range", "a number of at least 0 (default 5)")]
    [InlineData("policy.error_rate.limit", "0", "0 is out of range", "a number greater than 0 and less than 1 (default 0.01)")]
    [InlineData("policy.error_rate.limit", "1", "1 is out of range", "a number greater than 0 and less than 1 (default 0.01)")]
    [InlineData("policy.throughput.target_rps", "-5", "-5 is out of range", "a number of at least 0 (default 100)")]
    [InlineData("policy.safety.ablation_drop_min", "1", "1 is out of range", "a number of at least 0 and less than 1 (default 0.05)")]
    [InlineData("policy.safety.ablation_drop_min", "-0.01", "-0.01 is out of range", "a number of at least 0 and less than 1 (default 0.05)")]
    [InlineData("policy.safety.correlation_max", "-1", "-1 is out of range", "a number greater than -1 and at most 1 (default 0.95)")]
    [InlineData("policy.safety.correlation_max", "1.01", "1.01 is out of range", "a number greater than -1 and at most 1 (default 0.95)")]
    [InlineData("policy.quorum", "0", "0 is out of range", "a whole number from 1 to 6 (default 4)")]
    [InlineData("policy.quorum", "7", "7 is out of range", "a whole number from 1 to 6 (default 4)")]
    [InlineData("policy.rollback.checkpoint_max_age_hours", "0", "0 is out of range", "a number greater than 0 (default 24)")]
    [InlineData("policy.rollback.load_time_max_s", "-30", "-30 is out of range", "a number greater than 0 (default 30)")]
    [InlineData("policy.rollback.drill_max_age_days", "0", "0 is out of range", "a number greater than 0 (default 7)")]
    [InlineData("policy.rollback.drill_every_days", "0", "0 is out of range", "a number greater than 0 (default 7)")]
    [InlineData("policy.verdict_max_age_days", "0", "0 is out of range", "a number greater than 0 (default 7)")]
    [InlineData("policy.rollback.rto_max_s", "0", "0 is out of range", "a number greater than 0 (default 120)")]
    [InlineData("policy.rollback.rpo_max_s", "0", "0 is out of range", "a number greater than 0 (default 300)")]
    public void Load_ValueOutOfRange_ReportsValueAndAcceptedRange(string path, string yaml, string problem, string expected)
    {
        var result = Load(PolicyKeyTable.Nest(path, yaml));

        Assert.Null(result.Policy);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Field);
        Assert.Equal(problem, error.Problem);
        Assert.Equal(expected, error.Expected);
        Assert.Equal(path.Count(c => c == '.') + 1, error.Line);
    }

    [Theory]
    [InlineData("confidence: high", "'high' is not a number")]
    [InlineData("confidence: .nan", "'.nan' is not a number")]
    [InlineData("confidence: NaN", "'NaN' is not a finite number")]
    [InlineData("confidence: 1e400", "'1e400' is not a finite number")]
    [InlineData("confidence: \"0.9\"", "'0.9' is quoted, so YAML reads it as a string, not a number")]
    [InlineData("confidence: 0,95", "'0,95' is not a number")]
    [InlineData("confidence: !!str 0.9", "'0.9' is tagged !!str, so YAML reads it as a string, not a number")]
    [InlineData("confidence: !!bool true", "'true' is tagged !!bool, so YAML reads it as a boolean, not a number")]
    [InlineData("confidence: !custom 0.9", "'0.9' has the tag !custom, which Warden does not read; it expects a number")]
    [InlineData("quorum: !!float 4", "'4' is tagged !!float, so YAML reads it as a floating-point number, not a whole number")]
    [InlineData("provenance: { require_mlflow_run_id: !!str true }", "'true' is tagged !!str, so YAML reads it as a string, not true or false")]
    [InlineData("error_rate: { errors: !!int 500 }", "'500' is tagged !!int, so YAML reads it as an integer, not a string")]
    [InlineData("confidence: [0.9]", "a list is not a number")]
    [InlineData("quorum: 4.5", "4.5 is not a whole number")]
    [InlineData("quorum: 4.0", "4.0 is not written as a whole number; write 4")]
    [InlineData("quorum: four", "'four' is not a whole number")]
    [InlineData("provenance: { require_mlflow_run_id: yes }", "'yes' is not a boolean in YAML 1.2")]
    [InlineData("provenance: { require_mlflow_run_id: 1 }", "'1' is not true or false")]
    [InlineData("compliance: { uplift_mode: relativ }", "'relativ' is not a valid value; did you mean 'relative'?")]
    [InlineData("compliance: { uplift_mode: Absolute }", "'Absolute' is not a valid value; did you mean 'absolute'?")]
    [InlineData("latency: 50", "'50' is not a mapping")]
    [InlineData("latency: [1, 2]", "a list is not a mapping")]
    [InlineData("error_rate: { errors: 600 }", "Error spec \"600\": 600 is not an HTTP status code (100–599)")]
    [InlineData("error_rate: { errors: '' }", "the value is an empty string")]
    public void Load_WrongType_ReportsWhatWasFound(string line, string problem)
    {
        var result = Load($"policy:\n  {line}\n");

        Assert.Null(result.Policy);
        Assert.Equal(problem, Assert.Single(result.Errors).Problem);
    }

    [Fact]
    public void Load_TaggedValue_FullMessageNamesTheTagNotQuotes()
    {
        var result = Load("policy:\n  confidence: !!str 0.9\n");

        Assert.Equal(
            "warden.yaml:2:15: policy.confidence: '0.9' is tagged !!str, so YAML reads it as a string, not a number; expected a number greater than 0.5 and less than 1 (default 0.95), without the tag",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Load_TagSayingTheExpectedType_ReadLikeThePlainValue()
    {
        var result = Load("policy:\n  confidence: !!float 0.9\n  quorum: !!int 5\n  provenance: { require_mlflow_run_id: !!bool true }\n  error_rate: { errors: !!str 5xx }\n");

        Assert.Empty(result.Errors);
        Assert.Equal((0.9, 5, true, "5xx"), (result.Policy!.Confidence, result.Policy.Quorum, result.Policy.Provenance.RequireMlflowRunId, result.Policy.ErrorRate.Errors));
    }

    [Fact]
    public void Load_ConfidenceOutOfRange_FullMessageWithPosition()
    {
        var result = Load("policy:\n  confidence: 1.5\n");

        Assert.Equal(
            "warden.yaml:2:15: policy.confidence: 1.5 is out of range; expected a number greater than 0.5 and less than 1 (default 0.95)",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Load_ResamplesTooFew_FullMessageWithPosition()
    {
        var result = Load("policy:\n  bootstrap:\n    resamples: 50\n");

        Assert.Equal(
            "warden.yaml:3:16: policy.bootstrap.resamples: 50 is out of range; expected a whole number from 100 to 1000000 (default 2000)",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Load_BadErrorSpec_ReportsErrorClassifierMessage()
    {
        var result = Load("policy:\n  error_rate:\n    errors: 5xx,abc\n");

        Assert.Equal(
            "warden.yaml:3:13: policy.error_rate.errors: Error spec \"5xx,abc\": \"abc\" is not a status class, status code or ok; "
            + "expected a comma-separated list of status classes (1xx–5xx), status codes (100–599) and the word ok (ok:false counts as an error), e.g. 5xx,429,ok (default 5xx,ok)",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Load_NullValue_SaysRemoveKeyForDefault()
    {
        var result = Load("policy:\n  quorum:\n");

        Assert.Equal(
            "warden.yaml:2:10: policy.quorum: no value given; expected a whole number from 1 to 6 (default 4); remove the key to use the default",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Load_RelativeUpliftOfOne_Accepted()
    {
        // +100 % of the baseline is a legal relative target (the ceiling is 10); only absolute caps at 1.
        var result = Load("policy:\n  compliance:\n    uplift: 1\n    uplift_mode: relative\n");

        Assert.Empty(result.Errors);
        Assert.Equal(1.0, result.Policy!.Compliance.Uplift);
    }

    [Fact]
    public void Load_AbsoluteUpliftAboveOne_IsError()
    {
        // The mode is written after the uplift: the ceiling still follows the mode.
        var result = Load("policy:\n  compliance:\n    uplift: 1.5\n    uplift_mode: absolute\n");

        Assert.Equal(
            "warden.yaml:3:13: policy.compliance.uplift: 1.5 is out of range; expected a number from 0 to 1 (default 0.1)",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Load_UnknownKey_SuggestsClosestKnownKey()
    {
        var result = Load("policy:\n  latency:\n    p95_targt_ms: 40\n");

        Assert.Null(result.Policy);
        Assert.Equal(
            "warden.yaml:3:5: policy.latency.p95_targt_ms: unknown key 'p95_targt_ms'; did you mean 'p95_target_ms'?; expected one of p95_target_ms, p95_drift_limit_ms",
            Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("polcy:\n  quorum: 4\n", "polcy", "unknown key 'polcy'; did you mean 'policy'?", "one of policy")]
    [InlineData("policy:\n  confidnece: 0.9\n", "policy.confidnece", "unknown key 'confidnece'; did you mean 'confidence'?", null)]
    [InlineData("policy:\n  Quorum: 5\n", "policy.Quorum", "unknown key 'Quorum'; did you mean 'quorum'?", null)]
    [InlineData("policy:\n  service_level: 2\n", "policy.service_level", "unknown key 'service_level'", null)]
    public void Load_UnknownKey_IsErrorNotDefault(string yaml, string field, string problem, string? expected)
    {
        var result = Load(yaml);

        Assert.Null(result.Policy);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(problem, error.Problem);
        if (expected is not null)
        {
            Assert.Equal(expected, error.Expected);
        }
    }

    [Fact]
    public void Load_DuplicateKey_ReportsSecondWithFirstLine()
    {
        var result = Load("policy:\n  quorum: 4\n  confidence: 0.9\n  quorum: 5\n");

        Assert.Equal(
            "warden.yaml:4:3: policy.quorum: duplicate key 'quorum' (first given on line 2); expected each key at most once in a mapping; delete one of them",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Load_SeveralErrors_AllReportedInFileOrder()
    {
        // Reading order differs from file order on purpose: unknown and duplicate keys are found
        // when a mapping is indexed, values when they are read, and quorum is read before
        // the nested sections above it.
        var yaml = """
            policy:
              confidence: 1.2
              bootstrap:
                resamples: ten
              latency:
                p95_target_ms: -5
                p95_target_ms: 40
              quorum: 7
              qorum: 3
            """;

        var result = Load(yaml);

        Assert.Null(result.Policy);
        Assert.Equal(
            [
                "warden.yaml:2:15: policy.confidence: 1.2 is out of range; expected a number greater than 0.5 and less than 1 (default 0.95)",
                "warden.yaml:4:16: policy.bootstrap.resamples: 'ten' is not a whole number; expected a whole number from 100 to 1000000 (default 2000)",
                "warden.yaml:6:20: policy.latency.p95_target_ms: -5 is out of range; expected a number greater than 0 (default 50)",
                "warden.yaml:7:5: policy.latency.p95_target_ms: duplicate key 'p95_target_ms' (first given on line 6); expected each key at most once in a mapping; delete one of them",
                "warden.yaml:8:11: policy.quorum: 7 is out of range; expected a whole number from 1 to 6 (default 4)",
                "warden.yaml:9:3: policy.qorum: unknown key 'qorum'; did you mean 'quorum'?; expected one of confidence, bootstrap, minimum_samples, compliance, ndcg, latency, error_rate, throughput, safety, quorum, provenance, rollback, guard, verdict_max_age_days",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_InvalidYaml_OneErrorAtParserPosition()
    {
        var result = Load("policy:\n  confidence: 0.9\n   quorum: 4\n");

        Assert.Null(result.Policy);
        var error = Assert.Single(result.Errors);
        Assert.Equal(string.Empty, error.Field);
        Assert.Equal(3, error.Line);
        Assert.Equal(10, error.Column);
        Assert.Equal(
            "warden.yaml:3:10: invalid YAML: While scanning a plain scalar value, found invalid mapping; expected well-formed YAML; check the indentation, quotes and brackets at or just before this position",
            error.ToString());
    }

    [Fact]
    public void Load_UnclosedFlowSequence_ErrorAtEndOfInput()
    {
        var result = Load("policy:\n  confidence: [0.9\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((3L, 1L), (error.Line, error.Column));
        Assert.Equal("invalid YAML: While parsing a flow sequence, did not find expected ',' or ']'", error.Problem);
    }

    [Theory]
    [InlineData("- policy\n", "the file holds a list, not a mapping")]
    [InlineData("just text\n", "the file holds 'just text', not a mapping")]
    public void Load_TopLevelNotMapping_IsError(string yaml, string problem)
    {
        var result = Load(yaml);

        var error = Assert.Single(result.Errors);
        Assert.Equal(problem, error.Problem);
        Assert.Equal("a mapping with the keys policy", error.Expected);
    }

    [Fact]
    public void Load_SecondDocument_IsError()
    {
        var result = Load("policy:\n  quorum: 4\n---\npolicy:\n  quorum: 5\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((3L, 1L), (error.Line, error.Column));
        Assert.Equal("a second YAML document starts here", error.Problem);
    }

    [Fact]
    public void Load_AnchorsAndAliases_AreResolved()
    {
        var result = Load("policy:\n  latency: { p95_target_ms: &t 80 }\n  throughput: { target_rps: *t }\n");

        Assert.Empty(result.Errors);
        Assert.Equal(80, result.Policy!.Latency.P95TargetMs);
        Assert.Equal(80, result.Policy.Throughput.TargetRps);
    }

    [Fact]
    public void Load_CrlfAndComments_Accepted()
    {
        var result = Load("# warden\r\npolicy:   # the verdict thresholds\r\n  quorum: 5 # of 6\r\n");

        Assert.Empty(result.Errors);
        Assert.Equal(5, result.Policy!.Quorum);
    }

    private static PolicyLoadResult Load(string yaml) => PolicyLoader.Load(new StringReader(yaml), "warden.yaml");
}
