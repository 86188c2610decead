using System.Collections.Concurrent;
using Warden.Gateway.Routing;

namespace Warden.Gateway.Tests.Support;

/// <summary>
/// An in-memory route-change gate (the narrow port <c>warden serve</c> fills with the store-backed
/// one): allows every change and keeps it, unless <see cref="Decide"/> says otherwise or throws.
/// </summary>
internal sealed class RecordingRouteGate : IRouteChangeGate
{
    private int _records;

    /// <summary>Every change allowed, in order.</summary>
    public ConcurrentQueue<RouteChange> Changes { get; } = new();

    /// <summary>Every starting table recorded.</summary>
    public ConcurrentQueue<RouteTable> Starts { get; } = new();

    /// <summary>The decision for a change; null allows it. May throw, as a failing store would.</summary>
    public Func<RouteChange, RouteChangeDecision>? Decide { get; set; }

    public ValueTask<RouteChangeDecision> DecideAsync(RouteChange change, CancellationToken cancellationToken)
    {
        var decision = Decide?.Invoke(change) ?? RouteChangeDecision.Allow($"fake-{Interlocked.Increment(ref _records)}");
        if (decision.Outcome == RouteChangeOutcome.Allowed)
        {
            Changes.Enqueue(change);
        }

        return ValueTask.FromResult(decision);
    }

    public ValueTask RecordStartAsync(RouteTable table, CancellationToken cancellationToken)
    {
        Starts.Enqueue(table);
        return ValueTask.CompletedTask;
    }
}
