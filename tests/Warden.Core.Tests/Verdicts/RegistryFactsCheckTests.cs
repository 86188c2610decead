using Warden.Core.Verdicts;
using static Warden.Core.Tests.Verdicts.VerdictFixture;

namespace Warden.Core.Tests.Verdicts;

public sealed class RegistryFactsCheckTests
{
    private static RegistryFacts Facts(RegisteredArtifact? baseline = null, RegisteredArtifact? candidate = null, RegistryCheckpoint? checkpoint = null, RegistryDrill? drill = null) => new()
    {
        Source = "sqlite:/tmp/warden.db",
        Model = "ranker",
        Baseline = baseline,
        Candidate = candidate,
        Checkpoint = checkpoint,
        Drill = drill,
    };

    private static RegistryDrill Drill(double daysAgo = 1, bool passed = true, double? rto = 1.8, double? rpo = 60, string? notVouched = null) => new()
    {
        RunId = "dr-20260228T120000000Z-1",
        Fault = "errors",
        RanAt = AsOf.AddDays(-daysAgo),
        Passed = passed,
        RtoSeconds = rto,
        RpoSeconds = rpo,
        Problem = passed ? null : "the guard did not roll back within 60 s of the fault (drill.timeout_s); the drill aborted the rollout",
        Evidence = passed ? "rollback_log.json#rb-20260228T120002000Z-7" : "recovery_test.json#dr-20260228T120000000Z-1",
        AuditEvent = "evt-42",
        NotVouched = notVouched,
    };

    private static RegisteredArtifact Registered(string version, string sha256, string? tamper = null) => new() { Version = version, Sha256 = sha256, TamperReason = tamper };

    private static RegistryCheckpoint Checkpoint(double hoursAgo = 2, double? load = 4.5, bool verified = true, bool reachable = true, string? problem = null) => new()
    {
        Version = "2.3.0",
        VerifiedAt = AsOf.AddHours(-hoursAgo),
        Sha256Verified = verified,
        Reachable = reachable,
        LoadTimeSeconds = load,
        Problem = problem,
    };

    private static CheckResult Run(VerdictEvidence evidence, string id) => Check(VerdictEngine.Decide(evidence, Defaults), id);

