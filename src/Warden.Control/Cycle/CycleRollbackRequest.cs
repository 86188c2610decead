using Warden.Core.Guard;
using Warden.Core.Verdicts;

namespace Warden.Cycle;

/// <summary>What a cycle rollback needs: the service, the breaching version, where it goes back to, and the breach.</summary>
internal sealed record CycleRollbackRequest
{
    public required string CycleId { get; init; }

    public required string Service { get; init; }

    /// <summary>The version in production, breaching.</summary>
    public required string Production { get; init; }

    /// <summary>The registry's previous version: where production goes back to.</summary>
    public required string Previous { get; init; }

    /// <summary>The FAILed live check.</summary>
    public required CheckResult Breach { get; init; }

    /// <summary>The trigger the check compares with (ms for P95, a fraction for rates).</summary>
    public required double Threshold { get; init; }

    /// <summary>Production's counts over the window.</summary>
    public required GuardCounts Counts { get; init; }

    /// <summary>The start of the window the breach was measured over.</summary>
    public required DateTimeOffset WindowFrom { get; init; }

    /// <summary>Who acts.</summary>
    public required string Actor { get; init; }

    /// <summary>The cycle's folder; the rollback's reports go under it (SERVICE/rb-…).</summary>
    public string? ReportsFolder { get; init; }
}
