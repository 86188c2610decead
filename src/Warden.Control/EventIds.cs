namespace Warden;

/// <summary>
/// Every log event id of the control layer, one range per feature (the gateway owns 1000–1999,
/// Control 2000–2999; see Warden.Gateway's EventIds), so an id found in a log tells where it came
/// from and is never reused.
/// </summary>
internal static class EventIds
{
    // Rollout controller 2000–2099
    public const int RolloutTransition = 2000;
    public const int RolloutRouteChanged = 2001;
    public const int RolloutRouteRefused = 2002;
    public const int RolloutFailed = 2003;
    public const int LeaseAcquired = 2004;
    public const int LeaseLost = 2005;
    public const int RolloutRefused = 2006;
    public const int RolloutNotRouted = 2007;

    // Live guard 2100–2199
    public const int GuardTripped = 2100;
    public const int GuardRolledBack = 2101;
    public const int GuardFailed = 2102;
    public const int GuardRouteFailed = 2103;
    public const int GuardArmed = 2104;

    /// <summary>The guard could not read a rollout's evidence (Prometheus down, a refused query): its looks are inconclusive.</summary>
    public const int GuardEvidenceUnavailable = 2105;

    /// <summary>The guard can read a rollout's evidence again.</summary>
    public const int GuardEvidenceAvailable = 2106;

    // Heartbeat cycle 2200–2299
    public const int CycleBegan = 2200;
    public const int CyclePhase = 2201;
    public const int CyclePhaseFailed = 2202;
    public const int CycleEnded = 2203;
    public const int CycleLeaseHeld = 2204;
    public const int CycleSchedulerFailed = 2205;

    // REST API 2300–2399
    public const int ApiUnauthenticated = 2300;
    public const int ApiForbidden = 2301;
    public const int ApiRateLimited = 2302;
    public const int ApiTokenNotVouched = 2303;

    // warden serve, the executable's own lines 4000–4099 (the executable owns 4000–4999)
    public const int ServeConfiguration = 4000;
    public const int DashboardOpened = 4001;
    public const int DashboardNotOpened = 4002;

    // Route following (replicas and standby servers) 4100–4199
    public const int RouteReadFailed = 4100;
}
