using Warden.Channels;
using Warden.Core.Cycle;
using Warden.Core.Guard;
using Warden.Core.Reports;
using Warden.Core.Verdicts;
using Warden.Registry;
using Warden.Rollouts;

namespace Warden.Cycle;

internal sealed partial class HeartbeatCycle
{
    // Production breaching an SLO with a known-good previous rolls back (cycle.services.SERVICE.auto_rollback);
    // a GO starts the candidate's rollout (auto_rollout). Every action taken, refused or not allowed is a finding.
    private async Task<CyclePhaseResult> ActAsync(CycleContext context, CancellationToken cancellationToken)
    {
        var findings = new List<CycleFinding>();
        var problems = new List<string>();
        var outputs = new List<string>();
        var rolledBack = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in context.Services.Where(s => context.Breaches.ContainsKey(s.Name)))
        {
            var breach = context.Breaches[service.Name].OrderBy(c => c.Dimension).First();
            var previous = context.Aliases.GetValueOrDefault(service.Name)?.GetValueOrDefault(RegistryNames.Previous);
            var serviceOptions = options.Cycle.For(service.Name);
            if (!serviceOptions.AutoRollback)
            {
                findings.Add(Finding(OpsCommander, service.Name, service.Production, "rollback", "not allowed", $"production breaches {breach.Name}; cycle.services.{service.Name}.auto_rollback is false, so a human decides (warden route set {service.Name} --production VERSION)"));
                continue;
            }

            if (previous is null || previous == service.Production)
            {
                findings.Add(Finding(OpsCommander, service.Name, service.Production, "rollback", "not possible", $"production breaches {breach.Name}, but the registry has no previous version to roll back to"));
                continue;
            }

            try
            {
                if (await store.ReadAsync((tx, ct) => tx.Rollouts.ActiveAsync(service.Name, ct), cancellationToken).ConfigureAwait(false) is { } running)
                {
                    findings.Add(Finding(OpsCommander, service.Name, service.Production, "rollback", "deferred", $"production breaches {breach.Name}, but rollout {running.Id} of {running.State.Candidate} is running; the live guard watches it"));
                    continue;
                }

                var (record, folder) = await CycleRollback.RunAsync(
                    store,
                    new CycleRollbackRequest
                    {
                        CycleId = context.Id,
                        Service = service.Name,
                        Production = service.Production,
                        Previous = previous,
                        Breach = breach,
                        Threshold = Threshold(breach, context, service),
                        Counts = Counts(context, service.Name),
                        WindowFrom = context.WindowFrom,
                        Actor = options.Holder,
                        ReportsFolder = context.Folder,
                    },
                    ports.Traffic,
                    options.RouteGate,
                    options.Policy,
                    time,
                    cancellationToken).ConfigureAwait(false);
                rolledBack.Add(service.Name);
                context.Rollbacks.Add(new RollbackCause
                {
                    RunId = record.RollbackRunId,
                    Service = service.Name,
                    RolledBackVersion = record.RolledBackVersion,
                    RestoredVersion = record.RestoredVersion,
                    Trigger = "cycle",
                    Description = breach.Reason,
                    DetectedAt = record.DetectedAt,
                    RtoSeconds = record.RtoSeconds,
                    Drill = false,
                    EvidenceRef = $"{RollbackReport.LogFile}#{record.RollbackRunId}",
                });
                if (folder is not null)
                {
                    outputs.Add(Path.Combine(folder, RollbackReport.LogFile));
                }

                findings.Add(Finding(
                    OpsCommander,
                    service.Name,
                    service.Production,
                    "rollback",
                    "done",
                    $"{service.Production} → {previous} ({breach.Name}: {breach.Reason}); {(record.RestoredAt is null ? record.SwitchProblem : "route switched")}",
                    [record.RollbackRunId]));
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                problems.Add($"rollback of {service.Name}: {ex.Message}");
            }
        }

