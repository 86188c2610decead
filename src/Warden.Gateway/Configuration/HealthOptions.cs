namespace Warden.Gateway.Configuration;

/// <summary>The <c>gateway.health</c> section: how backends are judged healthy.</summary>
internal sealed record HealthOptions
{
    /// <summary>Default of <see cref="Path"/>: the Open Inference Protocol v2 readiness endpoint.</summary>
    public const string DefaultPath = "/v2/health/ready";

    /// <summary>Time between two active probes of each backend (<c>interval_ms</c>).</summary>
    public int IntervalMs { get; init; } = 2000;

    /// <summary>Consecutive failures (forwarded requests or probes) that mark a backend down (<c>failures_to_mark_down</c>).</summary>
    public int FailuresToMarkDown { get; init; } = 5;

    /// <summary>Path probed on each backend, appended to its base address (<c>path</c>).</summary>
    public string Path { get; init; } = DefaultPath;
}
