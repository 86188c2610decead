using Warden.Core.Evidence;
using Warden.Rollouts;

namespace Warden.Evidence.Prometheus;

/// <summary>Builds the Prometheus side of warden.yaml's <c>evidence:</c> section: the query, and the step analysis' source.</summary>
internal static class PrometheusEvidence
{
    /// <summary>The traffic query <paramref name="options"/> call for, or null when the source is the gateway.</summary>
    /// <param name="options">The <c>evidence:</c> section.</param>
    /// <param name="http">Sends the queries (not owned).</param>
    /// <param name="time">Clock of the query timeout.</param>
    public static PrometheusTrafficQuery? Query(EvidenceOptions options, HttpMessageInvoker http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options is { Source: EvidenceSource.Prometheus, Prometheus: { } server }
            ? new PrometheusTrafficQuery(new PrometheusClient(http, server.Url, server.Timeout, time), server.Selector)
            : null;
    }

    /// <summary>The step analysis' source <paramref name="options"/> call for, or null for the gateway's telemetry windows.</summary>
    public static ITrafficEvidence? Steps(EvidenceOptions options, HttpMessageInvoker http, TimeProvider time) =>
        Query(options, http, time) is { } query ? new PrometheusTrafficEvidence(query) : null;
}
