using Warden.Core.Cycle;
using Warden.Core.Reports;
using Warden.Core.Rollouts;
using Warden.Core.Traffic;
using Warden.Core.Verdicts;
using Warden.Registry;

namespace Warden.Cycle;

internal sealed partial class HeartbeatCycle
{
    private const string OpsCommander = "Ops Commander";

    // A verdict for every pending candidate, from evidence the cycle collected itself: the telemetry
    // windows (production against the candidate's shadow answers), the shadow score comparisons,
    // the latest evaluation named in cycle.services.SERVICE.evidence and the metadata just fetched.
    private async Task<CyclePhaseResult> DecisionAsync(CycleContext context, CancellationToken cancellationToken)
    {
        var findings = new List<CycleFinding>();
        var problems = new List<string>();
        var outputs = new List<string>();
        var steps = 0;
        foreach (var service in context.Services)
        {
            foreach (var candidate in context.Candidates.GetValueOrDefault(service.Name) ?? [])
            {
                steps++;
                try
                {
                    var judged = await JudgeAsync(context, service, candidate, cancellationToken).ConfigureAwait(false);
                    context.Judged.Add(judged);
                    if (judged.ReportPath is { } path)
                    {
                        outputs.Add(path);
                    }

                    findings.Add(Finding(
                        OpsCommander,
                        service.Name,
                        candidate,
                        "verdict",
                        VerdictReport.Label(judged.Decision.Outcome),
                        $"{judged.Decision.Rule} (deployment {judged.DeploymentId})",
                        [judged.DeploymentId, .. judged.Evidence.Inputs.Where(i => i.Id is not null).Select(i => i.Id!.Value.ToString()).Distinct(StringComparer.Ordinal)]));
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    problems.Add($"{OpsCommander}, {service.Name} {candidate}: {ex.Message}");
                }
            }
        }

        return Phase(
            CyclePhases.Decision,
            steps == 0 ? CyclePhaseStatus.Skipped : StatusOf(steps, problems.Count),
            steps == 0 ? "no pending candidate to judge" : $"{context.Judged.Count} verdict(s): " + string.Join(", ", findings.Select(f => $"{f.Service} {f.Version} {f.Status}")),
            findings,
            problems,
            outputs);
    }

    private async ValueTask<JudgedCandidate> JudgeAsync(CycleContext context, CycleService service, string candidate, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deploymentId = CycleIds.Deployment(context.Id, service.Name, candidate);
        var (production, shadow) = await store.ReadAsync(
            async (tx, ct) =>
            {
                var p = await tx.TelemetryWindows.ReadAsync(service.Name, service.Production, context.WindowFrom, context.StartedAt, ct).ConfigureAwait(false);
                var c = await tx.TelemetryWindows.ReadAsync(service.Name, candidate, context.WindowFrom, context.StartedAt, ct).ConfigureAwait(false);
                return (ArmTraffic.Of(service.Production, [.. p.Where(w => w.Arm == TrafficArm.Production)]), ArmTraffic.Of(candidate, [.. c.Where(w => w.Arm == TrafficArm.Shadow)]));
            },
            cancellationToken).ConfigureAwait(false);

        // The latest evaluation counts for this candidate only if it judged this candidate against today's production.
        var offline = context.Offline.GetValueOrDefault(service.Name) is { } o && o.Candidate.Version == candidate && o.Baseline.Version == service.Production ? o : null;
        var correlation = ports.ShadowScores?.Correlation(service.Name, candidate, options.Policy.Confidence);
        var evidence = shadow.Requests > 0 || offline is null
            ? LiveShadowEvidence.Merge(offline, deploymentId, now, production, shadow, correlation, options.Policy)
            : offline with { DeploymentId = deploymentId, AsOf = now };

        // The API as the backends serve it now, not as a file said.
        evidence = evidence with
        {
            Baseline = evidence.Baseline with { Metadata = context.Metadata.GetValueOrDefault((service.Name, service.Production)) ?? evidence.Baseline.Metadata },
            Candidate = evidence.Candidate with { Metadata = context.Metadata.GetValueOrDefault((service.Name, candidate)) ?? evidence.Candidate.Metadata },
            Registry = await RegistryFactsReader.ReadAsync(store, service.Name, service.Production, candidate, now, cancellationToken).ConfigureAwait(false),
        };
        var decision = VerdictEngine.Decide(evidence, options.Policy);
        var report = VerdictReport.Json(decision, evidence, options.Policy);
        string? path = null;
        if (context.Folder is not null)
        {
            var folder = Path.Combine(context.Folder, service.Name, candidate);
            Directory.CreateDirectory(folder);
            path = Path.Combine(folder, "deployment_verdict.md");
            await File.WriteAllTextAsync(path, VerdictReport.Markdown(decision, evidence, options.Policy), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(folder, "deployment_verdict.json"), report, cancellationToken).ConfigureAwait(false);
        }

        return new JudgedCandidate
        {
            Service = service.Name,
            CandidateVersion = candidate,
            BaselineVersion = service.Production,
            DeploymentId = deploymentId,
            Decision = decision,
            Evidence = evidence,
            ReportPath = path,
        };
    }
}
