using Warden.Core.Bundle;
using Warden.Core.Policy;
using Warden.Core.Verdicts;
using static Warden.Core.Tests.Verdicts.VerdictFixture;

namespace Warden.Core.Tests.Verdicts;

/// <summary>
/// The rows of the checks table that are not intervals: provenance, integrity and environment,
/// API compatibility and rollback readiness. Expected details are written by hand from the
/// fixture; short hashes are the first 8 hex digits of sha256 of the role name, from
/// <c>hashlib.sha256(b"candidate.run").hexdigest()[:8]</c> = da3896b9.
/// </summary>
public sealed class GateCheckTests
{
    private static readonly VerdictPolicy RequireMlflow = new() { Provenance = new ProvenancePolicy { RequireMlflowRunId = true } };

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["provenance pass"] = new(CheckIds.Provenance, CheckStatus.Pass,
            "All 12 inputs have evidence ids.", [], e => e),
        ["provenance pass with run ids required"] = new(CheckIds.Provenance, CheckStatus.Pass,
            "All 12 inputs have evidence ids, and both arms have MLflow run ids (baseline 8724, candidate 8731).", [], e => e, RequireMlflow),
        ["provenance unread file"] = new(CheckIds.Provenance, CheckStatus.Fail,
            "1 provenance item missing: candidate.telemetry (candidate/telemetry.jsonl): no evidence id (file not found).",
            ["candidate.telemetry (candidate/telemetry.jsonl): no evidence id (file not found)"],
            e => ReplaceInput(e, "candidate.telemetry", i => i with { Id = null, PinnedSha256 = null, Problem = "file not found" })),
        ["provenance file with a problem"] = new(CheckIds.Provenance, CheckStatus.Fail,
            "1 provenance item missing: judgments.qrels (judgments/qrels.txt): 3 malformed lines.",
            ["judgments.qrels (judgments/qrels.txt): 3 malformed lines"],
            e => ReplaceInput(e, "judgments.qrels", i => i with { Problem = "3 malformed lines" })),
        ["provenance run id required and missing"] = new(CheckIds.Provenance, CheckStatus.Fail,
            "1 provenance item missing: candidate: no MLflow run id (provenance.require_mlflow_run_id is on).",
            ["candidate: no MLflow run id (provenance.require_mlflow_run_id is on)"],
            e => e with { Candidate = e.Candidate with { MlflowRunId = null } }, RequireMlflow),
        ["provenance run id missing but not required"] = new(CheckIds.Provenance, CheckStatus.Pass,
            "All 12 inputs have evidence ids.", [],
            e => e with { Candidate = e.Candidate with { MlflowRunId = null } }),
        ["provenance several items"] = new(CheckIds.Provenance, CheckStatus.Fail,
            "3 provenance items missing: baseline.run (baseline/run.trec): no evidence id and 2 more.",
            [
                "baseline.run (baseline/run.trec): no evidence id",
                "baseline: no MLflow run id (provenance.require_mlflow_run_id is on)",
                "candidate: no MLflow run id (provenance.require_mlflow_run_id is on)",
            ],
            e => ReplaceInput(e, "baseline.run", i => i with { Id = null, PinnedSha256 = null }) with
            {
                Baseline = e.Baseline with { MlflowRunId = " " },
                Candidate = e.Candidate with { MlflowRunId = null },
            },
            RequireMlflow),
        ["provenance no inputs"] = new(CheckIds.Provenance, CheckStatus.Fail,
            "1 provenance item missing: the bundle lists no input files.", ["the bundle lists no input files"],
            e => e with { Inputs = [] }),

