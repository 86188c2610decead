namespace Warden.Gateway.Telemetry;

/// <summary>
/// What the forwarding path reports. Called on the request path: implementations must be
/// thread-safe, allocation-light and never block or throw.
/// </summary>
internal interface IGatewayObserver
{
    /// <summary>A request finished (forwarded, failed, or mirrored to the shadow).</summary>
    void RequestCompleted(in RequestOutcome outcome);

    /// <summary>A production and a shadow answer to the same request were compared.</summary>
    void ShadowCompared(ShadowComparison comparison);

    /// <summary>A counted event that is not a forwarded request; <paramref name="service"/> is null when unknown.</summary>
    void EventCounted(string? service, GatewayEvent kind);
}
