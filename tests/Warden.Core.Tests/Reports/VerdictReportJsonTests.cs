using System.Collections.Immutable;
using System.Text.Json;
using Warden.Core.Reports;
using Warden.Core.Verdicts;

namespace Warden.Core.Tests.Reports;

public sealed class VerdictReportJsonTests
{
    [Theory]
    [InlineData(VerdictOutcome.Go, "GO", 0, new string[0])]
    [InlineData(VerdictOutcome.ShadowOnly, "SHADOW_ONLY", 3, new[] { "latency.p95" })]
    [InlineData(VerdictOutcome.PauseAndFix, "PAUSE_AND_FIX", 4, new[] { "latency.p95", "latency.p95_drift" })]
    [InlineData(VerdictOutcome.Reject, "REJECT", 5, new[] { "safety.ablation_drop" })]
    public void Json_EachOutcome_OutcomeExitCodeFindingsAndVotes(VerdictOutcome outcome, string token, int exitCode, string[] findings)
    {
        using var json = Parse(outcome);
        var root = json.RootElement;

        Assert.Equal("search-ranker-2026-11", root.GetProperty("deployment_id").GetString());
        Assert.Equal(VerdictFixture.AsOf, root.GetProperty("as_of").GetDateTimeOffset());
        Assert.Equal(token, root.GetProperty("outcome").GetString());
        Assert.Equal(exitCode, root.GetProperty("exit_code").GetInt32());
        Assert.Equal(exitCode, VerdictReport.ExitCode(outcome));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("rule").GetString()));
        Assert.Equal(findings, root.GetProperty("findings").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(4, root.GetProperty("quorum").GetInt32());
        Assert.Equal(outcome == VerdictOutcome.Go ? 6 : 5, root.GetProperty("go_votes").GetInt32());
        var votes = root.GetProperty("votes").EnumerateArray().ToList();
        Assert.Equal(6, votes.Count);
        Assert.Equal("latency_analyst", votes[1].GetProperty("reviewer").GetString());
        Assert.Equal(
            outcome switch { VerdictOutcome.ShadowOnly => "HOLD", VerdictOutcome.PauseAndFix => "NO_GO", _ => "GO" },
            votes[1].GetProperty("vote").GetString());
        Assert.Equal("latency.p95", votes[1].GetProperty("decisive_check").GetString());
    }

    [Fact]
    public void Json_Checks_CarryObservedIntervalMethodAndEvidence()
    {
        using var json = Parse(VerdictOutcome.Go);
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToList();

        Assert.Equal(12, checks.Count);
        var uplift = checks[0];
        Assert.Equal("compliance.uplift", uplift.GetProperty("id").GetString());
        Assert.Equal("Compliance@1 uplift", uplift.GetProperty("name").GetString());
        Assert.Equal("compliance", uplift.GetProperty("dimension").GetString());
        Assert.Equal("compliance_monitor", uplift.GetProperty("reviewer").GetString());
        Assert.Equal("PASS", uplift.GetProperty("status").GetString());
        var observed = uplift.GetProperty("observed");
        Assert.Equal(0.142, observed.GetProperty("value").GetDouble());
        Assert.Equal(0.091, observed.GetProperty("ci_low").GetDouble());
        Assert.Equal(0.193, observed.GetProperty("ci_high").GetDouble());
        Assert.Equal("bootstrap-percentile", observed.GetProperty("method").GetString());
        Assert.Equal(500, observed.GetProperty("n").GetInt64());
        Assert.Equal(2000, observed.GetProperty("resamples").GetInt32());
        Assert.Equal(20261122, observed.GetProperty("seed").GetInt32());
        Assert.Equal("≥ +10 % relative, CI95 of Δ > 0", uplift.GetProperty("target").GetString());
        Assert.Equal(JsonValueKind.Array, uplift.GetProperty("details").ValueKind);
        Assert.Equal(
            [VerdictFixture.BaselineRun.Value, VerdictFixture.CandidateRun.Value, VerdictFixture.Labels.Value],
            uplift.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, checks.Single(c => c.GetProperty("id").GetString() == "integration.api").GetProperty("observed").ValueKind);
        var p95 = checks[1].GetProperty("observed");
        Assert.Equal("order-statistic", p95.GetProperty("method").GetString());
        Assert.Equal(JsonValueKind.Null, p95.GetProperty("resamples").ValueKind);
        Assert.Equal(JsonValueKind.Null, p95.GetProperty("seed").ValueKind);
    }

    [Fact]
    public void Json_InfiniteBound_IsNull()
    {
        var (decision, evidence, policy) = VerdictFixture.Go();
        var checks = decision.Checks.Select(c => c.Id == "throughput.rps"
            ? c with { Observed = c.Observed! with { High = double.PositiveInfinity } }
            : c).ToImmutableArray();

        using var json = JsonDocument.Parse(VerdictReport.Json(decision with { Checks = checks }, evidence, policy));
        var observed = json.RootElement.GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("id").GetString() == "throughput.rps").GetProperty("observed");

        Assert.Equal(JsonValueKind.Null, observed.GetProperty("ci_high").ValueKind);
        Assert.Equal(128.1, observed.GetProperty("ci_low").GetDouble());
    }

    [Fact]
    public void Json_InputsAndArms_CarryIdsHashesPinsAndRunIds()
    {
        var (decision, evidence, policy) = VerdictFixture.Go();
        evidence = evidence with
        {
            Candidate = evidence.Candidate with { MlflowRunId = "8724" },
            Inputs = [.. evidence.Inputs.Select(i => i.Role == "candidate.run" ? i with { PinnedSha256 = new string('0', 64), MlflowRunId = "8724" } : i)],
        };

        using var json = JsonDocument.Parse(VerdictReport.Json(decision, evidence, policy));
        var inputs = json.RootElement.GetProperty("inputs").EnumerateArray().ToList();
        var run = inputs.Single(i => i.GetProperty("role").GetString() == "candidate.run");

        Assert.Equal(12, inputs.Count);
        Assert.Equal("candidate/run.txt", run.GetProperty("path").GetString());
        Assert.Equal(VerdictFixture.CandidateRun.Value, run.GetProperty("evidence_id").GetString());
        Assert.Equal(VerdictFixture.CandidateRun.Sha256, run.GetProperty("sha256").GetString());
        Assert.Equal(new string('0', 64), run.GetProperty("pinned_sha256").GetString());
        Assert.True(run.GetProperty("pin_mismatch").GetBoolean());
        Assert.Equal("8724", run.GetProperty("mlflow_run_id").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("problem").ValueKind);
        Assert.Equal("8724", json.RootElement.GetProperty("candidate").GetProperty("mlflow_run_id").GetString());
        Assert.Equal("v2.3.1", json.RootElement.GetProperty("baseline").GetProperty("version").GetString());
    }

    [Fact]
    public void Json_Policy_IsWholeWithWardenYamlKeys()
    {
        using var json = Parse(VerdictOutcome.Go);
        var policy = json.RootElement.GetProperty("policy");

        Assert.Equal(0.95, policy.GetProperty("confidence").GetDouble());
        Assert.Equal(2000, policy.GetProperty("bootstrap").GetProperty("resamples").GetInt32());
        Assert.Equal("relative", policy.GetProperty("compliance").GetProperty("uplift_mode").GetString());
        Assert.Equal(50, policy.GetProperty("latency").GetProperty("p95_target_ms").GetDouble());
        Assert.Equal(0.05, policy.GetProperty("safety").GetProperty("ablation_drop_min").GetDouble());
        Assert.Equal(100, policy.GetProperty("minimum_samples").GetProperty("score_pairs").GetInt32());
        Assert.Equal(4, policy.GetProperty("quorum").GetInt32());
        Assert.False(policy.GetProperty("provenance").GetProperty("require_mlflow_run_id").GetBoolean());
        var rollback = policy.GetProperty("rollback");
        Assert.Equal(30, rollback.GetProperty("load_time_max_s").GetDouble());
        Assert.Equal(120, rollback.GetProperty("rto_max_s").GetDouble());
        Assert.Equal(300, rollback.GetProperty("rpo_max_s").GetDouble());
        Assert.Equal(24, rollback.GetProperty("checkpoint_max_age_hours").GetDouble());
    }

    [Fact]
    public void Json_Text_IsIndentedWithLfAndReadableUnicode()
    {
        var (decision, evidence, policy) = VerdictFixture.Go();
        var text = VerdictReport.Json(decision, evidence, policy);

        Assert.StartsWith("{\n  \"deployment_id\": \"search-ranker-2026-11\",\n", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', text);
        Assert.Contains("\"target\": \"≥ +10 % relative, CI95 of Δ > 0\"", text, StringComparison.Ordinal);
    }

    private static JsonDocument Parse(VerdictOutcome outcome)
    {
        var (decision, evidence, policy) = VerdictFixture.For(outcome);
        return JsonDocument.Parse(VerdictReport.Json(decision, evidence, policy));
    }
}