        ["environment pass"] = new(CheckIds.Environment, CheckStatus.Pass,
            "9 of 12 inputs pinned, all matching; both environment manifests are complete and match the declared artifact sha256.", [], e => e),
        ["environment pass without declared artifacts"] = new(CheckIds.Environment, CheckStatus.Pass,
            "9 of 12 inputs pinned, all matching; both environment manifests are complete.", [],
            e => e with
            {
                Baseline = e.Baseline with { ExpectedArtifactSha256 = null },
                Candidate = e.Candidate with { ExpectedArtifactSha256 = null },
            }),
        ["environment pinned hash mismatch"] = new(CheckIds.Environment, CheckStatus.Fail,
            "1 integrity problem: candidate.run (candidate/run.trec): pinned sha256 deadbeef, read da3896b9.",
            ["candidate.run (candidate/run.trec): pinned sha256 deadbeef, read da3896b9"],
            e => ReplaceInput(e, "candidate.run", i => i with { PinnedSha256 = "deadbeef" + new string('0', 56) })),
        ["environment pin differs only in case"] = new(CheckIds.Environment, CheckStatus.Pass,
            "9 of 12 inputs pinned, all matching; both environment manifests are complete and match the declared artifact sha256.", [],
            e => ReplaceInput(e, "candidate.run", i => i with { PinnedSha256 = i.PinnedSha256!.ToUpperInvariant() })),
        ["environment manifest missing"] = new(CheckIds.Environment, CheckStatus.Fail,
            "1 integrity problem: candidate: no environment manifest.", ["candidate: no environment manifest"],
            e => e with { Candidate = e.Candidate with { Environment = null } }),
        ["environment manifest incomplete"] = new(CheckIds.Environment, CheckStatus.Fail,
            "1 integrity problem: baseline environment manifest: missing os, lock_hash.", ["baseline environment manifest: missing os, lock_hash"],
            e => e with { Baseline = e.Baseline with { Environment = Manifest(BaselineArtifact) with { Os = null, LockHash = null, MissingFields = ["os", "lock_hash"] } } }),
        ["environment artifact differs"] = new(CheckIds.Environment, CheckStatus.Fail,
            "1 integrity problem: candidate: artifact sha256 bbbbbbbb declared in the bundle, manifest says cccccccc.",
            ["candidate: artifact sha256 bbbbbbbb declared in the bundle, manifest says cccccccc"],
            e => e with { Candidate = e.Candidate with { ExpectedArtifactSha256 = new string('b', 64) } }),
        ["environment artifact missing from manifest counted once"] = new(CheckIds.Environment, CheckStatus.Fail,
            "1 integrity problem: candidate environment manifest: missing artifact_sha256.", ["candidate environment manifest: missing artifact_sha256"],
            e => e with { Candidate = e.Candidate with { Environment = Manifest(CandidateArtifact) with { ArtifactSha256 = null, MissingFields = ["artifact_sha256"] } } }),
        ["environment several problems"] = new(CheckIds.Environment, CheckStatus.Fail,
            "3 integrity problems: candidate.run (candidate/run.trec): pinned sha256 deadbeef, read da3896b9 and 2 more.",
            [
                "candidate.run (candidate/run.trec): pinned sha256 deadbeef, read da3896b9",
                "baseline: no environment manifest",
                "candidate: artifact sha256 bbbbbbbb declared in the bundle, manifest says cccccccc",
            ],
            e => ReplaceInput(e, "candidate.run", i => i with { PinnedSha256 = "deadbeef" + new string('0', 56) }) with
            {
                Baseline = e.Baseline with { Environment = null },
                Candidate = e.Candidate with { ExpectedArtifactSha256 = new string('b', 64) },
            }),

