using Warden.Core.Bundle;
using Warden.Core.Policy;
using Warden.Core.Ranking;
using Warden.Core.Statistics;

namespace Warden.Core.Verdicts;

/// <summary>
/// Turns the parsed inputs of a bundle into <see cref="VerdictEvidence"/>: per-arm estimates and
/// the comparisons between arms, every one with its interval and evidence ids. A comparison whose
/// inputs are missing stays null, and the check that needs it says INCONCLUSIVE.
/// </summary>
public static class MeasurementBuilder
{
    /// <summary>Computes every measurement the reviewers need.</summary>
    /// <param name="deploymentId">Deployment id of the bundle.</param>
    /// <param name="asOf">Time ages are measured at.</param>
    /// <param name="baseline">Production arm.</param>
    /// <param name="candidate">Candidate arm.</param>
    /// <param name="qrels">Relevance judgments, if given.</param>
    /// <param name="labels">Compliance labels, if given.</param>
    /// <param name="inputs">Every file of the bundle.</param>
    /// <param name="rollback">Rollback readiness data, if given.</param>
    /// <param name="policy">Confidence, bootstrap settings and cut-offs.</param>
    public static VerdictEvidence Build(
        string deploymentId,
        DateTimeOffset asOf,
        ArmData baseline,
        ArmData candidate,
        Qrels? qrels,
        Qrels? labels,
        IReadOnlyList<BundleInput> inputs,
        RollbackReadiness? rollback,
        VerdictPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(policy);
        var confidence = policy.Confidence;
        var resamples = policy.Bootstrap.Resamples;
        var seed = policy.Bootstrap.Seed;
        var unlabelled = policy.Compliance.UnlabelledCompliant ? UnlabelledDocuments.Compliant : UnlabelledDocuments.NotCompliant;

        var ndcgBase = Ndcg(qrels, baseline.Run, policy);
        var ndcgCand = Ndcg(qrels, candidate.Run, policy);
        var ndcgAblated = Ndcg(qrels, candidate.AblatedRun, policy);
        var compBase = Compliance(labels, baseline.Run, policy.Compliance.K, unlabelled);
        var compCand = Compliance(labels, candidate.Run, policy.Compliance.K, unlabelled);

        // The bootstraps are independent (each seeds its own Random), so they run side by side;
        // the results do not depend on scheduling.
        var complianceDelta = Later(() => compBase is not null && compCand is not null
            ? PairedBootstrap.MeanDifference(compBase, compCand, resamples, seed, confidence)
                .WithEvidence(baseline.Run!.Evidence.Id, candidate.Run!.Evidence.Id, labels!.Evidence.Id)
            : null);
        var relativeUplift = Later(() => policy.Compliance.UpliftMode == UpliftMode.Absolute
            ? null
            : RelativeUplift(compBase, compCand, policy)?.WithEvidence(baseline.Run!.Evidence.Id, candidate.Run!.Evidence.Id, labels!.Evidence.Id));
        var ndcgDelta = Later(() => ndcgBase is not null && ndcgCand is not null
            ? PairedBootstrap.MeanDifference(ndcgBase, ndcgCand, resamples, seed, confidence)
                .WithEvidence(baseline.Run!.Evidence.Id, candidate.Run!.Evidence.Id, qrels!.Evidence.Id)
            : null);
        var p95Drift = Later(() => baseline.Latencies is { Count: > 0 } lb && candidate.Latencies is { Count: > 0 } lc
            ? QuantileBootstrap.Difference(lb, lc, 0.95, resamples, seed, confidence)
                .WithEvidence([.. baseline.Telemetry?.Evidence ?? [], .. candidate.Telemetry?.Evidence ?? []])
            : null);
        var ablationDrop = Later(() => ndcgCand is not null && ndcgAblated is not null && ndcgCand.Mean > 0
            ? PairedBootstrap.RelativeDrop(ndcgCand, ndcgAblated, resamples, seed, confidence)
                .WithEvidence(candidate.Run!.Evidence.Id, candidate.AblatedRun!.Evidence.Id, qrels!.Evidence.Id)
            : null);
        var correlation = Later(() => baseline.Run is not null && candidate.Run is not null
            ? TryCorrelation(baseline.Run, candidate.Run, confidence)
            : null);
        var baselineArm = Later(() => Arm(baseline, ndcgBase, compBase, qrels, labels, policy));
        var candidateArm = Later(() => Arm(candidate, ndcgCand, compCand, qrels, labels, policy));

        return new VerdictEvidence
        {
            DeploymentId = deploymentId,
            AsOf = asOf,
            Baseline = baselineArm.GetAwaiter().GetResult(),
            Candidate = candidateArm.GetAwaiter().GetResult(),
            ComplianceDelta = complianceDelta.GetAwaiter().GetResult(),
            ComplianceUplift = policy.Compliance.UpliftMode == UpliftMode.Absolute
                ? complianceDelta.GetAwaiter().GetResult()
                : relativeUplift.GetAwaiter().GetResult(),
            NdcgDelta = ndcgDelta.GetAwaiter().GetResult(),
            P95Drift = p95Drift.GetAwaiter().GetResult(),
            AblationDrop = ablationDrop.GetAwaiter().GetResult(),
            ScoreCorrelation = correlation.GetAwaiter().GetResult(),
            Inputs = inputs,
            Rollback = rollback,
        };
    }

