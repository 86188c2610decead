using Warden.Core.Drills;

namespace Warden.Drills;

/// <summary>
/// The route of the drilled service as the running gateway serves it, and the gateway's health
/// verdict on each of its versions (<c>up</c>, <c>down</c> or <c>unknown</c>).
/// </summary>
internal readonly record struct DrillRouteView(string Production, string? Canary, IReadOnlyDictionary<string, string>? Health = null)
{
    /// <summary>The gateway's health verdict on <paramref name="version"/>, or null when it gave none.</summary>
    public string? HealthOf(string version) => Health is not null && Health.TryGetValue(version, out var health) ? health : null;
}

/// <summary>Reads a route from the running gateway (its admin API, or in process).</summary>
internal interface IDrillRoutes
{
    /// <summary>The route now; a failure to read it is a <see cref="DrillStopped"/> naming the address and the fix.</summary>
    ValueTask<DrillRouteView> ReadAsync(string route, CancellationToken cancellationToken);
}

/// <summary>The faulty build: its fault endpoint and its health.</summary>
internal interface IFaultyBuild
{
    /// <summary>Sends fault settings (a JSON body); a refusal is a <see cref="DrillStopped"/>.</summary>
    ValueTask SetFaultsAsync(string body, CancellationToken cancellationToken);

    /// <summary>Makes the build's process die at once (the reference model server's <c>POST /admin/crash</c>); a refusal is a <see cref="DrillStopped"/>.</summary>
    ValueTask CrashAsync(CancellationToken cancellationToken);

    /// <summary>True when the build answers its readiness check.</summary>
    ValueTask<bool> ReadyAsync(CancellationToken cancellationToken);
}

/// <summary>The drill's own load through the gateway: every request remembered with its outcome.</summary>
internal interface IDrillLoad
{
    /// <summary>The answered requests sent in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    IReadOnlyList<DrillSample> Between(DateTimeOffset from, DateTimeOffset to);

    /// <summary>Forgets requests sent before <paramref name="before"/>.</summary>
    void Forget(DateTimeOffset before);
}
