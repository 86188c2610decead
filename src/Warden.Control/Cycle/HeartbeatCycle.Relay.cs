using Warden.Audit;
using Warden.Channels;
using Warden.Core.Cycle;
using Warden.Core.Drills;
using Warden.Core.Guard;
using Warden.Core.Statistics;
using Warden.Core.Verdicts;

namespace Warden.Cycle;

internal sealed partial class HeartbeatCycle
{
    // What the cycle learned that deserves research follow-up: innovation_report.md and its JSON twin,
    // one innovation_relay message per item.
    private async Task<CyclePhaseResult> RelayAsync(CycleContext context, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        try
        {
            await ReadRollbacksAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            problems.Add($"the rollbacks since the previous cycle could not be read: {ex.Message}");
        }

        var input = new InnovationInput
        {
            CycleId = context.Id,
            AsOf = time.GetUtcNow(),
            Candidates = [.. context.Judged],
            Comparisons = [.. Comparisons(context)],
            Rollbacks = [.. context.Rollbacks.DistinctBy(r => r.RunId)],
            Policy = options.Policy,
        };
        var items = InnovationRelay.Find(input);
        var outputs = new List<string>();
        if (context.Folder is not null)
        {
            var markdown = Path.Combine(context.Folder, InnovationReport.MarkdownFile);
            await File.WriteAllTextAsync(markdown, InnovationReport.Markdown(input, items), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(context.Folder, InnovationReport.JsonFile), InnovationReport.Json(input, items), cancellationToken).ConfigureAwait(false);
            outputs.Add(markdown);
        }

        foreach (var item in items)
        {
            await PublishAsync(
                context, ChannelNames.InnovationRelay, "innovation", OpsCommander, $"{item.Kind}: {item.Service} {item.Version}: {item.Title} — {item.Suggestion}", item.Service, item.EvidenceIds, outputs, cancellationToken).ConfigureAwait(false);
        }

        var findings = items.Select(i => Finding(OpsCommander, i.Service, i.Version, i.Kind, "follow-up", i.Title, i.EvidenceIds)).ToList();
        return Phase(CyclePhases.Relay, problems.Count == 0 ? CyclePhaseStatus.Ok : CyclePhaseStatus.Partial, InnovationReport.Summary(input, items), findings, problems, outputs);
    }

    // Production's live numbers beside the latest evaluation's numbers for the same version.
    private IEnumerable<LiveOfflineComparison> Comparisons(CycleContext context)
    {
        foreach (var service in context.Services)
        {
            if (OfflineArm(context, service.Name, service.Production) is not { } offline || !context.Production.TryGetValue(service.Name, out var live))
            {
                continue;
            }

            var latency = live.Traffic.Latency.ToLogHistogram();
            yield return new LiveOfflineComparison
            {
                Service = service.Name,
                Version = service.Production,
                Live = new ArmMeasurements
                {
                    Version = service.Production,
                    Requests = live.Traffic.Requests,
                    P95 = latency.Count >= options.Policy.MinimumSamples.Requests ? QuantileInterval.OrderStatistic(latency, 0.95, options.Policy.Confidence) : null,
                    ErrorRate = live.Traffic.Requests >= options.Policy.MinimumSamples.Requests ? Proportion.Wilson(live.Traffic.Errors, live.Traffic.Requests, options.Policy.Confidence) : null,
                    Compliance = live.Judged > 0 ? Proportion.Wilson(live.Compliant, live.Judged, options.Policy.Confidence) : null,
                },
                Offline = offline,
                LiveEvidenceIds = [$"telemetry_windows:{service.Name}/{service.Production}@{context.WindowFrom.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z..{context.StartedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z"],
                OfflineEvidenceIds = [.. context.Offline[service.Name].Inputs.Where(i => i.Id is not null).Select(i => i.Id!.Value.ToString()).Distinct(StringComparer.Ordinal)],
            };
        }
    }

    // Every rollback recorded after the previous cycle's relay read them (the first cycle: since its
    // window's start), so each rollback is reported by one relay; this cycle's own are in the context already.
    private async ValueTask ReadRollbacksAsync(CycleContext context, CancellationToken cancellationToken)
    {
        var query = context.PreviousRelayedUpTo is { } after
            ? new AuditQuery { Action = AuditActions.Rollback, AfterSequence = after, FromOldest = true, Limit = 1000 }
            : new AuditQuery { Action = AuditActions.Rollback, Since = context.WindowFrom, Limit = 1000 };
        var events = await store.ReadAsync((tx, ct) => tx.Audit.ListAsync(query, ct), cancellationToken).ConfigureAwait(false);
        foreach (var e in events)
        {
            if (RollbackLogEntry.Read(e.Payload) is not { RunId: { } runId, Service: { } service } entry || context.Rollbacks.Any(r => r.RunId == runId))
            {
                continue;
            }

            context.Rollbacks.Add(new RollbackCause
            {
                RunId = runId,
                Service = service,
                RolledBackVersion = entry.RolledBackVersion ?? "?",
                RestoredVersion = entry.RestoredVersion ?? "?",
                Trigger = entry.Trigger ?? "?",
                Description = entry.Trigger ?? "?",
                DetectedAt = entry.DetectedAt ?? e.Time,
                RtoSeconds = entry.RtoSeconds,
                Drill = DrillIds.IsDrillRun(e.DeploymentId),
                EvidenceRef = $"{RollbackReport.LogFile}#{runId} ({e.Id})",
            });
        }
    }
}
