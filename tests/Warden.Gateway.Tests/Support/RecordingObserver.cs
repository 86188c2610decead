using System.Collections.Concurrent;
using Warden.Core.Traffic;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Tests.Support;

/// <summary>Keeps everything the gateway reports, for assertions.</summary>
internal sealed class RecordingObserver : IGatewayObserver
{
    public ConcurrentQueue<RequestOutcome> Outcomes { get; } = new();

    public ConcurrentQueue<ShadowComparison> Comparisons { get; } = new();

    public ConcurrentQueue<(string? Service, GatewayEvent Kind)> Events { get; } = new();

    public void RequestCompleted(in RequestOutcome outcome) => Outcomes.Enqueue(outcome);

    public void ShadowCompared(ShadowComparison comparison) => Comparisons.Enqueue(comparison);

    public void EventCounted(string? service, GatewayEvent kind) => Events.Enqueue((service, kind));

    public int Count(GatewayEvent kind) => Events.Count(e => e.Kind == kind);

    public RequestOutcome[] Arm(TrafficArm arm) => [.. Outcomes.Where(o => o.Arm == arm)];

    /// <summary>
    /// The outcomes (of one arm, if given) once at least <paramref name="count"/> are in: the
    /// gateway records a request after its last byte is sent, so a client can finish reading first.
    /// </summary>
    public async Task<RequestOutcome[]> OutcomesAsync(int count, TrafficArm? arm = null)
    {
        RequestOutcome[] Current() => arm is { } a ? Arm(a) : [.. Outcomes];
        await Poll.UntilAsync(() => Current().Length >= count, $"{count} outcomes");
        return Current();
    }
}