    [Fact]
    public void Environment_BothRegisteredAndMatching_PassesAndSaysSo()
    {
        var evidence = Passing() with { Registry = Facts(Registered("2.3.0", BaselineArtifact), Registered("2.4.0", CandidateArtifact)) };

        var check = Run(evidence, CheckIds.Environment);

        Assert.Equal(CheckStatus.Pass, check.Status);
        Assert.EndsWith("; registry (ranker): baseline and candidate as registered, not tampered.", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_CandidateMarkedTampered_FailsAndRejects()
    {
        var evidence = Passing() with { Registry = Facts(candidate: Registered("2.4.0", CandidateArtifact, "sha256 differs")) };

        var decision = VerdictEngine.Decide(evidence, Defaults);
        var check = Check(decision, CheckIds.Environment);

        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Equal("candidate ranker 2.4.0 is marked tampered in the registry (sha256 differs)", Assert.Single(check.Details));
        Assert.Equal(VerdictOutcome.Reject, decision.Outcome);
    }

    [Fact]
    public void Environment_RegisteredHashDiffersFromBundle_Fails()
    {
        var other = new string('b', 64);
        var evidence = Passing() with { Registry = Facts(baseline: Registered("2.3.0", other)) };

        var check = Run(evidence, CheckIds.Environment);

        Assert.Equal(CheckStatus.Fail, check.Status);
        var detail = Assert.Single(check.Details);
        Assert.StartsWith("baseline: artifact sha256 aaaaaaaa", detail, StringComparison.Ordinal);
        Assert.Contains("registry has bbbbbbbb", detail, StringComparison.Ordinal);
        Assert.EndsWith("for ranker 2.3.0", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_NeitherRegistered_PassesAndSaysNotRegistered()
    {
        var check = Run(Passing() with { Registry = Facts() }, CheckIds.Environment);

        Assert.Equal(CheckStatus.Pass, check.Status);
        Assert.EndsWith("; neither version is registered as ranker in the registry.", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rollback_RegistryCheckpoint_TakesPrecedenceOverJsonCheckpoint()
    {
        // The JSON says 12 s and 3 h; the registry says 4.5 s and 2 h: the registry's figures are reported.
        var check = Run(Passing() with { Registry = Facts(checkpoint: Checkpoint()) }, CheckIds.Rollback);

        Assert.Equal(CheckStatus.Pass, check.Status);
        Assert.Equal("Checkpoint 2.3.0 (registry) verified 2.0 h ago and loads in 4.5 s; drill passed 2.0 d ago (RTO 45 s, RPO 60 s).", check.Reason);
    }

    [Fact]
    public void Rollback_RegistryCheckpointWithoutDrillData_IsInconclusive()
    {
        var check = Run(Passing() with { Rollback = null, Registry = Facts(checkpoint: Checkpoint()) }, CheckIds.Rollback);

        Assert.Equal(CheckStatus.Inconclusive, check.Status);
        Assert.Equal("Checkpoint 2.3.0 (registry) verified 2.0 h ago and loads in 4.5 s, but no recovery drill data is given, so a tested rollback cannot be shown.", check.Reason);
    }

    public static TheoryData<string, RegistryCheckpoint, string[]> FailingCheckpoints => new()
    {
        { "stale", Checkpoint(hoursAgo: 30), ["checkpoint verified 30.0 h ago, more than 24 h"] },
        { "slow", Checkpoint(load: 31), ["checkpoint load time 31.0 s, not under 30 s"] },
        { "tampered", Checkpoint(verified: false, load: null), ["checkpoint 2.3.0 (registry): sha256 not verified"] },
        { "unreachable", Checkpoint(reachable: false, verified: false, load: null, problem: "file not found"), ["checkpoint 2.3.0 (registry): storage not reachable (file not found)"] },
        { "load failed", Checkpoint(load: null, problem: "load command exited with 3"), ["checkpoint 2.3.0 (registry): load failed (load command exited with 3)"] },
    };

    [Theory]
    [MemberData(nameof(FailingCheckpoints))]
    public void Rollback_RegistryCheckpointOutsideLimits_FailsEvenWithoutDrillData(string name, RegistryCheckpoint checkpoint, string[] details)
    {
        var check = Run(Passing() with { Rollback = null, Registry = Facts(checkpoint: checkpoint) }, CheckIds.Rollback);

        Assert.True(check.Status == CheckStatus.Fail, name);
        Assert.Equal(details, check.Details);
    }

    [Fact]
    public void Rollback_StoreDrill_OutranksTheBundlesDrillFieldsAndIsCited()
    {
        // The bundle's JSON says its drill passed 2 days ago with RTO 45 s; the store's says 1 day and 1.8 s.
        var check = Run(Passing() with { Registry = Facts(checkpoint: Checkpoint(), drill: Drill()) }, CheckIds.Rollback);

        Assert.Equal(CheckStatus.Pass, check.Status);
        Assert.Equal(
            "Checkpoint 2.3.0 (registry) verified 2.0 h ago and loads in 4.5 s; drill dr-20260228T120000000Z-1 (errors) passed 1.0 d ago (RTO 1.8 s, RPO 60 s; rollback_log.json#rb-20260228T120002000Z-7, audit evt-42).",
            check.Reason);
    }

    [Fact]
    public void Rollback_StoreDrillWithoutBundleJson_Passes()
    {
        var check = Run(Passing() with { Rollback = null, Registry = Facts(checkpoint: Checkpoint(), drill: Drill()) }, CheckIds.Rollback);

        Assert.Equal(CheckStatus.Pass, check.Status);
    }

    [Fact]
    public void Rollback_StoreDrillButNoCheckpointAnywhere_IsInconclusive()
    {
        var check = Run(Passing() with { Rollback = null, Registry = Facts(drill: Drill()) }, CheckIds.Rollback);

        Assert.Equal(CheckStatus.Inconclusive, check.Status);
        Assert.Equal("Drill dr-20260228T120000000Z-1 is recorded, but no checkpoint of the known-good version is verified, so rollback readiness cannot be shown.", check.Reason);
    }

    // Rows at each limit of the default policy: drill_max_age_days 7, rto_max_s 120, rpo_max_s 300
    // (the limit itself passes; just beyond it fails), and the drill's own outcome.
    public static TheoryData<string, RegistryDrill, string[]> StoreDrills => new()
    {
        { "7 d old exactly", Drill(daysAgo: 7), [] },
        { "7 d + 1 s old", Drill(daysAgo: 7 + (1.0 / 86_400)), ["latest drill dr-20260228T120000000Z-1 ran 7.0 d ago, more than 7 d"] },
        { "RTO 120 s exactly", Drill(rto: 120), [] },
        { "RTO 120.01 s", Drill(rto: 120.01), ["drill RTO 120.01 s, more than 120 s"] },
        { "RPO 300 s exactly", Drill(rpo: 300, daysAgo: 1), [] },
        { "RPO 300.5 s", Drill(rpo: 300.5), ["drill RPO 300.5 s, more than 300 s"] },
        { "RTO and RPO not measured", Drill(rto: null, rpo: null), [] },
        { "failed", Drill(passed: false, rto: null), ["latest drill dr-20260228T120000000Z-1 (errors) failed: the guard did not roll back within 60 s of the fault (drill.timeout_s); the drill aborted the rollout"] },
        { "not vouched", Drill(notVouched: "the hash of audit event evt-42 does not match its content"), ["latest drill dr-20260228T120000000Z-1 is not vouched for by the audit log (the hash of audit event evt-42 does not match its content)"] },
    };

    [Theory]
    [MemberData(nameof(StoreDrills))]
    public void Rollback_StoreDrillAtAndBeyondEachLimit_PassesOrFailsListingIt(string name, RegistryDrill drill, string[] details)
    {
        var check = Run(Passing() with { Rollback = null, Registry = Facts(checkpoint: Checkpoint(), drill: drill) }, CheckIds.Rollback);

        Assert.True(check.Status == (details.Length == 0 ? CheckStatus.Pass : CheckStatus.Fail), $"{name}: {check.Status} {check.Reason}");
        Assert.Equal(details, details.Length == 0 ? details : check.Details);
    }
}
