using Warden.Core.Reports;

namespace Warden.Gateway.Telemetry;

/// <summary>One (production, shadow) version pair in <c>GET /admin/shadow</c>.</summary>
internal sealed record ShadowPairJson(
    string ProductionVersion,
    string ShadowVersion,
    long Comparisons,
    long StatusMatches,
    EstimateJson? StatusMatchRate,
    ShadowScoresJson Scores,
    double? ProductionLatencyMeanMs,
    double? ShadowLatencyMeanMs)
{
    /// <summary>The JSON of one summary.</summary>
    public static ShadowPairJson Of(ShadowSummary s) => new(
        s.ProductionVersion,
        s.ShadowVersion,
        s.Comparisons,
        s.StatusMatches,
        s.StatusMatchRate is { } rate ? EstimateJson.From(rate) : null,
        new ShadowScoresJson(
            s.ComparisonsWithScores,
            s.LengthMismatches,
            s.MissingScores,
            s.NonFinitePairs,
            s.PairsSeen,
            s.PairsKept,
            s.Pearson is { } pearson ? EstimateJson.From(pearson) : null,
            s.Spearman is { } spearman ? EstimateJson.From(spearman) : null,
            s.CorrelationProblem),
        s.ProductionLatencyMeanMs,
        s.ShadowLatencyMeanMs);
}
