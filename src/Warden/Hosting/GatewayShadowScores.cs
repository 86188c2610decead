using Warden.Core.Statistics;
using Warden.Gateway.Telemetry;
using Warden.Rollouts;

namespace Warden.Hosting;

/// <summary>The live shadow verdict's score correlation from the gateway's shadow comparisons (<c>GET /admin/shadow</c> shows the same numbers).</summary>
internal sealed class GatewayShadowScores(ShadowComparisons comparisons) : IShadowScores
{
    /// <inheritdoc />
    public Estimate? Correlation(string service, string shadowVersion, double confidence) =>
        comparisons.Summaries(withStatistics: true, confidence)
            .Where(s => s.Service == service && s.ShadowVersion == shadowVersion)
            .Select(s => s.Pearson)
            .FirstOrDefault(p => p is not null);
}
