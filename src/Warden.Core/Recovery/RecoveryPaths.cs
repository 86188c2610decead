using Warden.Core.Guard;
using Warden.Core.Policy;

namespace Warden.Core.Recovery;

/// <summary>Which rollback path a run tests, and each path's name, triggers and threshold text.</summary>
internal static class RecoveryPaths
{
    /// <summary>The paths in the order of the issue's guardrail table.</summary>
    public static readonly IReadOnlyList<RecoveryPath> All =
        [RecoveryPath.ComplianceDrop, RecoveryPath.Latency, RecoveryPath.ErrorRate, RecoveryPath.BackendDown];

    public static string Name(RecoveryPath path) => path switch
    {
        RecoveryPath.ComplianceDrop => "Compliance drop",
        RecoveryPath.Latency => "Latency",
        RecoveryPath.ErrorRate => "Error rate",
        RecoveryPath.BackendDown => "Backend down",
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "unknown recovery path"),
    };

    public static IReadOnlyList<string> Triggers(RecoveryPath path) => path switch
    {
        RecoveryPath.ComplianceDrop => [RollbackTriggers.Name(GuardTrigger.ComplianceDrop)],
        RecoveryPath.Latency => [RollbackTriggers.Name(GuardTrigger.LatencyTarget), RollbackTriggers.Name(GuardTrigger.LatencyDrift)],
        RecoveryPath.ErrorRate => [RollbackTriggers.Name(GuardTrigger.ErrorRate), RollbackTriggers.Name(GuardTrigger.ErrorRateVersusProduction)],
        RecoveryPath.BackendDown => [RollbackTriggers.Name(GuardTrigger.BackendDown)],
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "unknown recovery path"),
    };

    public static string Threshold(RecoveryPath path, VerdictPolicy policy) => path switch
    {
        RecoveryPath.ComplianceDrop => $"live Compliance@1 > {RecoveryText.Number(policy.Guard.ComplianceDropPoints)} points below production",
        RecoveryPath.Latency => $"P95 > {RecoveryText.Number(RollbackTriggers.LatencyTriggerMs(policy))} ms (target {RecoveryText.Number(policy.Latency.P95TargetMs)} + {RecoveryText.Number(policy.Guard.LatencyMarginMs)}) or > production P95 + {RecoveryText.Number(policy.Latency.P95DriftLimitMs)} ms",
        RecoveryPath.ErrorRate => $"error rate > {RecoveryText.Percent(policy.ErrorRate.Limit)} or above production's",
        RecoveryPath.BackendDown => "backend marked down by the gateway's health checks",
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "unknown recovery path"),
    };

    /// <summary>
    /// The path an incident or fault drill tests: its trigger's path, or, when nothing tripped, the
    /// path its fault is meant to trip. A/A drills test no path (they count false rollbacks).
    /// </summary>
    /// <exception cref="ArgumentException">The trigger or fault is not a known name.</exception>
    public static RecoveryPath? Of(RecoveryRun run)
    {
        if (run.Kind == RecoveryRunKind.AaDrill)
        {
            return null;
        }

        if (run.Trigger is { } trigger)
        {
            foreach (var path in All)
            {
                if (Triggers(path).Contains(trigger, StringComparer.Ordinal))
                {
                    return path;
                }
            }

            throw new ArgumentException(
                $"Recovery run '{run.RunId}' has trigger '{trigger}', which the guard does not have. Use one of: {string.Join(", ", All.SelectMany(Triggers))}.",
                nameof(run));
        }

        return run.Fault switch
        {
            null => null,
            "errors" => RecoveryPath.ErrorRate,
            "latency" or "hang" => RecoveryPath.Latency,
            "crash" => RecoveryPath.BackendDown,
            "compliance" => RecoveryPath.ComplianceDrop,
            _ => throw new ArgumentException(
                $"Recovery run '{run.RunId}' has fault '{run.Fault}', which drills do not inject. Use one of: errors, latency, hang, crash, compliance.",
                nameof(run)),
        };
    }
}
