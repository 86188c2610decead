using Warden.Core.Reports;
using Warden.Core.Traffic;

namespace Warden.Gateway.Telemetry;

/// <summary>Body of <c>GET /admin/telemetry</c> (snake_case JSON; see docs/telemetry.md).</summary>
internal sealed record TelemetryResponse(
    string Service,
    string Version,
    string? Arm,
    DateTimeOffset From,
    DateTimeOffset To,
    double Seconds,
    long Requests,
    long Errors,
    EstimateJson? ErrorRate,
    IReadOnlyDictionary<string, long> ErrorsByClass,
    double? ThroughputRps,
    LatencySummaryJson LatencyMs,
    long RequestBytes,
    long ResponseBytes,
    long ComplianceJudged,
    long ComplianceOk,
    EstimateJson? ComplianceRate)
{
    /// <summary>The response for one snapshot.</summary>
    public static TelemetryResponse Of(TelemetrySnapshot s) => new(
        s.Service,
        s.Version,
        s.Arm is { } arm ? TrafficArms.Name(arm) : null,
        s.From,
        s.To,
        s.Seconds,
        s.Requests,
        s.Errors,
        s.ErrorRateEstimate() is { } errorRate ? EstimateJson.From(errorRate) : null,
        s.ErrorsByClass,
        s.ThroughputPerSecond,
        LatencySummaryJson.Of(s),
        s.RequestBytes,
        s.ResponseBytes,
        s.ComplianceJudged,
        s.ComplianceOk,
        s.ComplianceEstimate() is { } compliance ? EstimateJson.From(compliance) : null);
}
