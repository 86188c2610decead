namespace Warden.Gateway.Routing;

/// <summary>A service's route as another server recorded it: the versions and the canary's share.</summary>
/// <param name="Production">The production version.</param>
/// <param name="Canary">The canary version, or null.</param>
/// <param name="CanaryWeightPercent">The canary's share in percent (0 without a canary).</param>
/// <param name="Shadow">The shadow version, or null.</param>
internal sealed record FollowedRoute(string Production, string? Canary, double CanaryWeightPercent, string? Shadow)
{
    /// <summary>True when <paramref name="route"/> is this route already.</summary>
    public bool Matches(ServiceRoute route) =>
        route.Production.Version == Production
        && route.Canary?.Version == Canary
        && route.Shadow?.Version == Shadow
        && (Canary is null || CanaryWeight.TryToBasisPoints(CanaryWeightPercent, out var basisPoints) && basisPoints == route.CanaryBasisPoints);
}
