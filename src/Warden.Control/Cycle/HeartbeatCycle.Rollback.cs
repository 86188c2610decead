using System.Globalization;
using Warden.Channels;
using Warden.Checkpoints;
using Warden.Core.Cycle;
using Warden.Drills;
using Warden.Registry;

namespace Warden.Cycle;

internal sealed partial class HeartbeatCycle
{
    private const string RollbackOfficer = "Rollback Officer";

    // Every rollback target's checkpoint (production, for a candidate's rollout; previous, for
    // production's own rollback) verified; a drill where the last one is older than the policy allows.
    private async Task<CyclePhaseResult> RollbackAsync(CycleContext context, CancellationToken cancellationToken)
    {
        var review = new Review();
        var outputs = new List<string>();
        var steps = 0;
        var verifier = new CheckpointVerifier(store, new CheckpointPolicy(options.Policy.Rollback), time);
        var checkpoints = new List<CheckpointVerification>();
        foreach (var service in context.Services)
        {
            var previous = context.Aliases.GetValueOrDefault(service.Name)?.GetValueOrDefault(RegistryNames.Previous);
            foreach (var (version, why) in new[] { (service.Production, "production, the target of a candidate's rollback"), (previous, "previous, the target of production's rollback") })
            {
                if (version is null)
                {
                    review.Add(RollbackOfficer, service.Name, null, "checkpoint", "INCONCLUSIVE", "no previous version in the registry: production has nothing to roll back to");
                    continue;
                }

                steps++;
                try
                {
                    var verification = await verifier.VerifyAsync(new CheckpointRequest { Model = service.Name, Version = version, Actor = options.Holder }, cancellationToken).ConfigureAwait(false);
                    checkpoints.Add(verification);
                    review.Add(
                        RollbackOfficer,
                        service.Name,
                        version,
                        "checkpoint",
                        verification.Status == CheckpointStatus.Ok ? "PASS" : "FAIL",
                        $"{why}: {verification.Status}{(verification.Problem is { } p ? $" ({p})" : string.Empty)}, sha256 {(verification.Sha256Verified ? "verified" : "not verified")}, load {(verification.LoadTimeSeconds is { } s ? s.ToString("0.000", CultureInfo.InvariantCulture) + " s" : "not measured")}");
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    review.Problems.Add($"{RollbackOfficer}, {service.Name} {version}: {ex.Message}");
                }
            }

            steps++;
            await DrillIfDueAsync(context, service, review, cancellationToken).ConfigureAwait(false);
        }

        if (context.Folder is not null && checkpoints.Count > 0)
        {
            var path = Path.Combine(context.Folder, "checkpoint_checks.json");
            await File.WriteAllTextAsync(path, System.Text.Json.JsonSerializer.Serialize(checkpoints, Core.Reports.JsonOutput.Options), cancellationToken).ConfigureAwait(false);
            outputs.Add(path);
        }

        await PublishReviewAsync(context, ChannelNames.Rollback, "checkpoint", RollbackOfficer, review, cancellationToken).ConfigureAwait(false);
        return Phase(
            CyclePhases.Rollback,
            StatusOf(Math.Max(1, steps), review.Problems.Count),
            $"{checkpoints.Count} checkpoint(s) verified ({checkpoints.Count(c => c.Status == CheckpointStatus.Ok)} ok); drills: " +
            (review.Findings.Where(f => f.Check == "drill").Select(f => $"{f.Service} {f.Status}") is var d && d.Any() ? string.Join(", ", d) : "none"),
            review.Findings,
            review.Problems,
            outputs);
    }

    private async ValueTask DrillIfDueAsync(CycleContext context, CycleService service, Review review, CancellationToken cancellationToken)
    {
        try
        {
            var latest = await store.ReadAsync((tx, ct) => DrillRecords.LatestFaultRunAsync(tx, service.Name, context.StartedAt, ct), cancellationToken).ConfigureAwait(false);
            var limit = TimeSpan.FromDays(options.Policy.Rollback.DrillEveryDays);
            var age = latest is { } l ? context.StartedAt - l.Event.Time : (TimeSpan?)null;
            var last = latest is { } run ? $"last drill {run.Run.RunId} {Days(age!.Value)} ago" : "never drilled";
            if (age is { } a && a <= limit)
            {
                review.Add(RollbackOfficer, service.Name, null, "drill", "PASS", $"{last}, within policy.rollback.drill_every_days ({Days(limit)})", [latest!.Value.Run.RunId, latest.Value.Event.Id]);
                return;
            }

            if (ports.Drills is not { } drills || !drills.CanDrill(service.Name))
            {
                var why = ports.Drills is null
                    ? "no gateway to drill through (warden cycle run --once); the next cycle inside warden serve drills it"
                    : $"no drill set up for {service.Name} (drill.services.{service.Name} in warden.yaml)";
                review.Add(RollbackOfficer, service.Name, null, "drill", "INCONCLUSIVE", $"drill due ({last}; policy.rollback.drill_every_days {Days(limit)}), not run: {why}");
                return;
            }

            var outcome = await drills.RunAsync(service.Name, cancellationToken).ConfigureAwait(false);
            review.Add(RollbackOfficer, service.Name, null, "drill", outcome.Succeeded ? "PASS" : "FAIL", $"drill due ({last}), run: {outcome.Summary}", outcome.EvidenceIds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            review.Problems.Add($"{RollbackOfficer}, drill of {service.Name}: {ex.Message}");
        }
    }

    private static string Days(TimeSpan t) => t.TotalDays >= 1
        ? t.TotalDays.ToString("0.#", CultureInfo.InvariantCulture) + " d"
        : t.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h";
}
