using System.Globalization;
using Warden.Audit;
using Warden.Core.Rollouts;
using Warden.Leases;
using Warden.Registry;
using Warden.Storage;

namespace Warden.Rollouts;

/// <summary>
/// Stores a rollout's transitions: in one store transaction, the rollout row is checked against the
/// audit chain, the machine's transition is computed from that row at the transaction's time, the
/// new state is written by compare-and-set (generation, and the controller's lease epoch), the
/// registry's production alias follows a promotion or a rollback after one, and the history row and
/// the audit event attesting both rows are appended. A restart between this commit and the route
/// change repeats the route change (idempotent), never the transition.
/// </summary>
internal static class RolloutTransitions
{
    /// <summary>The audit subject of a service's rollouts: <c>rollout:SERVICE</c>.</summary>
    public static string Subject(string service) => $"rollout:{service}";

    /// <summary>
    /// Reads rollout <paramref name="rolloutId"/>, asks <paramref name="decide"/> for the transition
    /// (null: nothing to do), and stores it. <paramref name="alongside"/> runs in the same
    /// transaction only when the transition is stored (the live verdict's record, say).
    /// </summary>
    /// <exception cref="RegistryRefusal">A promotion the registry's promotion gate refuses; nothing is stored.</exception>
    public static ValueTask<RolloutOutcome?> ApplyAsync(
        IWardenStore store,
        long rolloutId,
        Func<StoredRollout, DateTimeOffset, (RolloutTransition Transition, RolloutInput Input)?> decide,
        LeaseFence? fence,
        TimeSpan verdictMaxAge,
        Func<IStoreTransaction, CancellationToken, ValueTask>? alongside = null,
        CancellationToken cancellationToken = default) =>
        store.WriteAsync<RolloutOutcome?>(async (tx, ct) =>
        {
            var rollout = await tx.Rollouts.FindAsync(rolloutId, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"rollout {rolloutId} is not in the store");
            if (await StateRowVerifier.VerifyOneAsync(tx.Audit, tx.Rows, AttestedTables.Rollout(rolloutId), ct).ConfigureAwait(false) is { } problem)
            {
                return new RolloutOutcome
                {
                    Rollout = rollout,
                    Transition = new RolloutTransition
                    {
                        Next = rollout.State,
                        Applied = false,
                        Reason = $"rollout {rolloutId}'s stored state is not vouched for by the audit log ({problem}); nothing moves until it is restored from a backup (run 'warden audit verify')",
                    },
                };
            }

            if (decide(rollout, tx.Now) is not { } decision)
            {
                return null;
            }

            return await StoreAsync(tx, rollout, decision.Transition, decision.Input, fence, verdictMaxAge, alongside, ct).ConfigureAwait(false);
        }, cancellationToken);

    private static async ValueTask<RolloutOutcome> StoreAsync(
        IStoreTransaction tx,
        StoredRollout rollout,
        RolloutTransition transition,
        RolloutInput input,
        LeaseFence? fence,
        TimeSpan verdictMaxAge,
        Func<IStoreTransaction, CancellationToken, ValueTask>? alongside,
        CancellationToken cancellationToken)
    {
        if (!transition.Applied || !transition.Changed)
        {
            return new RolloutOutcome { Rollout = rollout, Transition = transition };
        }

        var before = rollout.State;
        var next = transition.Next;
        var write = await tx.Rollouts.UpdateAsync(rollout.Id, next, before.Generation, fence, cancellationToken).ConfigureAwait(false);
        if (write != RolloutWrite.Written)
        {
            return new RolloutOutcome { Rollout = rollout, Transition = transition, Write = write };
        }

        if (alongside is not null)
        {
            await alongside(tx, cancellationToken).ConfigureAwait(false);
        }

        await MoveRegistryAsync(tx, before, transition, input.Actor, verdictMaxAge, cancellationToken).ConfigureAwait(false);
        var eventId = await tx.Rollouts.AddEventAsync(new RolloutEventRecord
        {
            RolloutId = rollout.Id,
            Generation = next.Generation,
            Time = tx.Now,
            Actor = input.Actor,
            Input = input.Kind,
            PhaseBefore = before.Phase,
            StepBefore = before.Step,
            PhaseAfter = next.Phase,
            StepAfter = next.Step,
            PausedAfter = next.Paused,
            Reason = transition.Reason,
            DetailJson = input.DetailJson,
        }, cancellationToken).ConfigureAwait(false);
        var recorded = await tx.Audit.AppendAsync(Event(rollout, before, transition, input, fence, eventId), cancellationToken).ConfigureAwait(false);
        return new RolloutOutcome
        {
            Rollout = (await tx.Rollouts.FindAsync(rollout.Id, cancellationToken).ConfigureAwait(false))!,
            Transition = transition,
            AuditSequence = recorded.Sequence,
        };
    }

