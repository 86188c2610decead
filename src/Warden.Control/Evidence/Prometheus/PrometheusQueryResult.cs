using System.Collections.Immutable;

namespace Warden.Evidence.Prometheus;

/// <summary>
/// The outcome of one Prometheus query, never an exception: samples, no data, or an errored
/// measurement with a one-line <see cref="Reason"/>. Every outcome carries the query text and
/// its provenance, so an INCONCLUSIVE check can say which query failed and why.
/// </summary>
internal sealed record PrometheusQueryResult
{
    /// <summary>Samples, no data or errored.</summary>
    public required PrometheusQueryStatus Status { get; init; }

    /// <summary>The PromQL text as sent.</summary>
    public required string Query { get; init; }

    /// <summary><c>prom:&lt;hash&gt;@&lt;time range&gt;</c>, see <see cref="PrometheusProvenance"/>.</summary>
    public required string Provenance { get; init; }

    /// <summary><c>vector</c>, <c>matrix</c> or <c>scalar</c> when Prometheus answered with data; null otherwise.</summary>
    public string? ResultType { get; init; }

    /// <summary>The series (empty unless <see cref="Status"/> is <see cref="PrometheusQueryStatus.Samples"/>).</summary>
    public ImmutableArray<PrometheusSeries> Series { get; init; } = [];

    /// <summary>Prometheus' <c>errorType</c> (e.g. <c>bad_data</c>, <c>timeout</c>) when it sent an error envelope.</summary>
    public string? ErrorType { get; init; }

    /// <summary>Why the query errored or has no data, naming the URL; null for samples.</summary>
    public string? Reason { get; init; }

    /// <summary>Warnings Prometheus attached to the answer (success or error).</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];

    /// <summary>True when the query failed.</summary>
    public bool IsErrored => Status == PrometheusQueryStatus.Errored;
}