        ["api pass"] = new(CheckIds.Api, CheckStatus.Pass,
            "Candidate 'ranker-v2' accepts every baseline input (2) and returns every baseline output (1) by name, datatype and shape.", [], e => e),
        ["api candidate metadata missing"] = new(CheckIds.Api, CheckStatus.Fail,
            "Compatibility cannot be shown: model metadata missing for candidate.", ["model metadata missing for candidate"],
            e => e with { Candidate = e.Candidate with { Metadata = null } }),
        ["api both metadata missing"] = new(CheckIds.Api, CheckStatus.Fail,
            "Compatibility cannot be shown: model metadata missing for baseline and candidate.", ["model metadata missing for baseline and candidate"],
            e => e with { Baseline = e.Baseline with { Metadata = null }, Candidate = e.Candidate with { Metadata = null } }),
        ["api breaking change"] = new(CheckIds.Api, CheckStatus.Fail,
            "2 breaking API changes: input 'image' shape [-1,3,224,224] → [-1,3,256,256] and 1 more.",
            ["input 'image' shape [-1,3,224,224] → [-1,3,256,256]", "output 'scores' datatype changed FP32 → FP16"],
            e => e with
            {
                Candidate = e.Candidate with
                {
                    Metadata = Metadata(
                        "ranker-v2",
                        [new("query_text", "BYTES", [-1]), new("image", "FP32", [-1, 3, 256, 256])],
                        [new("scores", "FP16", [-1, 100])]),
                },
            }),

        ["rollback no data"] = new(CheckIds.Rollback, CheckStatus.Inconclusive,
            "No checkpoint or drill data given yet, so rollback readiness cannot be shown.", [], e => e with { Rollback = null }),
        ["rollback pass"] = new(CheckIds.Rollback, CheckStatus.Pass,
            "Checkpoint 2.3.0 verified 3.0 h ago and loads in 12.0 s; drill passed 2.0 d ago (RTO 45 s, RPO 60 s).", [], e => e),
        ["rollback at every limit"] = new(CheckIds.Rollback, CheckStatus.Pass,
            "Checkpoint 2.3.0 verified 24.0 h ago and loads in 29.9 s; drill passed 7.0 d ago (RTO 120 s, RPO 300 s).", [],
            e => e with
            {
                Rollback = ReadyRollback with
                {
                    VerifiedAt = AsOf.AddHours(-24), LoadTimeSeconds = 29.9, DrillPassedAt = AsOf.AddDays(-7), DrillRtoSeconds = 120, DrillRpoSeconds = 300,
                },
            }),
        ["rollback drill without rto or rpo"] = new(CheckIds.Rollback, CheckStatus.Pass,
            "Checkpoint 2.3.0 verified 3.0 h ago and loads in 12.0 s; drill passed 2.0 d ago (RTO not measured, RPO not measured).", [],
            e => e with { Rollback = ReadyRollback with { DrillRtoSeconds = null, DrillRpoSeconds = null } }),
        ["rollback checkpoint not verified"] = new(CheckIds.Rollback, CheckStatus.Fail,
            "Rollback not ready, 1 failing item: checkpoint 2.3.0: sha256 not verified.", ["checkpoint 2.3.0: sha256 not verified"],
            e => e with { Rollback = ReadyRollback with { Sha256Verified = false } }),
        ["rollback checkpoint too old"] = new(CheckIds.Rollback, CheckStatus.Fail,
            "Rollback not ready, 1 failing item: checkpoint verified 24.5 h ago, more than 24 h.", ["checkpoint verified 24.5 h ago, more than 24 h"],
            e => e with { Rollback = ReadyRollback with { VerifiedAt = AsOf.AddHours(-24.5) } }),
        ["rollback load time at limit"] = new(CheckIds.Rollback, CheckStatus.Fail,
            "Rollback not ready, 1 failing item: checkpoint load time 30.0 s, not under 30 s.", ["checkpoint load time 30.0 s, not under 30 s"],
            e => e with { Rollback = ReadyRollback with { LoadTimeSeconds = 30 } }),
        ["rollback no drill"] = new(CheckIds.Rollback, CheckStatus.Fail,
            "Rollback not ready, 1 failing item: no recovery drill has passed.", ["no recovery drill has passed"],
            e => e with { Rollback = ReadyRollback with { DrillPassedAt = null, DrillRtoSeconds = null, DrillRpoSeconds = null } }),
        ["rollback drill too old"] = new(CheckIds.Rollback, CheckStatus.Fail,
            "Rollback not ready, 1 failing item: last drill passed 8.0 d ago, more than 7 d.", ["last drill passed 8.0 d ago, more than 7 d"],
            e => e with { Rollback = ReadyRollback with { DrillPassedAt = AsOf.AddDays(-8) } }),
        ["rollback rto and rpo over"] = new(CheckIds.Rollback, CheckStatus.Fail,
            "Rollback not ready, 2 failing items: drill RTO 150 s, more than 120 s and 1 more.",
            ["drill RTO 150 s, more than 120 s", "drill RPO 400 s, more than 300 s"],
            e => e with { Rollback = ReadyRollback with { DrillRtoSeconds = 150, DrillRpoSeconds = 400 } }),
        ["rollback everything fails"] = new(CheckIds.Rollback, CheckStatus.Fail,
            "Rollback not ready, 6 failing items: checkpoint 2.3.0: sha256 not verified and 5 more.",
            [
                "checkpoint 2.3.0: sha256 not verified",
                "checkpoint verified 48.0 h ago, more than 24 h",
                "checkpoint load time 45.0 s, not under 30 s",
                "last drill passed 10.0 d ago, more than 7 d",
                "drill RTO 121 s, more than 120 s",
                "drill RPO 301 s, more than 300 s",
            ],
            e => e with
            {
                Rollback = ReadyRollback with
                {
                    Sha256Verified = false, VerifiedAt = AsOf.AddHours(-48), LoadTimeSeconds = 45, DrillPassedAt = AsOf.AddDays(-10), DrillRtoSeconds = 121, DrillRpoSeconds = 301,
                },
            }),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Decide_GateCheckRow_GivesStatusReasonAndDetails(string name)
    {
        var @case = Cases[name];

        var check = Check(VerdictEngine.Decide(@case.Change(Passing()), @case.Policy ?? Defaults), @case.Id);

        Assert.Equal(@case.Status, check.Status);
        Assert.Equal(@case.Reason, check.Reason);
        Assert.Equal(@case.Details, check.Details.ToArray());
        Assert.Null(check.Observed);
    }

