namespace Warden.Gateway.Routing;

/// <summary>
/// A change to one service's route. Absent parts keep their current value, so a caller changes
/// only what it names: the admin API's PUT body and <c>warden route set</c> map onto this.
/// </summary>
internal sealed record RouteUpdate
{
    /// <summary>New production version, or null to keep it.</summary>
    public string? Production { get; init; }

    /// <summary>True to change the shadow to <see cref="Shadow"/> (null removes it).</summary>
    public bool ChangeShadow { get; init; }

    /// <summary>New shadow version when <see cref="ChangeShadow"/>; null removes the shadow.</summary>
    public string? Shadow { get; init; }

    /// <summary>True to change the canary to <see cref="Canary"/> (null removes it).</summary>
    public bool ChangeCanary { get; init; }

    /// <summary>New canary version when <see cref="ChangeCanary"/>; null removes the canary.</summary>
    public string? Canary { get; init; }

    /// <summary>New canary weight in percent (0–100, 0.01 resolution), or null to keep it.</summary>
    public double? CanaryWeightPercent { get; init; }

    /// <summary>Move production without a GO verdict; needs <see cref="Reason"/> and a change of production.</summary>
    public bool Override { get; init; }

    /// <summary>Why the route changes; recorded with the change, required with <see cref="Override"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>The deployment whose GO verdict a change of production rests on, when several exist.</summary>
    public string? DeploymentId { get; init; }
}
