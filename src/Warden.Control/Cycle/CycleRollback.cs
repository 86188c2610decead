using System.Globalization;
using System.Text.Json;
using Warden.Core.Cycle;
using Warden.Core.Guard;
using Warden.Core.Policy;
using Warden.Core.Reports;
using Warden.Core.Rollouts;
using Warden.Core.Statistics;
using Warden.Core.Verdicts;
using Warden.Guard;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Cycle;

/// <summary>
/// A cycle-initiated rollback: production breaches an SLO over the cycle's window and the registry
/// knows a <c>previous</c> version. It goes the guard's path, so it reads like any rollback in
/// every report: a rollout of the breaching version is stored in its bake time and at once rolled
/// back through the rollouts' transitions (compare-and-set, audited; the registry's production
/// alias moves back to <c>previous</c>), the route switches when this process has a gateway (else
/// the controller of any running server follows the stored rollback), and the rollback's record,
/// <c>rollback_log.json</c>, the postmortem and the incident are written as the guard writes them,
/// under the trigger the breached check maps to (<c>error_rate</c>, <c>latency_p95</c>,
/// <c>compliance_drop</c>) with <c>detected_by</c> = heartbeat cycle; the rollout's history input is
/// <c>cycle</c>. The fault's onset is not known from a window of an hour, so the record takes the
/// cycle's detection as the onset: its RTO is detection to switch, and it says so.
/// </summary>
internal static class CycleRollback
{
    /// <summary>Rolls <paramref name="service"/> back from <paramref name="production"/> to <paramref name="previous"/>; returns the record (null <see cref="RollbackRecord.RestoredAt"/> when the route was left to the controller).</summary>
    public static async ValueTask<(RollbackRecord Record, string? Folder)> RunAsync(
        IWardenStore store,
        CycleRollbackRequest request,
        ITrafficProvider? traffic,
        RouteGate gate,
        VerdictPolicy policy,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var detected = time.GetUtcNow();
        var runId = "rb-" + detected.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "-" + request.CycleId[3..];
        var deploymentId = $"{request.CycleId}-rb-{request.Service}";
        var reading = Reading(request.Breach, request.Threshold);
        var reason = $"cycle {request.CycleId}: {request.Breach.Name} {request.Breach.Reason} (rollback {runId})";
        var plan = new RolloutPlan { Steps = [], BakeTime = TimeSpan.FromDays(1) };
        var stored = await store.WriteAsync(
            async (tx, ct) =>
            {
                var start = RolloutMachine.Start(deploymentId, request.Service, request.Production, request.Previous, shadowOnly: false, tx.Now);
                start = start with
                {
                    Next = start.Next with { Phase = RolloutPhase.Baking, Step = -1 },
                    Reason = $"Heartbeat cycle {request.CycleId}: production {request.Production} breaches its SLO ({request.Breach.Name}); rolling back to {request.Previous}, the registry's previous version.",
                };
                var added = await tx.Rollouts.AddAsync(start.Next, RolloutPlanJson.Write(plan), null, request.Actor, ct).ConfigureAwait(false)
                    ?? throw new RolloutRefusal($"{request.Service} has a rollout running; the cycle does not roll back beside it (the live guard watches it).");
                await RolloutTransitions.RecordStartAsync(tx, added, start, new RolloutInput("cycle", request.Actor), "none (cycle rollback)", ct).ConfigureAwait(false);
                return added;
            },
            cancellationToken).ConfigureAwait(false);

        var detail = JsonSerializer.Serialize(new { RollbackRunId = runId, Trigger = "cycle", Check = request.Breach.Id, reading.Observed, reading.Bound, reading.Threshold, Cycle = request.CycleId }, JsonOutput.Options);
        DateTimeOffset switchedAt;
        DateTimeOffset? restoredAt = null;
        string? switchProblem = null;
        using (await gate.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            var outcome = await RolloutTransitions.ApplyAsync(
                store,
                stored.Id,
                (rollout, now) => (RolloutMachine.OnGuardTrip(rollout.State, reason, now), new RolloutInput("cycle", request.Actor, detail)),
                fence: null,
                policy.VerdictMaxAge,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (outcome is not { Stored: true })
            {
                throw new RolloutRefusal($"the rollback of {request.Service} could not be stored: {outcome?.Transition.Reason ?? "the rollout moved meanwhile"}");
            }

            switchedAt = time.GetUtcNow();
            if (traffic is null)
            {
                switchProblem = "no gateway in this process: the controller of a running warden serve moves the route to the stored rollback";
            }
            else
            {
                var current = await traffic.CurrentAsync(request.Service, cancellationToken).ConfigureAwait(false);
                var change = await traffic.ApplyAsync(
                    request.Service,
                    new TrafficRoute(request.Previous, null, 0, current?.Shadow),
                    new TrafficGrounds(request.Actor, $"rollout {stored.Id} of {request.Service} {request.Production}: rolled back by heartbeat cycle {request.CycleId} ({request.Breach.Name})", null, Override: true),
                    cancellationToken).ConfigureAwait(false);
                restoredAt = change.Applied ? time.GetUtcNow() : null;
                switchProblem = change.Applied ? null : change.Problem ?? "refused";
            }
        }

        var checkpoint = await store.ReadAsync((tx, ct) => tx.Checkpoints.LatestOfAsync(request.Service, request.Previous, detected, ct), cancellationToken).ConfigureAwait(false);
        var falseAlarm = 1 - policy.Confidence;
        var record = new RollbackRecord
        {
            RollbackRunId = runId,
            IncidentId = "inc-" + runId[3..],
            RolloutId = stored.Id,
            DeploymentId = deploymentId,
            Service = request.Service,
            RolledBackVersion = request.Production,
            RestoredVersion = request.Previous,
            Phase = $"production (heartbeat cycle {request.CycleId})",
            Trigger = reading,
            Readings = [reading],
            Guarded = request.Counts,
            FalseAlarm = falseAlarm,
            TriggerAlpha = falseAlarm,
            WindowStartedAt = request.WindowFrom,
            WindowAlpha = falseAlarm,
            FaultOnsetAt = detected,
            DetectedAt = detected,
            SwitchedAt = switchedAt,
            RestoredAt = restoredAt,
            RestoredCheckpointVerifiedAt = checkpoint?.VerifiedAt,
            RtoObjectiveSeconds = policy.Rollback.RtoMaxSeconds,
            RpoObjectiveSeconds = policy.Rollback.RpoMaxSeconds,
            SwitchProblem = switchProblem,
            Actor = request.Actor,
            DetectedBy = RollbackRecord.HeartbeatCycle,
        };
        string? folder = null;
        if (request.ReportsFolder is { } root)
        {
            folder = Path.Combine(root, request.Service, runId);
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, RollbackReport.LogFile), RollbackReport.Json(record), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(folder, RollbackReport.PostmortemFile), RollbackReport.PostmortemMarkdown(record), cancellationToken).ConfigureAwait(false);
        }

        await store.WriteAsync((tx, ct) => RollbackRecords.AppendAsync(tx, record, folder, ct), cancellationToken).ConfigureAwait(false);
        return (record, folder);
    }

    // The breaching check as a trigger reading: its estimate, the bound that passed the trigger, the trigger.
    private static TriggerReading Reading(CheckResult breach, double threshold)
    {
        var estimate = breach.Observed ?? new Estimate { Value = double.NaN, Low = double.NaN, High = double.NaN, Method = "none", SampleSize = 0 };
        var compliance = breach.Id == ProductionSlo.ComplianceId;
        return new TriggerReading
        {
            Trigger = breach.Id switch
            {
                ProductionSlo.P95Id => GuardTrigger.LatencyTarget,
                ProductionSlo.ComplianceId => GuardTrigger.ComplianceDrop,
                _ => GuardTrigger.ErrorRate,
            },
            Tripped = true,
            Observed = estimate.Value,
            Bound = compliance ? estimate.High : estimate.Low,
            Threshold = threshold,
            Requests = estimate.SampleSize,
            Description = $"heartbeat cycle: {breach.Reason}",
        };
    }
}
