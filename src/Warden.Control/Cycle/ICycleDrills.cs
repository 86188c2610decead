namespace Warden.Cycle;

/// <summary>Runs a recovery drill for the Rollback Officer when a service's last one is older than the policy allows (inside <c>warden serve</c>, against its own gateway).</summary>
internal interface ICycleDrills
{
    /// <summary>True when <paramref name="service"/> has a drill set up (drill.services).</summary>
    bool CanDrill(string service);

    /// <summary>Runs one error-fault drill run on <paramref name="service"/>'s drill route and records it (a <c>drill</c> audit event, a v1_rollback_feed message).</summary>
    ValueTask<CycleDrillOutcome> RunAsync(string service, CancellationToken cancellationToken);
}
