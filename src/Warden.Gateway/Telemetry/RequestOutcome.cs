using Warden.Core.Traffic;

namespace Warden.Gateway.Telemetry;

/// <summary>
/// One request the gateway forwarded (or failed to), as the telemetry recorder counts it.
/// </summary>
internal readonly record struct RequestOutcome
{
    /// <summary>Service name from the route table.</summary>
    public required string Service { get; init; }

    /// <summary>Version that served (or should have served) the request.</summary>
    public required string Version { get; init; }

    /// <summary>Production, canary or shadow.</summary>
    public required TrafficArm Arm { get; init; }

    /// <summary>When the gateway received the request (from the injected <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Time from receiving the request to the end of the response, in milliseconds.</summary>
    public required double LatencyMs { get; init; }

    /// <summary>HTTP status sent to the client (for shadow: returned by the shadow); 499 when the client went away first.</summary>
    public required int Status { get; init; }

    /// <summary>
    /// Error class when the request failed, null on success: <c>5xx</c> (backend answered 5xx),
    /// <c>timeout</c>, <c>connect</c> (refused or unreachable), <c>reset</c> (connection dropped
    /// mid-response), <c>unhealthy</c> (backend marked down), <c>client_aborted</c>.
    /// </summary>
    public string? Error { get; init; }

    /// <summary>Request key used for the sticky canary split (header value or client address).</summary>
    public string? Key { get; init; }

    /// <summary>Request body bytes forwarded.</summary>
    public long RequestBytes { get; init; }

    /// <summary>Response body bytes returned.</summary>
    public long ResponseBytes { get; init; }

    /// <summary>
    /// Whether the answer's top-ranked item is labelled compliant; null when it was not judged (the
    /// service has no compliance labels, the request is not an inference call answered 2xx with
    /// JSON, the answer could not be read, or the top item has no label).
    /// </summary>
    public bool? Compliant { get; init; }
}
