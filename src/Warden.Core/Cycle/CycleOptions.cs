namespace Warden.Core.Cycle;

/// <summary>
/// The <c>cycle:</c> section of warden.yaml: how often <c>warden serve</c> runs the heartbeat
/// cycle and, per service, what the cycle may read and do (docs/cycle.md).
/// </summary>
public sealed record CycleOptions
{
    /// <summary>
    /// Whether warden.yaml has a <c>cycle:</c> section (an empty one too). Without one,
    /// <c>warden serve</c> runs no heartbeat cycle: a cycle drills and may roll back, which a
    /// gateway-only configuration never asked for.
    /// </summary>
    public bool Enabled { get; init; }

    /// <summary>How often a cycle runs inside <c>warden serve</c> (<c>interval</c>, default 1 h).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Whether a server runs a cycle as soon as it leads, when none ran within the interval (<c>on_start</c>, default true).</summary>
    public bool OnStart { get; init; } = true;

    /// <summary>How far back the cycle reads the telemetry windows (<c>window</c>, default: the interval).</summary>
    public TimeSpan? Window { get; init; }

    /// <summary>The window actually read: <see cref="Window"/> or the interval.</summary>
    public TimeSpan EffectiveWindow => Window ?? Interval;

    /// <summary>Per service (by its name in gateway.services), what the cycle reads and may do; a service not named takes <see cref="CycleServiceOptions"/>' defaults.</summary>
    public IReadOnlyDictionary<string, CycleServiceOptions> Services { get; init; } = new Dictionary<string, CycleServiceOptions>(StringComparer.Ordinal);

    /// <summary>The options of <paramref name="service"/>, or the defaults.</summary>
    public CycleServiceOptions For(string service) => Services.TryGetValue(service, out var options) ? options : CycleServiceOptions.Default;
}