    private static Task<T> Later<T>(Func<T> compute) => Task.Run(compute);

    private static ArmMeasurements Arm(ArmData arm, PerQueryScores? ndcg, PerQueryScores? compliance, Qrels? qrels, Qrels? labels, VerdictPolicy policy) => new()
    {
        Version = arm.Version,
        MlflowRunId = arm.MlflowRunId,
        Requests = arm.Telemetry?.Requests ?? 0,
        P95 = arm.Telemetry?.P95,
        ErrorRate = arm.Telemetry?.ErrorRate,
        Throughput = arm.Telemetry?.Throughput,
        Ndcg = ndcg is null ? null : Mean(ndcg, policy).WithEvidence(arm.Run!.Evidence.Id, qrels!.Evidence.Id),
        Compliance = compliance is null ? null : Mean(compliance, policy).WithEvidence(arm.Run!.Evidence.Id, labels!.Evidence.Id),
        Environment = arm.Environment,
        Metadata = arm.Metadata,
        ExpectedArtifactSha256 = arm.ExpectedArtifactSha256,
    };

    private static Estimate Mean(PerQueryScores scores, VerdictPolicy policy) =>
        MeanBootstrap.Mean([.. scores.Values], policy.Bootstrap.Resamples, policy.Bootstrap.Seed, policy.Confidence);

    // Relative uplift (c − b) / b is the negative of the relative drop from b to c, so the paired
    // bootstrap of the drop gives the uplift's interval mirrored: [−high, −low].
    private static Estimate? RelativeUplift(PerQueryScores? baseline, PerQueryScores? candidate, VerdictPolicy policy)
    {
        if (baseline is null || candidate is null || baseline.Mean <= 0)
        {
            return null;
        }

        var drop = PairedBootstrap.RelativeDrop(baseline, candidate, policy.Bootstrap.Resamples, policy.Bootstrap.Seed, policy.Confidence);
        return drop with { Value = -drop.Value, Low = -drop.High, High = -drop.Low, Method = "paired-bootstrap-percentile (relative uplift)" };
    }

    private static PerQueryScores? Ndcg(Qrels? qrels, Run? run, VerdictPolicy policy) =>
        qrels is null || run is null || !run.SharesQueryWith(qrels) ? null : RankingMetrics.NdcgCut(qrels, run, policy.Ndcg.K);

    private static PerQueryScores? Compliance(Qrels? labels, Run? run, int k, UnlabelledDocuments unlabelled) =>
        labels is null || run is null || !run.SharesQueryWith(labels) ? null : RankingMetrics.ComplianceAtK(labels, run, k, unlabelled);

    private static Estimate? TryCorrelation(Run baseline, Run candidate, double confidence)
    {
        try
        {
            return ScoreCorrelation.Pearson(baseline, candidate, confidence);
        }
        catch (ArgumentException)
        {
            // No shared (query, document) pair, or a constant score series: the correlation is
            // undefined, so the safety check reports INCONCLUSIVE rather than a made-up number.
            return null;
        }
    }
}
