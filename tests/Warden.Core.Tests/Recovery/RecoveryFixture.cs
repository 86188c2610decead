using Warden.Core.Policy;
using Warden.Core.Recovery;

namespace Warden.Core.Tests.Recovery;

/// <summary>Recovery runs on a fixed clock: every path drilled a day ago, RTO 2 s, RPO 60 s, all successful (Ready).</summary>
internal static class RecoveryFixture
{
    public static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Since = Now.AddDays(-7);

    public static RecoveryRun Drill(string id, string trigger, DateTimeOffset at, bool success = true, double? rto = 2, double? rpo = 60) => new()
    {
        RunId = id,
        Kind = RecoveryRunKind.Drill,
        Service = "ranker",
        Trigger = trigger,
        Fault = null,
        StartedAt = at,
        FaultOnsetAt = at.AddSeconds(1),
        DetectedAt = success ? at.AddSeconds(2) : null,
        RestoredAt = success ? at.AddSeconds(3) : null,
        RtoSeconds = success ? rto : null,
        RpoSeconds = success ? rpo : null,
        Success = success,
        Evidence = $"recovery_test.json#{id}",
        ActionTaken = success ? "rolled back ranker v2 → v1" : "rollback not completed",
    };

    /// <summary>One successful drill per path, a day before <see cref="Now"/>, an hour apart.</summary>
    public static List<RecoveryRun> ReadyRuns() =>
    [
        Drill("drill-1", "compliance_drop", Now.AddDays(-1)),
        Drill("drill-2", "latency_p95", Now.AddDays(-1).AddHours(1)),
        Drill("drill-3", "error_rate", Now.AddDays(-1).AddHours(2)),
        Drill("drill-4", "backend_down", Now.AddDays(-1).AddHours(3)),
    ];

    public static RollbackOfficerInput Input(IReadOnlyList<RecoveryRun> runs, VerdictPolicy? policy = null) => new()
    {
        Now = Now,
        Since = Since,
        Runs = runs,
        Policy = policy ?? new VerdictPolicy(),
    };
}
