namespace Warden.Evidence.Prometheus;

/// <summary>What a Prometheus query came back with. Only <see cref="Samples"/> is evidence.</summary>
internal enum PrometheusQueryStatus
{
    /// <summary>The query succeeded and returned at least one series.</summary>
    Samples,

    /// <summary>The query succeeded but matched nothing: no data, which is never a pass.</summary>
    NoData,

    /// <summary>The query failed (Prometheus down, timed out, refused the query, answered garbage).</summary>
    Errored,
}
