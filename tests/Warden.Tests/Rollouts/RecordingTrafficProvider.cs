using Warden.Rollouts;

namespace Warden.Tests.Rollouts;

/// <summary>
/// A traffic provider that keeps routes in memory and records every change asked of it, so the
/// controller's actions can be asserted exactly. It can refuse the next changes, as a gateway that
/// cannot record a change would.
/// </summary>
internal sealed class RecordingTrafficProvider : ITrafficProvider
{
    private readonly Dictionary<string, TrafficRoute> _routes = new(StringComparer.Ordinal);

    public RecordingTrafficProvider(string service, TrafficRoute route) => _routes[service] = route;

    /// <summary>Every change applied, in order.</summary>
    public List<(string Service, TrafficRoute Route, TrafficGrounds Grounds)> Applied { get; } = [];

    /// <summary>How many of the next changes to refuse.</summary>
    public int RefuseNext { get; set; }

    public TrafficRoute Route(string service) => _routes[service];

    public ValueTask<TrafficRoute?> CurrentAsync(string service, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_routes.TryGetValue(service, out var route) ? route : null);

    public ValueTask<TrafficChange> ApplyAsync(string service, TrafficRoute route, TrafficGrounds grounds, CancellationToken cancellationToken)
    {
        if (RefuseNext > 0)
        {
            RefuseNext--;
            return ValueTask.FromResult(new TrafficChange(false, "refused by the test"));
        }

        _routes[service] = route;
        Applied.Add((service, route, grounds));
        return ValueTask.FromResult(new TrafficChange(true));
    }
}
