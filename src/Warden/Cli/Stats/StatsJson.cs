using Warden.Cli.Output;
using Warden.Core.Evidence;
using Warden.Core.Reports;
using Warden.Core.Telemetry;

namespace Warden.Cli.Stats;

/// <summary>The <c>warden stats --json</c> document (schema in docs/cli.md).</summary>
internal sealed record StatsJson(
    string Command,
    double Confidence,
    string Errors,
    string GroupBy,
    IReadOnlyList<EvidenceJson> Inputs,
    IReadOnlyList<StatsJson.Group> Groups)
{
    public static StatsJson From(
        StatsRequest request,
        ErrorClassifier classifier,
        IReadOnlyList<(EvidenceInfo Info, ParseIssueLog Issues)> inputs,
        IReadOnlyList<GroupStatistics> groups) => new(
            "stats",
            request.Confidence,
            classifier.Spec,
            request.Grouping == TelemetryGrouping.Version ? "version" : "none",
            [.. inputs.Select(i => EvidenceJson.Of(i.Info, i.Issues))],
            [.. groups.Select(Group.Of)]);

    internal sealed record Group(
        string Name,
        long Requests,
        long Errors,
        long Status4xx,
        long Status5xx,
        long OkFalse,
        DateTimeOffset From,
        DateTimeOffset To,
        EstimateJson ErrorRate,
        EstimateJson? ThroughputRps,
        Latency LatencyMs)
    {
        public static Group Of(GroupStatistics g) => new(
            g.Group,
            g.Requests,
            g.Errors,
            g.Status4xx,
            g.Status5xx,
            g.OkFalse,
            g.From,
            g.To,
            EstimateJson.From(g.ErrorRate),
            g.Throughput is { } t ? EstimateJson.From(t) : null,
            new Latency(g.MeanLatencyMs, EstimateJson.From(g.P50), EstimateJson.From(g.P95), EstimateJson.From(g.P99), g.LatencyRepresentation));
    }

    internal sealed record Latency(double Mean, EstimateJson P50, EstimateJson P95, EstimateJson P99, string Representation);
}