    /// <summary>A stored start's first history row and its <c>rollout.start</c> audit event, which attests both rows.</summary>
    internal static async ValueTask RecordStartAsync(
        IStoreTransaction tx, StoredRollout stored, RolloutTransition start, RolloutInput input, string verdictOutcome, CancellationToken cancellationToken)
    {
        var eventId = await tx.Rollouts.AddEventAsync(new RolloutEventRecord
        {
            RolloutId = stored.Id,
            Generation = stored.State.Generation,
            Time = tx.Now,
            Actor = input.Actor,
            Input = input.Kind,
            PhaseAfter = stored.State.Phase,
            StepAfter = stored.State.Step,
            Reason = start.Reason,
            DetailJson = null,
        }, cancellationToken).ConfigureAwait(false);
        await tx.Audit.AppendAsync(StartEvent(stored, start, input, eventId, verdictOutcome), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The audit event of a stored start (the rollout and its first history row).</summary>
    private static AuditEventDraft StartEvent(StoredRollout rollout, RolloutTransition start, RolloutInput input, long eventId, string verdictOutcome) => new()
    {
        Actor = input.Actor,
        Action = AuditActions.RolloutStart,
        Subject = Subject(rollout.State.Service),
        DeploymentId = rollout.State.DeploymentId,
        Payload = AuditPayload.Of(new
        {
            Rollout = rollout.Id,
            rollout.State.Service,
            rollout.State.Candidate,
            rollout.State.KnownGood,
            Verdict = verdictOutcome,
            rollout.State.ShadowOnly,
            Phase = Name(rollout.State.Phase),
            rollout.State.Generation,
            Plan = RolloutPlanJson.Read(rollout.PlanJson) is var plan ? RolloutPlanJson.Node(plan) : null,
            start.Reason,
        }),
        Attests = [AttestedTables.Rollout(rollout.Id), AttestedTables.RolloutEvent(eventId)],
    };

    // Promotion moves the registry's production alias to the candidate (previous ← known-good) on
    // the deployment's verdict; a rollback after that moves it back, as an override: no verdict
    // judges the known-good version against the candidate it replaces again.
    private static async ValueTask MoveRegistryAsync(
        IStoreTransaction tx, RolloutState before, RolloutTransition transition, string actor, TimeSpan verdictMaxAge, CancellationToken cancellationToken)
    {
        var state = transition.Next;
        foreach (var action in transition.Actions)
        {
            switch (action)
            {
                case RolloutAction.Promote:
                    await ModelRegistry.MoveAliasAsync(tx, new AliasRequest
                    {
                        Model = state.Service,
                        Alias = RegistryNames.Production,
                        Version = state.Candidate,
                        Actor = actor,
                        DeploymentId = state.DeploymentId,
                        Reason = transition.Reason,
                        VerdictMaxAge = verdictMaxAge,
                    }, cancellationToken).ConfigureAwait(false);
                    break;
                case RolloutAction.RollBack rollBack:
                    var aliases = await tx.Registry.AliasesAsync(state.Service, cancellationToken).ConfigureAwait(false);
                    if (aliases.GetValueOrDefault(RegistryNames.Production) == state.Candidate && before.Phase is RolloutPhase.Baking or RolloutPhase.Promoted)
                    {
                        await ModelRegistry.MoveAliasAsync(tx, new AliasRequest
                        {
                            Model = state.Service,
                            Alias = RegistryNames.Production,
                            Version = state.KnownGood,
                            Actor = actor,
                            Override = true,
                            Reason = $"rollout rolled back after promotion: {rollBack.Reason}",
                            VerdictMaxAge = verdictMaxAge,
                        }, cancellationToken).ConfigureAwait(false);
                    }

                    break;
            }
        }
    }

    private static AuditEventDraft Event(StoredRollout rollout, RolloutState before, RolloutTransition transition, RolloutInput input, LeaseFence? fence, long eventId)
    {
        var next = transition.Next;
        return new AuditEventDraft
        {
            Actor = input.Actor,
            Action = ActionOf(before, next),
            Subject = Subject(next.Service),
            DeploymentId = next.DeploymentId,
            EvidenceIds = input.EvidenceIds ?? [],
            Payload = AuditPayload.Of(new
            {
                Rollout = rollout.Id,
                next.Service,
                next.Candidate,
                next.KnownGood,
                Input = input.Kind,
                From = Where(before),
                To = Where(next),
                next.Generation,
                Epoch = fence?.Epoch,
                transition.Reason,
                Actions = transition.Actions.Select(a => a switch
                {
                    RolloutAction.RouteCandidate r => $"route {next.Candidate}: canary {RolloutPlanJson.Percent(r.CanaryWeightPercent)} %{(r.Shadow ? ", shadow" : string.Empty)}",
                    RolloutAction.Promote => $"promote {next.Candidate} to production",
                    RolloutAction.RollBack => $"roll back to {next.KnownGood}",
                    _ => a.ToString(),
                }).ToArray(),
            }),
            Attests = [AttestedTables.Rollout(rollout.Id), AttestedTables.RolloutEvent(eventId)],
        };
    }

    /// <summary>The audit action of a transition from <paramref name="before"/> to <paramref name="next"/>.</summary>
    internal static string ActionOf(RolloutState before, RolloutState next) => next switch
    {
        { Phase: RolloutPhase.RolledBack } => AuditActions.RolloutRollback,
        { Phase: RolloutPhase.Promoted } => AuditActions.RolloutBaked,
        { Phase: RolloutPhase.Baking } when before.Phase != RolloutPhase.Baking => AuditActions.RolloutPromote,
        { Paused: true } when !before.Paused => AuditActions.RolloutPause,
        { Paused: false } when before.Paused && before.Phase == next.Phase && before.Step == next.Step => AuditActions.RolloutResume,
        { Phase: RolloutPhase.AwaitingApproval } when before.Phase != RolloutPhase.AwaitingApproval => AuditActions.RolloutAwaitApproval,
        { Phase: RolloutPhase.Canary } when before.Phase != RolloutPhase.Canary || before.Step != next.Step => AuditActions.RolloutStep,
        _ => AuditActions.RolloutUpdate,
    };

    /// <summary>A phase as people and JSON read it: shadow, canary, awaiting_approval, baking, promoted, rolled_back.</summary>
    public static string Name(RolloutPhase phase) => phase switch
    {
        RolloutPhase.Shadow => "shadow",
        RolloutPhase.Canary => "canary",
        RolloutPhase.AwaitingApproval => "awaiting_approval",
        RolloutPhase.Baking => "baking",
        RolloutPhase.Promoted => "promoted",
        _ => "rolled_back",
    };

    private static string Where(RolloutState state) =>
        Name(state.Phase) + (state.Phase == RolloutPhase.Canary ? $" step {(state.Step + 1).ToString(CultureInfo.InvariantCulture)}" : string.Empty) + (state.Paused ? " (paused)" : string.Empty);
}
