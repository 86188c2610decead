using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Hosting;

/// <summary>
/// An observer that only counts, for a gateway run without the telemetry recorder: requests,
/// failed requests, comparisons and each event kind. Lock-free, allocation-free.
/// </summary>
internal sealed class CountingGatewayObserver : IGatewayObserver
{
    private readonly long[] _events = new long[Enum.GetValues<GatewayEvent>().Length];
    private long _requests;
    private long _errors;
    private long _comparisons;

    /// <summary>Requests completed, on every arm.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Completed requests with an error class.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Shadow comparisons made.</summary>
    public long Comparisons => Interlocked.Read(ref _comparisons);

    /// <summary>How often <paramref name="kind"/> was counted.</summary>
    public long Count(GatewayEvent kind) => Interlocked.Read(ref _events[(int)kind]);

    public void RequestCompleted(in RequestOutcome outcome)
    {
        Interlocked.Increment(ref _requests);
        if (outcome.Error is not null)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    public void ShadowCompared(ShadowComparison comparison) => Interlocked.Increment(ref _comparisons);

    public void EventCounted(string? service, GatewayEvent kind) => Interlocked.Increment(ref _events[(int)kind]);
}
