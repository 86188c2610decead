using System.Globalization;
using Warden.Audit;
using Warden.Core.Rollouts;
using Warden.Registry;
using Warden.Storage;

namespace Warden.Rollouts;

/// <summary>
/// What people do to rollouts (<c>warden rollout start|pause|resume|promote|abort|approve</c>):
/// each is one store transaction that checks its grounds and stores the machine's transition with
/// its audit event. The controller in <c>warden serve</c> then moves traffic to match; these
/// never touch traffic themselves, so they work the same with or without a server running.
/// </summary>
internal static class RolloutOperations
{
    /// <summary>
    /// Starts a rollout in shadow. It needs the registry's <c>production</c> alias (the known-good
    /// version), the candidate registered and untampered, no unfinished rollout of the service, and
    /// a recorded verdict for the candidate judged against today's production, fresh and vouched for
    /// by the audit log: REJECT and PAUSE_AND_FIX refuse, SHADOW ONLY allows the shadow phase only,
    /// GO the whole plan.
    /// </summary>
    /// <exception cref="RolloutRefusal">The grounds are missing; the message says which and the fix.</exception>
    public static ValueTask<StoredRollout> StartAsync(IWardenStore store, RolloutStart request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RegistryNames.CheckName(request.Service, "service");
        if (request.Plan.EvidencePath is null)
        {
            // Without it the live verdict at the end of the shadow has no ranking, provenance or
            // rollback evidence, and the verdict rules fail such a candidate: refuse now, not then.
            throw new RolloutRefusal(
                $"the rollout plan of {request.Service} names no offline evidence: the live verdict that ends the shadow phase judges the shadow's traffic together with " +
                $"the candidate's evidence bundle. Set rollout.services.{request.Service}.evidence (or rollout.plan.evidence) in warden.yaml to its evidence.yaml, or pass --evidence PATH.");
        }

        return store.WriteAsync(async (tx, ct) =>
        {
            var (service, candidate) = (request.Service, request.Candidate);
            var aliases = await tx.Registry.AliasesAsync(service, ct).ConfigureAwait(false);
            if (aliases.GetValueOrDefault(RegistryNames.Production) is not { } production)
            {
                throw new RolloutRefusal(
                    $"{service} has no production version in the registry: a rollout needs a known-good version to go back to. " +
                    $"Set it once with 'warden registry alias {service} production VERSION --override --reason \"...\"'.");
            }

            if (production == candidate)
            {
                throw new RolloutRefusal($"{service} {candidate} is production already; nothing to roll out.");
            }

            var version = await ModelRegistry.RequireAsync(tx, service, candidate, ct).ConfigureAwait(false);
            if (version.Tampered is { } mark)
            {
                throw ModelRegistry.Tampered(service, candidate, mark);
            }

            if (await tx.Rollouts.ActiveAsync(service, ct).ConfigureAwait(false) is { } running)
            {
                throw new RolloutRefusal(
                    $"{service} has a rollout running already: rollout {running.Id} of {running.State.Candidate}, {RolloutText.Where(running.State)}. " +
                    $"Finish it, or stop it with 'warden rollout abort {service}'.");
            }

            var verdict = await ModelRegistry.LatestVerdictAsync(tx, new PromotionRequest
            {
                Model = service,
                Version = candidate,
                Production = production,
                DeploymentId = request.DeploymentId,
                VerdictMaxAge = request.VerdictMaxAge,
                ProductionFromAlias = true,
            }, ct).ConfigureAwait(false);
            var shadowOnly = verdict.Outcome switch
            {
                "GO" => false,
                "SHADOW ONLY" => true,
                _ => throw new RolloutRefusal(
                    $"cannot start a rollout of {service} {candidate}: the latest verdict of deployment {verdict.DeploymentId} (judged against {production}, recorded " +
                    $"{verdict.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}) is {verdict.Outcome}; " +
                    "fix what it found and record a new verdict (warden verdict --record)."),
            };

            var start = RolloutMachine.Start(verdict.DeploymentId, service, candidate, production, shadowOnly, tx.Now);
            var planJson = RolloutPlanJson.Write(request.Plan);
            var stored = await tx.Rollouts.AddAsync(start.Next, planJson, request.Plan.EvidencePath, request.Actor, ct).ConfigureAwait(false)
                ?? throw new RolloutRefusal($"{service} has a rollout running already; see 'warden rollout status {service}'.");
            await RolloutTransitions.RecordStartAsync(tx, stored, start, new RolloutInput("start", request.Actor), verdict.Outcome, ct).ConfigureAwait(false);
            return stored;
        }, cancellationToken);
    }

    /// <summary>
    /// A human's command on the service's unfinished rollout, stored by compare-and-set; the
    /// controller moves traffic to match within its interval.
    /// </summary>
    /// <exception cref="RolloutRefusal">No rollout is running, or the command does not apply in its phase.</exception>
    /// <exception cref="RegistryRefusal">A promotion the promotion gate refuses (e.g. the deployment's latest verdict is no longer GO).</exception>
    public static async ValueTask<RolloutOutcome> CommandAsync(
        IWardenStore store, string service, RolloutCommand command, string actor, TimeSpan verdictMaxAge, CancellationToken cancellationToken = default)
    {
        var name = RolloutMachine.CommandText(command);
        for (var attempt = 0; ; attempt++)
        {
            var active = await store.ReadAsync((tx, ct) => tx.Rollouts.ActiveAsync(service, ct), cancellationToken).ConfigureAwait(false)
                ?? throw new RolloutRefusal($"{service} has no rollout running; 'warden rollout list {service} --all' shows its past ones.");
            var outcome = await RolloutTransitions.ApplyAsync(
                store,
                active.Id,
                (rollout, now) => rollout.State.IsFinished
                    ? null
                    : (RolloutMachine.OnCommand(rollout.State, RolloutPlanJson.Read(rollout.PlanJson), command, now), new RolloutInput($"command:{name}", actor)),
                fence: null,
                verdictMaxAge,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (outcome is null)
            {
                // Finished between the read and the write (the controller rolled it back, say).
                continue;
            }

            if (!outcome.Transition.Applied)
            {
                throw new RolloutRefusal($"cannot {name} rollout {active.Id} of {service} {active.State.Candidate}: {outcome.Transition.Reason}.");
            }

            if (outcome.Write == RolloutWrite.GenerationMoved && attempt < 3)
            {
                continue; // the controller moved it first: judge the command again on the new state
            }

            return outcome;
        }
    }

    /// <summary>The service's latest rollout (unfinished or not), or null.</summary>
    public static ValueTask<StoredRollout?> LatestAsync(IWardenStore store, string service, CancellationToken cancellationToken = default) =>
        store.ReadAsync(async (tx, ct) => (await tx.Rollouts.ListAsync(service, activeOnly: false, 1, ct).ConfigureAwait(false)).FirstOrDefault(), cancellationToken);
}
