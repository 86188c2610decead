using Warden.Gateway.Compliance;
using Warden.Gateway.Forwarding;
using Warden.Gateway.Routing;

namespace Warden.Gateway.Configuration;

/// <summary>One entry of <c>gateway.services</c>: the backends a service may use and its starting route.</summary>
internal sealed record ServiceOptions
{
    /// <summary>Service name, the first path segment clients use.</summary>
    public required string Name { get; init; }

    /// <summary>Every version this service may route to, in file order. Route changes at run time choose among these.</summary>
    public required IReadOnlyList<BackendTarget> Backends { get; init; }

    /// <summary>The route the gateway starts with.</summary>
    public required ServiceRoute Route { get; init; }

    /// <summary>
    /// Paths under <c>/{service}</c> that are forwarded (<c>paths</c>); any other gets 404. The
    /// default is the Open Inference Protocol's endpoints, so a model server's own admin or debug
    /// endpoints are never reachable through the gateway.
    /// </summary>
    public PathAllowList Paths { get; init; } = PathAllowList.OpenInference;

    /// <summary>How the gateway speaks to this service's backends (<c>protocol</c>): HTTP/1.1, or HTTP/2 for gRPC.</summary>
    public BackendProtocol Protocol { get; init; } = BackendProtocol.Http1;

    /// <summary>
    /// Labels the top-ranked item of each inference answer is judged against
    /// (<c>compliance_labels</c>), or null: the service's answers are then never buffered or judged.
    /// </summary>
    public ComplianceLabels? ComplianceLabels { get; init; }
}
