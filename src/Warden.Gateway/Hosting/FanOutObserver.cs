using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Hosting;

/// <summary>Hands every report to two observers (the serve command's counters and the telemetry recorder).</summary>
internal sealed class FanOutObserver(IGatewayObserver first, IGatewayObserver second) : IGatewayObserver
{
    public void RequestCompleted(in RequestOutcome outcome)
    {
        first.RequestCompleted(outcome);
        second.RequestCompleted(outcome);
    }

    public void ShadowCompared(ShadowComparison comparison)
    {
        first.ShadowCompared(comparison);
        second.ShadowCompared(comparison);
    }

    public void EventCounted(string? service, GatewayEvent kind)
    {
        first.EventCounted(service, kind);
        second.EventCounted(service, kind);
    }
}
