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

        // nDCG, Compliance and their paired deltas come from the same pipeline as `warden eval`,
        // so a verdict and an eval on the same files and settings give the same numbers.
        var ranking = Ranking(baseline.Run, candidate.Run, qrels, labels, policy);
        var ndcgCand = ranking.Candidate?.Ndcg;
        var ndcgAblated = Ndcg(qrels, candidate.AblatedRun, policy);
        var compBase = ranking.Baseline?.Compliance;
        var compCand = ranking.Candidate?.Compliance;

        // Computed one after another: Core starts no threads. Each bootstrap seeds its own
        // Random, so the results do not depend on the order.
        var complianceUplift = policy.Compliance.UpliftMode == UpliftMode.Absolute
            ? ranking.ComplianceDelta
            : RelativeUplift(compBase, compCand, policy)?.WithEvidence(baseline.Run!.Evidence.Id, candidate.Run!.Evidence.Id, labels!.Evidence.Id);
        var p95Drift = baseline.Latencies is { Count: > 0 } lb && candidate.Latencies is { Count: > 0 } lc
            ? QuantileBootstrap.Difference(lb, lc, 0.95, resamples, seed, confidence)
                .WithEvidence([.. baseline.Telemetry?.Evidence ?? [], .. candidate.Telemetry?.Evidence ?? []])
            : null;
        var ablationDrop = ndcgCand is not null && ndcgAblated is not null && ndcgCand.Mean > 0
            ? PairedBootstrap.RelativeDrop(ndcgCand, ndcgAblated, resamples, seed, confidence)
                .WithEvidence(candidate.Run!.Evidence.Id, candidate.AblatedRun!.Evidence.Id, qrels!.Evidence.Id)
            : null;
        var correlation = baseline.Run is not null && candidate.Run is not null
            ? TryCorrelation(baseline.Run, candidate.Run, confidence)
            : null;

        return new VerdictEvidence
        {
            DeploymentId = deploymentId,
            AsOf = asOf,
            Baseline = Arm(baseline, ranking.Baseline),
            Candidate = Arm(candidate, ranking.Candidate),
            ComplianceDelta = ranking.ComplianceDelta,
            ComplianceUplift = complianceUplift,
            NdcgDelta = ranking.NdcgDelta,
            P95Drift = p95Drift,
            AblationDrop = ablationDrop,
            ScoreCorrelation = correlation,
            Inputs = inputs,
            Rollback = rollback,
        };
    }

    // The arms' runs go through RankingEvaluation together when both exist (for the paired
    // deltas), alone when only one does; a missing run has no ranking numbers.
    private static (RunQuality? Baseline, RunQuality? Candidate, Estimate? NdcgDelta, Estimate? ComplianceDelta) Ranking(
        Run? baseline, Run? candidate, Qrels? qrels, Qrels? labels, VerdictPolicy policy)
    {
        var options = new RankingEvaluationOptions
        {
            NdcgK = policy.Ndcg.K,
            ComplianceK = policy.Compliance.K,
            Unlabelled = policy.Compliance.UnlabelledCompliant ? UnlabelledDocuments.Compliant : UnlabelledDocuments.NotCompliant,
            Confidence = policy.Confidence,
            Resamples = policy.Bootstrap.Resamples,
            Seed = policy.Bootstrap.Seed,
        };
        Run[] runs = [.. new[] { baseline, candidate }.OfType<Run>()];
        var evaluation = RankingEvaluation.Of(qrels, labels, runs, options);
        return (
            baseline is null ? null : evaluation.Runs[0],
            candidate is null ? null : evaluation.Runs[^1],
            evaluation.NdcgDelta,
            evaluation.ComplianceDelta);
    }

    private static ArmMeasurements Arm(ArmData arm, RunQuality? quality) => new()
    {
        Version = arm.Version,
        MlflowRunId = arm.MlflowRunId,
        Requests = arm.Telemetry?.Requests ?? 0,
        P95 = arm.Telemetry?.P95,
        ErrorRate = arm.Telemetry?.ErrorRate,
        Throughput = arm.Telemetry?.Throughput,
        Ndcg = quality?.NdcgMean,
        Compliance = quality?.ComplianceMean,
        Environment = arm.Environment,
        Metadata = arm.Metadata,
        ExpectedArtifactSha256 = arm.ExpectedArtifactSha256,
    };

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
