namespace Warden.Samples.DashboardShots;

/// <summary>
/// One view of the dashboard: its name (<c>&lt;main id="view" data-view="NAME"&gt;</c>, and the
/// screenshot's file name), its link text in <c>&lt;nav aria-label="Views"&gt;</c> and its hash route.
/// </summary>
internal sealed record DashboardView(string Name, string Link, string Hash)
{
    /// <summary>Every view, in the navigation's order (docs/dashboard.md).</summary>
    public static readonly IReadOnlyList<DashboardView> All =
    [
        new("services", "Services", "#/services"),
        new("rollouts", "Rollouts", "#/rollouts"),
        new("guard", "Guard", "#/guard"),
        new("verdicts", "Verdicts", "#/verdicts"),
        new("recovery", "Recovery", "#/recovery"),
        new("cycle", "Cycle & channels", "#/cycle"),
        new("audit", "Audit", "#/audit"),
    ];
}
