using Warden.Core.Verdicts;

namespace Warden.Core.Rollouts;

/// <summary>
/// A rollout's transitions, written down as rules: state and an input (an analysis, a verdict, a
/// human command, the clock) in, the next state and the actions out. Pure: the controller stores
/// the next state by compare-and-set on its generation, then carries out the actions, so a
/// restart in between repeats the actions (idempotent: set a route, move an alias) and never a
/// transition.
/// </summary>
public static class RolloutMachine
{
    /// <summary>A new rollout in the shadow phase: the candidate gets a mirrored copy of production's traffic.</summary>
    /// <param name="deploymentId">The recorded verdict's deployment id.</param>
    /// <param name="service">The service.</param>
    /// <param name="candidate">The version to roll out.</param>
    /// <param name="knownGood">Production now: where a rollback goes.</param>
    /// <param name="shadowOnly">The verdict was SHADOW ONLY: no canary without a human.</param>
    /// <param name="now">The clock.</param>
    public static RolloutTransition Start(string deploymentId, string service, string candidate, string knownGood, bool shadowOnly, DateTimeOffset now) => new()
    {
        Next = new RolloutState
        {
            DeploymentId = deploymentId,
            Service = service,
            Candidate = candidate,
            KnownGood = knownGood,
            Phase = RolloutPhase.Shadow,
            PhaseStartedAt = now,
            ShadowOnly = shadowOnly,
            Generation = 1,
        },
        Actions = [new RolloutAction.RouteCandidate(0, Shadow: true)],
        Reason = $"Rollout of {service} {candidate} started in shadow (known-good {knownGood}){(shadowOnly ? "; the verdict was SHADOW ONLY, so it stays in shadow until a human promotes it" : string.Empty)}.",
        Changed = true,
    };

    /// <summary>
    /// The live verdict at the end of the shadow phase: GO starts the first canary step, SHADOW
    /// ONLY pauses for a human, PAUSE_AND_FIX and REJECT roll back.
    /// </summary>
    public static RolloutTransition OnShadowVerdict(RolloutState state, RolloutPlan plan, VerdictOutcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(plan);
        if (state.Phase != RolloutPhase.Shadow || state.Paused)
        {
            return Refused(state, $"a shadow verdict applies to a running rollout in shadow; this one is {Describe(state)}");
        }

        return outcome switch
        {
            VerdictOutcome.Go when state.ShadowOnly => Pause(state, "the live verdict is GO, but the rollout rests on a SHADOW ONLY verdict: a human promotes it"),
            VerdictOutcome.Go => ToStep(state, plan, 0, now, "the live shadow verdict is GO"),
            VerdictOutcome.ShadowOnly => Pause(state, "the live shadow verdict is SHADOW ONLY: the evidence does not yet carry a canary"),
            _ => RollBack(state, $"the live shadow verdict is {(outcome == VerdictOutcome.Reject ? "REJECT" : "PAUSE_AND_FIX")}", now),
        };
    }

    /// <summary>
    /// The shadow phase reached its maximum duration without the traffic a live verdict needs
    /// (fewer mirrored requests than its minimum): never a pass on missing data — the plan's
    /// <see cref="InconclusiveAction"/> pauses for a human or rolls back.
    /// </summary>
    public static RolloutTransition OnShadowExpired(RolloutState state, RolloutPlan plan, long shadowRequests, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(plan);
        if (state.Phase != RolloutPhase.Shadow || state.Paused)
        {
            return Refused(state, $"the shadow's maximum duration applies to a running rollout in shadow; this one is {Describe(state)}");
        }

        var elapsed = now - state.PhaseStartedAt;
        if (elapsed < plan.Shadow.MaxDuration)
        {
            return Unchanged(state, $"shadow: {Minutes(elapsed)} of at most {Minutes(plan.Shadow.MaxDuration)} min");
        }

        var why = $"the shadow saw {shadowRequests} of the {plan.Shadow.MinRequests} mirrored requests a live verdict needs within its maximum of {Minutes(plan.Shadow.MaxDuration)} min";
        return plan.OnInconclusive == InconclusiveAction.Rollback ? RollBack(state, why, now) : Pause(state, why);
    }