    [Fact]
    public void Decide_GateChecks_CiteTheInputsTheyJudged()
    {
        var decision = VerdictEngine.Decide(Passing(), Defaults);

        Assert.Equal(Inputs.Select(i => i.Id!.Value).ToArray(), Check(decision, CheckIds.Provenance).Evidence.ToArray());
        Assert.Equal(Inputs.Select(i => i.Id!.Value).ToArray(), Check(decision, CheckIds.Environment).Evidence.ToArray());
        Assert.Equal(Ids("baseline.metadata", "candidate.metadata"), Check(decision, CheckIds.Api).Evidence.ToArray());
        Assert.Equal(Ids("rollback"), Check(decision, CheckIds.Rollback).Evidence.ToArray());
    }

    [Fact]
    public void Decide_UnreadFile_IsLeftOutOfTheCitedEvidence()
    {
        var evidence = ReplaceInput(Passing(), "candidate.telemetry", i => i with { Id = null, PinnedSha256 = null, Problem = "file not found" });

        var cited = Check(VerdictEngine.Decide(evidence, Defaults), CheckIds.Provenance).Evidence;

        Assert.Equal(11, cited.Length);
        Assert.DoesNotContain(Id("candidate.telemetry"), cited);
    }

    private static VerdictEvidence ReplaceInput(VerdictEvidence evidence, string role, Func<BundleInput, BundleInput> change) =>
        evidence with { Inputs = [.. evidence.Inputs.Select(i => i.Role == role ? change(i) : i)] };

    private sealed record Case(
        string Id, CheckStatus Status, string Reason, string[] Details, Func<VerdictEvidence, VerdictEvidence> Change, VerdictPolicy? Policy = null);
}
