using System.Text.Json;
using Warden.Core.Reports;
using Warden.Core.Rollouts;
using Warden.Core.Verdicts;

namespace Warden.Rollouts;

/// <summary>
/// A step analysis as the rollout's history stores it and <c>status --json</c> shows it: the
/// decision, why, the window, every check with its measured value, interval and threshold, and the
/// ids of the measurements (<c>prom:…</c> when Prometheus measured them; empty for the gateway's windows).
/// </summary>
internal sealed record StepAnalysisJson(
    string Outcome,
    string Reason,
    bool WindowComplete,
    long CanaryRequests,
    long ProductionRequests,
    IReadOnlyList<CheckJson> Checks,
    IReadOnlyList<string>? Evidence = null)
{
    /// <summary>The JSON shape of <paramref name="analysis"/>.</summary>
    public static StepAnalysisJson Of(StepAnalysis analysis) => new(
        analysis.Outcome.ToString().ToLowerInvariant(),
        analysis.Reason,
        analysis.WindowComplete,
        analysis.CanaryRequests,
        analysis.ProductionRequests,
        [.. analysis.Checks.Select(CheckJson.Of)],
        [.. analysis.EvidenceIds]);

    /// <summary>Compact JSON text for the history row.</summary>
    public static string Write(StepAnalysis analysis) => JsonSerializer.Serialize(Of(analysis), JsonOutput.Compact);
}
