using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Shadow;

/// <summary>
/// Brings the production and the shadow answer to one request together. Whichever side ends
/// second does the comparison, so neither waits for the other: production never waits for the
/// shadow, and when production ends second the comparison is queued off its request thread.
/// </summary>
internal sealed class ShadowPair(
    IGatewayObserver observer,
    string service,
    string productionVersion,
    string shadowVersion,
    DateTimeOffset start,
    string? key)
{
    private ShadowAnswer? _production;
    private ShadowAnswer? _shadow;
    private int _pending = 2;

    /// <summary>Production is done (called on the request path).</summary>
    public void ProductionDone(ShadowAnswer answer)
    {
        _production = answer;
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static pair => pair.Finish(), this, preferLocal: false);
        }
    }

    /// <summary>The shadow is done (called on the mirror's own task).</summary>
    public void ShadowDone(ShadowAnswer answer)
    {
        _shadow = answer;
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            Finish();
        }
    }

    private void Finish()
    {
        var production = _production!;
        var shadow = _shadow!;
        try
        {
            if (production.Answered && shadow.Answered)
            {
                observer.ShadowCompared(new ShadowComparison
                {
                    Service = service,
                    Start = start,
                    ProductionVersion = productionVersion,
                    ShadowVersion = shadowVersion,
                    ProductionStatus = production.Status,
                    ShadowStatus = shadow.Status,
                    ProductionLatencyMs = production.LatencyMs,
                    ShadowLatencyMs = shadow.LatencyMs,
                    ProductionScores = production.Body?.Scores(),
                    ShadowScores = shadow.Body?.Scores(),
                    Key = key,
                });
            }
        }
        finally
        {
            production.Body?.Dispose();
            shadow.Body?.Dispose();
        }
    }
}
