namespace Warden.Gateway.Metrics;

/// <summary>
/// Series that a part of the server outside the gateway (the REST API's refusal counts) adds to
/// <c>/metrics</c>: registered in the host's services, written after the gateway's own families.
/// </summary>
internal interface IMetricsContributor
{
    /// <summary>Writes this contributor's families and samples.</summary>
    void Write(PrometheusTextWriter writer);
}
