using System.Text.Json;
using Microsoft.Extensions.Logging;
using Warden.Audit;
using Warden.Core.Reports;
using Warden.Core.Rollouts;
using Warden.Core.Traffic;
using Warden.Core.Verdicts;
using Warden.Leases;
using Warden.Registry;
using Warden.Storage;

namespace Warden.Rollouts;

/// <summary>
/// The rollout controller inside <c>warden serve</c>. Every interval it renews (or tries to take)
/// the store's controller lease; the holder decides: a shadow phase ends with a live verdict, a
/// canary step with an analysis, a bake time with the clock — each transition stored by
/// compare-and-set on the rollout's generation and fenced by the lease epoch. Every server, leader
/// or not, then brings its own traffic to what the stored state calls for, so a restart or a
/// second gateway follows the store. A failed look is logged and retried at the next interval;
/// it never ends the loop (as Argo Rollouts turns a failed query into an errored measurement).
/// </summary>
internal sealed partial class RolloutController(
    IWardenStore store,
    ITrafficProvider traffic,
    IOfflineEvidence? offlineEvidence,
    IShadowScores? shadowScores,
    RolloutControllerOptions options,
    TimeProvider time,
    ILogger logger)
{
    // Finished rollouts whose route this server has brought in line since it started: once each,
    // so a restart after a promotion or a rollback finishes the route change, and a later manual
    // route change is not fought.
    private readonly HashSet<long> _settled = [];
    private readonly ITrafficEvidence _evidence = options.Evidence ?? new StoreTrafficEvidence(store);

    // Written by the look and by the renewal running beside it; a reference, read and written whole.
    private volatile LeaseFence? _fence;

    /// <summary>The lease this server acts under, or null while another server leads.</summary>
    public LeaseFence? Fence => _fence;

    /// <summary>Looks every interval until <paramref name="cancellationToken"/> is cancelled, then gives the lease up.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.Failed(logger, 0, "*", ex.Message);
            }

            try
            {
                await Task.Delay(options.Rollouts.Interval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await ReleaseAsync().ConfigureAwait(false);
    }

    /// <summary>One look: the lease, then every service's latest rollout.</summary>
    public async ValueTask TickAsync(CancellationToken cancellationToken)
    {
        var holding = await HoldLeaseAsync(cancellationToken).ConfigureAwait(false);
        _fence = holding;
        if (holding is null)
        {
            await LookAtRolloutsAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        // A look can outlast the lease: a live verdict (a bootstrap over the shadow's samples) or a
        // slow store on a busy machine took longer than a 3 s lease, and a second server took the
        // lease from a leader that was alive and working. The holding is therefore renewed every
        // interval while the look runs, so that only a leader that stopped (killed, hung outside a
        // look, cut off from the store) is taken over; the fence still decides every write.
        using var looking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keeping = KeepLeaseAsync(holding, looking.Token);
        try
        {
            await LookAtRolloutsAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await looking.CancelAsync().ConfigureAwait(false);
            await keeping.ConfigureAwait(false);
        }
    }

    // Every service's latest rollout: the leader decides, every server follows.
    private async ValueTask LookAtRolloutsAsync(CancellationToken cancellationToken)
    {
        var rollouts = await store.ReadAsync((tx, ct) => tx.Rollouts.ListAsync(null, activeOnly: false, 500, ct), cancellationToken).ConfigureAwait(false);
        foreach (var latest in rollouts.GroupBy(r => r.State.Service, StringComparer.Ordinal).Select(g => g.MaxBy(r => r.Id)!))
        {
            if (latest.State.IsFinished && _settled.Contains(latest.Id))
            {
                continue;
            }

            try
            {
                await LookAsync(latest, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                Log.Failed(logger, latest.Id, latest.State.Service, ex.Message);
            }
        }
    }

    // Renews the holding every interval until the look ends (cancellation), the holding is lost or
    // changes epoch (the look's writes are then refused by the fence, and its renewal before each
    // write sees it too). A failed renewal is logged and tried again; the lease lapses if none lands.
    private async Task KeepLeaseAsync(LeaseFence holding, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await Task.Delay(options.Rollouts.Interval, time, cancellationToken).ConfigureAwait(false);
                if (await HoldLeaseAsync(cancellationToken).ConfigureAwait(false) is not { } renewed || renewed.Epoch != holding.Epoch)
                {
                    _fence = null;
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.Failed(logger, 0, "*", $"could not renew the lease during a look: {ex.Message}");
            }
        }
    }

    private async ValueTask LookAsync(StoredRollout rollout, CancellationToken cancellationToken)
    {
        var plan = RolloutPlanJson.Read(rollout.PlanJson);
        if (_fence is { } fence && !rollout.State.IsFinished && !rollout.State.Paused)
        {
            rollout = await DecideAsync(rollout, plan, fence, cancellationToken).ConfigureAwait(false);
        }

        if (await FollowAsync(rollout, plan, cancellationToken).ConfigureAwait(false) && rollout.State.IsFinished)
        {
            _settled.Add(rollout.Id);
        }
    }

    // The leader's look at one running rollout; returns it as stored afterwards.
    private async ValueTask<StoredRollout> DecideAsync(StoredRollout rollout, RolloutPlan plan, LeaseFence fence, CancellationToken cancellationToken)
    {
        var state = rollout.State;
        var now = time.GetUtcNow();
        Decision? decision = state.Phase switch
        {
            RolloutPhase.Shadow => await ShadowAsync(rollout, plan, now, cancellationToken).ConfigureAwait(false),
            RolloutPhase.Canary => await StepAsync(rollout, plan, now, cancellationToken).ConfigureAwait(false),
            RolloutPhase.Baking => new Decision(RolloutMachine.OnClock(state, plan, now), new RolloutInput("clock", options.Holder)),
            _ => null,
        };
        if (decision is null || !decision.Transition.Changed)
        {
            return rollout;
        }

        // A live verdict can take longer than a short lease: renew it before the write, so the
        // fence checks a holding that is fresh, and do not act if another server took it meanwhile.
        if (await HoldLeaseAsync(cancellationToken).ConfigureAwait(false) is not { } renewed || renewed.Epoch != fence.Epoch)
        {
            _fence = null;
            return rollout;
        }

        try
        {
            return await StoreAsync(rollout, decision, fence, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryRefusal refusal)
        {
            // The promotion gate refused the promotion (the deployment's latest verdict is no longer
            // GO, say): pause for a human with the gate's words instead of retrying forever.
            var problem = $"promotion refused by the registry's promotion gate: {refusal.Message}";
            var pause = new Decision(RolloutMachine.OnProblem(state, problem), new RolloutInput("refusal", options.Holder));
            return await StoreAsync(rollout, pause, fence, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<StoredRollout> StoreAsync(StoredRollout rollout, Decision decision, LeaseFence fence, CancellationToken cancellationToken)
    {
        var generation = rollout.State.Generation;
        var outcome = await RolloutTransitions.ApplyAsync(
            store,
            rollout.Id,

            // Decided on the state read at the look; if anything moved it since (a human's command),
            // this decision is void and the next look decides again.
            (stored, _) => stored.State.Generation == generation ? (decision.Transition, decision.Input) : null,
            fence,
            options.Policy.VerdictMaxAge,
            decision.Alongside,
            cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case null:
                return rollout;
            case { Write: RolloutWrite.StaleLease }:
                var holder = await store.ReadAsync((tx, ct) => tx.Leases.ReadAsync(RolloutControllerOptions.LeaseName, ct), cancellationToken).ConfigureAwait(false);
                Log.LeaseLost(logger, options.Holder, fence.Epoch, holder?.Holder ?? "nobody");
                _fence = null;
                return rollout;
            case { Stored: true }:
                var action = RolloutTransitions.ActionOf(rollout.State, outcome.Rollout.State);
                Log.Transition(logger, rollout.Id, rollout.State.Service, rollout.State.Candidate, action, outcome.Rollout.State.Generation, outcome.Transition.Reason);
                options.AfterStore?.Invoke(action);
                return outcome.Rollout;
            case { Transition.Applied: false }:
                Log.Refused(logger, rollout.Id, rollout.State.Service, outcome.Transition.Reason);
                return outcome.Rollout;
            default:
                return outcome.Rollout;
        }
    }

    // The end of the shadow phase: enough mirrored traffic for a live verdict, or its maximum duration.
    private async ValueTask<Decision?> ShadowAsync(StoredRollout rollout, RolloutPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var state = rollout.State;
        var (production, shadow) = await store.ReadAsync(
            (tx, ct) => RolloutMeasurements.ReadAsync(tx, state, TrafficArm.Shadow, state.PhaseStartedAt, now, ct), cancellationToken).ConfigureAwait(false);
        var elapsed = now - state.PhaseStartedAt;
        if (shadow.Requests < plan.Shadow.MinRequests || elapsed < plan.Shadow.MinDuration)
        {
            return elapsed >= plan.Shadow.MaxDuration
                ? new Decision(RolloutMachine.OnShadowExpired(state, plan, shadow.Requests, now), new RolloutInput("timeout", options.Holder))
                : null;
        }

        VerdictEvidence? offline = null;
        if (rollout.EvidencePath is { } path && offlineEvidence is not null)
        {
            try
            {
                offline = await offlineEvidence.CollectAsync(path, state.Service, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                return new Decision(
                    RolloutMachine.OnProblem(state, $"the live verdict needs the plan's offline evidence {path}, which could not be read: {ex.Message}"),
                    new RolloutInput("verdict", options.Holder));
            }
        }

        var correlation = shadowScores?.Correlation(state.Service, state.Candidate, options.Policy.Confidence);
        var evidence = LiveShadowEvidence.Merge(offline, state.DeploymentId, now, production, shadow, correlation, options.Policy);
        var decision = VerdictEngine.Decide(evidence, options.Policy);
        var report = VerdictReport.Json(decision, evidence, options.Policy);
        var folder = WriteReports(state, decision, evidence, report);
        var record = new VerdictRecord
        {
            DeploymentId = state.DeploymentId,
            Model = state.Service,
            CandidateVersion = state.Candidate,
            BaselineVersion = state.KnownGood,
            Outcome = VerdictReport.Label(decision.Outcome),
            ReportSha256 = VerdictRecorder.ReportSha256(report),
            EvidenceIds = [.. evidence.Inputs.Where(i => i.Id is not null).Select(i => i.Id!.Value.ToString()).Distinct(StringComparer.Ordinal)],
            RecordedAt = now,
            Actor = options.Holder,
        };
        var detail = JsonSerializer.Serialize(
            new LiveVerdictJson(record.Outcome, decision.Rule, production.Requests, shadow.Requests, folder, record.ReportSha256, [.. decision.Checks.Select(CheckJson.Of)]),
            JsonOutput.Compact);
        return new Decision(
            RolloutMachine.OnShadowVerdict(state, plan, decision.Outcome, now),
            new RolloutInput("verdict", options.Holder, detail),
            async (tx, ct) => await ModelRegistry.RecordVerdictAsync(tx, record, ct).ConfigureAwait(false));
    }

    private async ValueTask<Decision?> StepAsync(StoredRollout rollout, RolloutPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var state = rollout.State;
        var analysis = await RolloutMeasurements.AnalyzeStepAsync(_evidence, state, plan, options.Policy, now, cancellationToken).ConfigureAwait(false);
        return analysis is null || analysis.Outcome == StepOutcome.Hold
            ? null
            : new Decision(RolloutMachine.OnStepAnalysis(state, plan, analysis, now), new RolloutInput("analysis", options.Holder, StepAnalysisJson.Write(analysis), analysis.EvidenceIds));
    }

    // Brings this server's traffic to what the stored state calls for; true when it is there. The
    // state is read again inside the route gate: the guard may have rolled back since this look
    // read it, and its route must not be undone.
    private async ValueTask<bool> FollowAsync(StoredRollout rollout, RolloutPlan plan, CancellationToken cancellationToken)
    {
        using var held = await options.RouteGate.EnterAsync(cancellationToken).ConfigureAwait(false);
        rollout = await store.ReadAsync((tx, ct) => tx.Rollouts.FindAsync(rollout.Id, ct), cancellationToken).ConfigureAwait(false) ?? rollout;
        var state = rollout.State;
        var desired = RolloutRoutes.For(state, plan);
        var current = await traffic.CurrentAsync(state.Service, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            Log.NotRouted(logger, rollout.Id, state.Service);
            return true;
        }

        if (current == desired)
        {
            return true;
        }

        var reason = $"rollout {rollout.Id} of {state.Service} {state.Candidate} (deployment {state.DeploymentId}), {RolloutText.Where(state, plan)}";
        var promotes = desired.Production != current.Production && desired.Production == state.Candidate;
        var backToKnownGood = desired.Production != current.Production && !promotes;
        var grounds = new TrafficGrounds(options.Holder, reason, promotes ? state.DeploymentId : null, Override: backToKnownGood);
        var change = await traffic.ApplyAsync(state.Service, desired, grounds, cancellationToken).ConfigureAwait(false);
        if (!change.Applied && promotes)
        {
            // The promotion was recorded (rollout.promote, the registry alias moved) and judged then;
            // a later look (after a restart, a verdict grown old) follows that record.
            change = await traffic.ApplyAsync(
                state.Service,
                desired,
                grounds with { DeploymentId = null, Override = true, Reason = $"{reason}: following the promotion the rollout recorded ({change.Problem})" },
                cancellationToken).ConfigureAwait(false);
        }

        if (!change.Applied)
        {
            Log.RouteRefused(logger, rollout.Id, state.Service, desired.ToString(), change.Problem ?? "refused");
            return false;
        }

        Log.RouteChanged(logger, rollout.Id, state.Service, desired.ToString());
        return true;
    }

    private async ValueTask<LeaseFence?> HoldLeaseAsync(CancellationToken cancellationToken)
    {
        var attempt = await store.WriteAsync(async (tx, ct) =>
        {
            var before = await tx.Leases.ReadAsync(RolloutControllerOptions.LeaseName, ct).ConfigureAwait(false);
            var attempt = await tx.Leases.TryAcquireAsync(RolloutControllerOptions.LeaseName, options.Holder, options.Rollouts.LeaseDuration, ct).ConfigureAwait(false);
            if (attempt.NewHolding)
            {
                // A new holding is a change of who may act: in the log. Renewals are not.
                await tx.Audit.AppendAsync(new AuditEventDraft
                {
                    Actor = options.Holder,
                    Action = AuditActions.ControllerLease,
                    Subject = $"lease:{RolloutControllerOptions.LeaseName}",
                    Payload = AuditPayload.Of(new
                    {
                        attempt.Lease.Holder,
                        attempt.Lease.Epoch,
                        attempt.Lease.ExpiresAt,
                        PreviousHolder = before?.Holder,
                        PreviousEpoch = before?.Epoch,
                        PreviousExpiredAt = before?.ExpiresAt,
                    }),
                }, ct).ConfigureAwait(false);
            }

            return attempt;
        }, cancellationToken).ConfigureAwait(false);
        if (!attempt.Held)
        {
            if (_fence is { } lost)
            {
                Log.LeaseLost(logger, options.Holder, lost.Epoch, attempt.Lease.Holder);
            }

            return null;
        }

        if (attempt.NewHolding)
        {
            Log.LeaseAcquired(logger, options.Holder, attempt.Lease.Epoch);
        }

        return attempt.Lease.Fence;
    }

    private async ValueTask ReleaseAsync()
    {
        if (_fence is not { } fence)
        {
            return;
        }

        if (await LeaseRelease.TryAsync(store, fence).ConfigureAwait(false) is { } problem)
        {
            // The lease then lapses on its own within its duration.
            Log.Failed(logger, 0, "*", $"could not give the lease up: {problem}");
        }

        _fence = null;
    }

    private string? WriteReports(RolloutState state, VerdictDecision decision, VerdictEvidence evidence, string report)
    {
        if (options.ReportsDirectory is not { } root)
        {
            return null;
        }

        var folder = Path.Combine(root, state.DeploymentId, VerdictRecorder.LiveReportPrefix + VerdictRecorder.ReportSha256(report)[..12]);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "deployment_verdict.md"), VerdictReport.Markdown(decision, evidence, options.Policy));
        File.WriteAllText(Path.Combine(folder, "deployment_verdict.json"), report);
        return folder;
    }

    private sealed record Decision(RolloutTransition Transition, RolloutInput Input, Func<IStoreTransaction, CancellationToken, ValueTask>? Alongside = null);
}