    /// <summary>
    /// Something the controller cannot judge past (the offline evidence unreadable, a promotion
    /// the promotion gate refuses): the rollout pauses for a human with the reason; it never
    /// advances or rolls back on a failure of its own.
    /// </summary>
    public static RolloutTransition OnProblem(RolloutState state, string problem)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.IsFinished || state.Paused || state.Phase == RolloutPhase.Baking
            ? Refused(state, $"nothing to pause when {Describe(state)}: {problem}")
            : Pause(state, problem);
    }

    /// <summary>A canary step's analysis (see <see cref="CanaryAnalysis"/>).</summary>
    public static RolloutTransition OnStepAnalysis(RolloutState state, RolloutPlan plan, StepAnalysis analysis, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(analysis);
        if (state.Phase != RolloutPhase.Canary || state.Paused)
        {
            return Refused(state, $"a step analysis applies to a running canary; this one is {Describe(state)}");
        }

        // The analysis says a whole sentence; here it becomes the first clause of the transition's reason.
        var why = analysis.Reason.TrimEnd('.');
        return analysis.Outcome switch
        {
            StepOutcome.Advance => Next(state, plan, now, why),
            StepOutcome.Pause => Pause(state, why),
            StepOutcome.Rollback => RollBack(state, why, now),
            _ => Unchanged(state, analysis.Reason),
        };
    }

    /// <summary>The guard tripped: roll back at once, in the canary or during the bake time.</summary>
    public static RolloutTransition OnGuardTrip(RolloutState state, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Phase is RolloutPhase.Canary or RolloutPhase.AwaitingApproval or RolloutPhase.Baking
            ? RollBack(state, $"guard: {reason}", now)
            : Refused(state, $"the guard acts on a canary or a baking promotion; this rollout is {Describe(state)}");
    }

    /// <summary>The clock during the bake time: the rollout is done once the bake time has passed.</summary>
    public static RolloutTransition OnClock(RolloutState state, RolloutPlan plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(plan);
        if (state.Phase != RolloutPhase.Baking)
        {
            return Unchanged(state, $"nothing is due by the clock when {Describe(state)}");
        }

        var baked = now - state.PhaseStartedAt;
        return baked >= plan.BakeTime
            ? Move(state with { Phase = RolloutPhase.Promoted, PhaseStartedAt = now }, [], $"baked for {Minutes(baked)} min without a rollback: {state.Candidate} is production")
            : Unchanged(state, $"baking: {Minutes(baked)} of {Minutes(plan.BakeTime)} min");
    }

    /// <summary>A human's command.</summary>
    public static RolloutTransition OnCommand(RolloutState state, RolloutPlan plan, RolloutCommand command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(plan);
        if (state.IsFinished)
        {
            return Refused(state, $"the rollout is finished ({Describe(state)}); start a new one");
        }

        return command switch
        {
            RolloutCommand.Pause when state.Paused => Refused(state, "it is already paused; resume it, or abort it"),
            RolloutCommand.Pause when state.Phase == RolloutPhase.Baking => Refused(state, "a promoted version has nothing left to pause; abort rolls it back"),
            RolloutCommand.Pause => Pause(state, "paused by a human"),
            RolloutCommand.Resume when !state.Paused => Refused(state, "it is not paused"),
            RolloutCommand.Resume => Move(state with { Paused = false, PauseReason = null, PhaseStartedAt = now }, [], $"resumed {Describe(state with { Paused = false })} with a fresh analysis window"),
            RolloutCommand.Promote when state.Phase == RolloutPhase.Shadow => ToStep(state, plan, 0, now, "promoted by a human from shadow"),
            RolloutCommand.Promote when state.Phase == RolloutPhase.Canary => Next(state, plan, now, "promoted by a human"),
            RolloutCommand.PromoteFull when state.Phase is RolloutPhase.Shadow or RolloutPhase.Canary or RolloutPhase.AwaitingApproval => Promote(state, now, "promoted to production by a human (--full)"),
            RolloutCommand.Approve when state.Phase == RolloutPhase.AwaitingApproval => Promote(state, now, "approved by a human"),
            RolloutCommand.Approve => Refused(state, $"approve applies to a rollout awaiting approval; this one is {Describe(state)}"),
            RolloutCommand.Abort => RollBack(state, "aborted by a human", now),
            _ => Refused(state, $"{CommandText(command)} does not apply when {Describe(state)}"),
        };
    }

    // The step after the current one, or promotion (through approval when the plan asks) after the last.
    private static RolloutTransition Next(RolloutState state, RolloutPlan plan, DateTimeOffset now, string why)
    {
        var next = state.Step + 1;
        if (next < plan.Steps.Count)
        {
            return ToStep(state, plan, next, now, why);
        }

        return plan.RequireApproval
            ? Move(state with { Phase = RolloutPhase.AwaitingApproval, Step = -1, PhaseStartedAt = now }, [], $"{why}; every step passed, promotion waits for approval")
            : Promote(state, now, $"{why}; every step passed");
    }

    private static RolloutTransition ToStep(RolloutState state, RolloutPlan plan, int index, DateTimeOffset now, string why)
    {
        if (plan.Steps.Count == 0)
        {
            return Promote(state, now, $"{why}; the plan has no canary steps");
        }

        var weight = plan.Steps[index].WeightPercent;
        return Move(
            state with { Phase = RolloutPhase.Canary, Step = index, PhaseStartedAt = now, Paused = false, PauseReason = null },
            [new RolloutAction.RouteCandidate(weight, Shadow: false)],
            $"{why}: step {index + 1} of {plan.Steps.Count}, {weight} % of traffic to {state.Candidate}");
    }

    private static RolloutTransition Promote(RolloutState state, DateTimeOffset now, string why) => Move(
        state with { Phase = RolloutPhase.Baking, Step = -1, PhaseStartedAt = now, Paused = false, PauseReason = null },
        [new RolloutAction.Promote()],
        $"{why}: {state.Candidate} is production, baking under the guard");

    private static RolloutTransition RollBack(RolloutState state, string why, DateTimeOffset now) => Move(
        state with { Phase = RolloutPhase.RolledBack, Step = -1, PhaseStartedAt = now, Paused = false, PauseReason = null },
        [new RolloutAction.RollBack(why)],
        $"rolled back to {state.KnownGood}: {why}");

    private static RolloutTransition Pause(RolloutState state, string why) =>
        Move(state with { Paused = true, PauseReason = why }, [], $"paused: {why}");

    private static RolloutTransition Move(RolloutState next, IReadOnlyList<RolloutAction> actions, string reason) => new()
    {
        Next = next with { Generation = next.Generation + 1 },
        Actions = actions,
        Reason = reason,
        Changed = true,
    };

    private static RolloutTransition Unchanged(RolloutState state, string reason) => new() { Next = state, Reason = reason };

    private static RolloutTransition Refused(RolloutState state, string reason) => new() { Next = state, Reason = reason, Applied = false };

    private static string Describe(RolloutState state) => (state.Phase, state.Paused) switch
    {
        (RolloutPhase.Canary, var paused) => $"at canary step {state.Step + 1}{(paused ? ", paused" : string.Empty)}",
        (var phase, true) => $"in {Name(phase)}, paused",
        (var phase, false) => Name(phase),
    };

    private static string Name(RolloutPhase phase) => phase switch
    {
        RolloutPhase.Shadow => "shadow",
        RolloutPhase.AwaitingApproval => "awaiting approval",
        RolloutPhase.Baking => "baking after promotion",
        RolloutPhase.Promoted => "promoted",
        _ => "rolled back",
    };

    /// <summary>A command as people type it: pause, resume, promote, promote --full, abort, approve.</summary>
    public static string CommandText(RolloutCommand command) => command switch
    {
        RolloutCommand.Pause => "pause",
        RolloutCommand.Resume => "resume",
        RolloutCommand.Promote => "promote",
        RolloutCommand.PromoteFull => "promote --full",
        RolloutCommand.Abort => "abort",
        _ => "approve",
    };

    private static string Minutes(TimeSpan span) => span.TotalMinutes.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