        foreach (var judged in context.Judged.Where(j => j.Decision.Outcome == VerdictOutcome.Go))
        {
            var serviceOptions = options.Cycle.For(judged.Service);
            if (rolledBack.Contains(judged.Service))
            {
                findings.Add(Finding(OpsCommander, judged.Service, judged.CandidateVersion, "rollout.start", "not started", $"GO, but production was rolled back this cycle; the next cycle judges {judged.CandidateVersion} against the restored version"));
                continue;
            }

            if (!serviceOptions.AutoRollout)
            {
                // The cycle's verdict is not recorded (see below), so the way on is a human's own.
                var evidence = serviceOptions.Evidence ?? "EVIDENCE.yaml";
                var report = judged.ReportPath is { } path ? $"; the cycle's verdict is {path}" : string.Empty;
                findings.Add(Finding(
                    OpsCommander, judged.Service, judged.CandidateVersion, "rollout.start", "not allowed",
                    $"GO; cycle.services.{judged.Service}.auto_rollout is false, so a human starts it: 'warden verdict --evidence {evidence} --record --model {judged.Service}', then 'warden rollout start {judged.Service} {judged.CandidateVersion}'{report}",
                    [judged.DeploymentId]));
                continue;
            }

            var plan = options.Rollouts.PlanFor(judged.Service);
            try
            {
                // Recorded like any verdict just before it is acted on, so the rollout's start and the
                // promotion gate check it. A verdict the cycle does not act on is not recorded: it
                // must not supersede a deployment's verdict a human recorded and starts by.
                var report = VerdictReport.Json(judged.Decision, judged.Evidence, options.Policy);
                await new ModelRegistry(store).RecordVerdictAsync(
                    new VerdictRecord
                    {
                        DeploymentId = judged.DeploymentId,
                        Model = judged.Service,
                        CandidateVersion = judged.CandidateVersion,
                        BaselineVersion = judged.BaselineVersion,
                        Outcome = VerdictReport.Label(judged.Decision.Outcome),
                        ReportSha256 = VerdictRecorder.ReportSha256(report),
                        EvidenceIds = [.. judged.Evidence.Inputs.Where(i => i.Id is not null).Select(i => i.Id!.Value.ToString()).Distinct(StringComparer.Ordinal)],
                        RecordedAt = time.GetUtcNow(),
                        Actor = options.Holder,
                    },
                    cancellationToken).ConfigureAwait(false);
                var rollout = await RolloutOperations.StartAsync(
                    store,
                    new RolloutStart
                    {
                        Service = judged.Service,
                        Candidate = judged.CandidateVersion,
                        DeploymentId = judged.DeploymentId,
                        Plan = plan.EvidencePath is null ? plan with { EvidencePath = serviceOptions.Evidence } : plan,
                        Actor = options.Holder,
                        VerdictMaxAge = options.Policy.VerdictMaxAge,
                    },
                    cancellationToken).ConfigureAwait(false);
                findings.Add(Finding(OpsCommander, judged.Service, judged.CandidateVersion, "rollout.start", "done", $"GO: rollout {rollout.Id} started in shadow (deployment {judged.DeploymentId})", [judged.DeploymentId]));
            }
            catch (Exception ex) when (ex is RolloutRefusal or RegistryRefusal)
            {
                findings.Add(Finding(OpsCommander, judged.Service, judged.CandidateVersion, "rollout.start", "refused", ex.Message, [judged.DeploymentId]));
            }
        }

        // A rollback carried out is on the feed already (RollbackRecords, in the rollback's own
        // transaction); what did not happen, and why, is said here.
        foreach (var f in findings.Where(f => f.Check == "rollback" && f.Status != "done"))
        {
            await PublishAsync(context, ChannelNames.Rollback, "rollback", OpsCommander, $"{f.Service}: rollback {f.Status}: {f.Detail}", f.Service, f.EvidenceIds, outputs, cancellationToken).ConfigureAwait(false);
        }

        var acted = findings.Count(f => f.Status == "done");
        return Phase(
            CyclePhases.Act,
            findings.Count == 0 && problems.Count == 0 ? CyclePhaseStatus.Skipped : problems.Count == 0 ? CyclePhaseStatus.Ok : acted == 0 ? CyclePhaseStatus.Failed : CyclePhaseStatus.Partial,
            findings.Count == 0 && problems.Count == 0 ? "nothing to act on: no GO verdict, no SLO breach" : $"{acted} action(s) taken: " + string.Join("; ", findings.Select(f => $"{f.Service} {f.Check} {f.Status}")),
            findings,
            problems,
            outputs);
    }

    private double Threshold(CheckResult breach, CycleContext context, CycleService service) => breach.Id switch
    {
        ProductionSlo.P95Id => options.Policy.Latency.P95TargetMs + options.Policy.Guard.LatencyMarginMs,
        ProductionSlo.ComplianceId => (OfflineArm(context, service.Name, service.Production)?.Compliance?.Value ?? double.NaN) - (options.Policy.Guard.ComplianceDropPoints / 100),
        _ => options.Policy.ErrorRate.Limit,
    };

    private GuardCounts Counts(CycleContext context, string service)
    {
        if (!context.Production.TryGetValue(service, out var production))
        {
            return default;
        }

        var trigger = options.Policy.Latency.P95TargetMs + options.Policy.Guard.LatencyMarginMs;
        var histogram = production.Traffic.Latency.ToLogHistogram();

        // Requests slower than the latency trigger: the ranks above the last one at or below it (binary search on the sorted ranks).
        long low = 0, high = histogram.Count;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (histogram.ValueAtRank(mid) <= trigger)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        var slow = histogram.Count - low;
        return new GuardCounts(production.Traffic.Requests, production.Traffic.Errors, slow, 0, 0, production.Judged, production.Compliant);
    }
}
