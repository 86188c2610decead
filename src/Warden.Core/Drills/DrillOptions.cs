namespace Warden.Core.Drills;

/// <summary>
/// The <c>drill:</c> section of warden.yaml: how <c>warden drill</c> exercises the rollback path
/// (load, canary weight, how long a fault may go uncaught) and, per service, the drill copy of its
/// route and the faulty build's fault endpoint (docs/drills.md).
/// </summary>
public sealed record DrillOptions
{
    /// <summary>Requests per second the drill sends through the gateway (<c>load_rate</c>, default 100).</summary>
    public double LoadRate { get; init; } = 100;

    /// <summary>Share of the drill route's traffic the faulty build gets, in percent (<c>weight</c>, default 50).</summary>
    public decimal WeightPercent { get; init; } = 50;

    /// <summary>How long a fault drill waits for the guard's rollback before it counts the run as failed (<c>timeout_s</c>, default 60 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a drill waits for the faulty build to answer again before a run, e.g. after a crash drill (<c>ready_timeout_s</c>, default 30 s).</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The drill set-up of each service, by the service's name in gateway.services.</summary>
    public IReadOnlyDictionary<string, DrillTarget> Services { get; init; } = new Dictionary<string, DrillTarget>(StringComparer.Ordinal);
}
