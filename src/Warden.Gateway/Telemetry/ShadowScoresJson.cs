using Warden.Core.Reports;

namespace Warden.Gateway.Telemetry;

/// <summary>Score pairing and correlation of one version pair in <c>GET /admin/shadow</c>.</summary>
/// <param name="ComparisonsWithScores">Comparisons whose score vectors had equal lengths and were paired element-wise.</param>
/// <param name="LengthMismatches">Comparisons whose score vectors had different lengths (not paired).</param>
/// <param name="MissingScores">Comparisons where a side had no scores.</param>
/// <param name="NonFinitePairs">Pairs skipped for a NaN or infinite score.</param>
/// <param name="PairsSeen">Finite pairs seen.</param>
/// <param name="PairsKept">Most recent pairs the correlations use (at most 100,000).</param>
/// <param name="Pearson">Pearson r with Fisher-z CI95, or null.</param>
/// <param name="Spearman">Spearman ρ with Fisher-z CI95, or null.</param>
/// <param name="Problem">Why the correlations are null, or null.</param>
internal sealed record ShadowScoresJson(
    long ComparisonsWithScores,
    long LengthMismatches,
    long MissingScores,
    long NonFinitePairs,
    long PairsSeen,
    long PairsKept,
    EstimateJson? Pearson,
    EstimateJson? Spearman,
    string? Problem);
