using System.Collections.Immutable;
using System.Text;
using Warden.Core.Bundle;
using Warden.Core.Evidence;
using Warden.Core.Policy;
using Warden.Core.Statistics;
using Warden.Core.Verdicts;

namespace Warden.Core.Tests.Verdicts;

/// <summary>
/// Hand-built evidence. <see cref="Passing"/> passes all twelve checks under the default policy
/// with clear margins; each test changes only what it is about, so the status it asserts comes
/// from that change alone.
/// </summary>
internal static class VerdictFixture
{
    internal static readonly DateTimeOffset AsOf = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    internal static readonly string BaselineArtifact = new('a', 64);
    internal static readonly string CandidateArtifact = new('c', 64);

    internal static readonly VerdictPolicy Defaults = new();

    /// <summary>The id of a file whose bytes are <paramref name="role"/> in UTF-8, so each role has its own stable id.</summary>
    internal static EvidenceId Id(string role) => EvidenceId.Of(Encoding.UTF8.GetBytes(role));

    internal static EvidenceId[] Ids(params string[] roles) => [.. roles.Select(Id)];

    internal static Estimate Est(double value, double low, double high, long n = 500, string method = "test", params string[] roles) => new()
    {
        Value = value,
        Low = low,
        High = high,
        Method = method,
        SampleSize = n,
        Evidence = [.. roles.Select(Id)],
    };

    internal static ModelMetadata Metadata(string name, IReadOnlyList<TensorSpec>? inputs = null, IReadOnlyList<TensorSpec>? outputs = null) => new()
    {
        Name = name,
        Versions = ["1"],
        Platform = "onnxruntime_onnx",
        Inputs = inputs ?? [new("query_text", "BYTES", [-1]), new("image", "FP32", [-1, 3, 224, 224])],
        Outputs = outputs ?? [new("scores", "FP32", [-1, 100])],
    };

    internal static EnvironmentManifest Manifest(string artifact) => new()
    {
        Runtime = "python 3.11.7 / onnxruntime 1.20",
        Os = "ubuntu-24.04",
        LockHash = new string('1', 64),
        ArtifactSha256 = artifact,
    };

    internal static BundleInput Input(string role, string path, bool pinned = true) => new()
    {
        Role = role,
        Path = path,
        Id = Id(role),
        PinnedSha256 = pinned ? Id(role).Sha256 : null,
    };

    internal static ImmutableArray<BundleInput> Inputs =>
    [
        Input("baseline.telemetry", "baseline/telemetry.jsonl"),
        Input("baseline.run", "baseline/run.trec"),
        Input("baseline.metadata", "baseline/metadata.json"),
        Input("baseline.environment", "baseline/environment.json"),
        Input("candidate.telemetry", "candidate/telemetry.jsonl"),
        Input("candidate.run", "candidate/run.trec"),
        Input("candidate.ablated_run", "candidate/ablated.trec"),
        Input("candidate.metadata", "candidate/metadata.json"),
        Input("candidate.environment", "candidate/environment.json"),
        Input("judgments.qrels", "judgments/qrels.txt", pinned: false),
        Input("judgments.compliance", "judgments/compliance.txt", pinned: false),
        Input("rollback", "rollback.json", pinned: false),
    ];

    internal static RollbackReadiness ReadyRollback => new()
    {
        CheckpointVersion = "2.3.0",
        Sha256Verified = true,
        VerifiedAt = AsOf.AddHours(-3),
        LoadTimeSeconds = 12,
        DrillPassedAt = AsOf.AddDays(-2),
        DrillRtoSeconds = 45,
        DrillRpoSeconds = 60,
    };

    internal static VerdictEvidence Passing() => new()
    {
        DeploymentId = "search-ranker-2026-03",
        AsOf = AsOf,
        Baseline = new ArmMeasurements
        {
            Version = "2.3.0",
            MlflowRunId = "8724",
            Requests = 120_000,
            P95 = Est(46.2, 45.8, 46.6, 120_000, "order-statistic", "baseline.telemetry"),
            ErrorRate = Est(0.0040, 0.0037, 0.0044, 120_000, "wilson", "baseline.telemetry"),
            Throughput = Est(150.0, 149.2, 150.8, 120_000, "poisson", "baseline.telemetry"),
            Environment = Manifest(BaselineArtifact),
            Metadata = Metadata("ranker-v1"),
            ExpectedArtifactSha256 = BaselineArtifact,
        },
        Candidate = new ArmMeasurements
        {
            Version = "2.4.0",
            MlflowRunId = "8731",
            Requests = 118_000,
            P95 = Est(47.8, 46.9, 48.7, 118_000, "order-statistic", "candidate.telemetry"),
            ErrorRate = Est(0.0042, 0.0031, 0.0056, 118_000, "wilson", "candidate.telemetry"),
            Throughput = Est(152.3, 150.1, 154.5, 118_000, "poisson", "candidate.telemetry"),
            Environment = Manifest(CandidateArtifact),
            Metadata = Metadata("ranker-v2"),
            ExpectedArtifactSha256 = CandidateArtifact,
        },
        ComplianceUplift = Est(0.123, 0.104, 0.142, 500, "bootstrap-percentile", "baseline.run", "candidate.run", "judgments.compliance"),
        ComplianceDelta = Est(0.025, 0.012, 0.038, 500, "bootstrap-percentile", "baseline.run", "candidate.run", "judgments.compliance"),
        NdcgDelta = Est(0.0123, 0.0051, 0.0197, 500, "bootstrap-percentile", "baseline.run", "candidate.run", "judgments.qrels"),
        P95Drift = Est(1.6, 0.9, 2.4, 118_000, "bootstrap-percentile", "baseline.telemetry", "candidate.telemetry"),
        AblationDrop = Est(0.082, 0.051, 0.113, 500, "bootstrap-percentile", "candidate.run", "candidate.ablated_run", "judgments.qrels"),
        ScoreCorrelation = Est(0.812, 0.790, 0.832, 5_000, "pearson-fisher-z", "baseline.run", "candidate.run"),
        Inputs = Inputs,
        Rollback = ReadyRollback,
    };

    internal static CheckResult Check(VerdictDecision decision, string id) => decision.Checks.Single(check => check.Id == id);
}
