using Warden.Core.Rollouts;
using Warden.Core.Verdicts;

namespace Warden.Core.Tests.Rollouts;

/// <summary>Every transition of a rollout with the exact actions it asks for, and every refusal leaving the state as it was.</summary>
public sealed class RolloutMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly RolloutPlan Plan = new();

    [Fact]
    public void Start_ShadowWithAMirrorOnly()
    {
        var t = RolloutMachine.Start("dep-1", "ranker", "v2", "v1", shadowOnly: false, T0);

        Assert.Equal((RolloutPhase.Shadow, -1, 1L, false), (t.Next.Phase, t.Next.Step, t.Next.Generation, t.Next.Paused));
        Assert.Equal([new RolloutAction.RouteCandidate(0, Shadow: true)], t.Actions);
    }

    [Theory]
    [InlineData(VerdictOutcome.Go, false, RolloutPhase.Canary, false)]
    [InlineData(VerdictOutcome.Go, true, RolloutPhase.Shadow, true)]
    [InlineData(VerdictOutcome.ShadowOnly, false, RolloutPhase.Shadow, true)]
    [InlineData(VerdictOutcome.PauseAndFix, false, RolloutPhase.RolledBack, false)]
    [InlineData(VerdictOutcome.Reject, false, RolloutPhase.RolledBack, false)]
    public void OnShadowVerdict_Outcome_DecidesTheFirstStep(VerdictOutcome outcome, bool shadowOnly, RolloutPhase phase, bool paused)
    {
        var shadow = RolloutMachine.Start("dep-1", "ranker", "v2", "v1", shadowOnly, T0).Next;

        var t = RolloutMachine.OnShadowVerdict(shadow, Plan, outcome, T0.AddMinutes(5));

        Assert.Equal((phase, paused, 2L), (t.Next.Phase, t.Next.Paused, t.Next.Generation));
        RolloutAction[] expected = phase switch
        {
            RolloutPhase.Canary => [new RolloutAction.RouteCandidate(1, Shadow: false)],
            RolloutPhase.RolledBack => [new RolloutAction.RollBack($"the live shadow verdict is {(outcome == VerdictOutcome.Reject ? "REJECT" : "PAUSE_AND_FIX")}")],
            _ => [],
        };
        Assert.Equal(expected, t.Actions);
    }

    [Fact]
    public void OnStepAnalysis_AdvanceThroughEveryStep_WeightsThenPromotion()
    {
        var state = Canary(step: 0);
        var weights = new List<decimal>();
        for (var i = 0; i < Plan.Steps.Count; i++)
        {
            var t = RolloutMachine.OnStepAnalysis(state, Plan, Analysis(StepOutcome.Advance), T0.AddMinutes(i + 1));
            weights.AddRange(t.Actions.OfType<RolloutAction.RouteCandidate>().Select(a => a.CanaryWeightPercent));
            if (i == Plan.Steps.Count - 1)
            {
                Assert.Equal([new RolloutAction.Promote()], t.Actions);
            }

            state = t.Next;
        }

        Assert.Equal([5m, 25m, 50m, 100m], weights);
        Assert.Equal((RolloutPhase.Baking, 15L), (state.Phase, state.Generation));
    }

    [Fact]
    public void OnStepAnalysis_LastStepWithApproval_WaitsThenApproveOnlyThere()
    {
        var plan = Plan with { RequireApproval = true };
        var waiting = RolloutMachine.OnStepAnalysis(Canary(step: 4), plan, Analysis(StepOutcome.Advance), T0).Next;

        var early = RolloutMachine.OnCommand(Canary(step: 2), plan, RolloutCommand.Approve, T0);
        var approved = RolloutMachine.OnCommand(waiting, plan, RolloutCommand.Approve, T0);

        Assert.Equal(RolloutPhase.AwaitingApproval, waiting.Phase);
        Assert.False(early.Applied);
        Assert.Equal(Canary(step: 2), early.Next);
        Assert.Equal("approve applies to a rollout awaiting approval; this one is at canary step 3", early.Reason);
        Assert.Equal(RolloutPhase.Baking, approved.Next.Phase);
        Assert.Equal([new RolloutAction.Promote()], approved.Actions);
    }

    [Theory]
    [InlineData(StepOutcome.Hold, RolloutPhase.Canary, false, false)]
    [InlineData(StepOutcome.Pause, RolloutPhase.Canary, true, true)]
    [InlineData(StepOutcome.Rollback, RolloutPhase.RolledBack, false, true)]
    public void OnStepAnalysis_NotAdvance_HoldsPausesOrRollsBack(StepOutcome outcome, RolloutPhase phase, bool paused, bool changed)
    {
        var before = Canary(step: 1);

        var t = RolloutMachine.OnStepAnalysis(before, Plan, Analysis(outcome), T0.AddMinutes(3));

        Assert.Equal((phase, paused, changed), (t.Next.Phase, t.Next.Paused, t.Changed));
        Assert.Equal(changed ? before.Generation + 1 : before.Generation, t.Next.Generation);
        Assert.Equal(outcome == StepOutcome.Rollback ? [new RolloutAction.RollBack("why")] : Array.Empty<RolloutAction>(), t.Actions);
    }

    [Fact]
    public void PauseThenResume_AnalysisRefusedWhilePaused_ResumeStartsAFreshWindow()
    {
        var paused = RolloutMachine.OnCommand(Canary(step: 1), Plan, RolloutCommand.Pause, T0.AddMinutes(1)).Next;

        var analysis = RolloutMachine.OnStepAnalysis(paused, Plan, Analysis(StepOutcome.Advance), T0.AddMinutes(2));
        var resumed = RolloutMachine.OnCommand(paused, Plan, RolloutCommand.Resume, T0.AddMinutes(3)).Next;

        Assert.False(analysis.Applied);
        Assert.Equal(paused, analysis.Next);
        Assert.Equal((false, 1, T0.AddMinutes(3)), (resumed.Paused, resumed.Step, resumed.PhaseStartedAt));
    }

    [Theory]
    [InlineData(29 * 60 + 59.999, RolloutPhase.Baking)]
    [InlineData(30 * 60.0, RolloutPhase.Promoted)] // exactly the bake time
    public void OnClock_Baking_PromotedOnceTheBakeTimeHasPassed(double seconds, RolloutPhase phase)
    {
        var baking = RolloutMachine.OnCommand(Canary(step: 0), Plan, RolloutCommand.PromoteFull, T0).Next;

        var t = RolloutMachine.OnClock(baking, Plan, T0.AddSeconds(seconds));

        Assert.Equal(phase, t.Next.Phase);
        Assert.Empty(t.Actions);
    }

    [Fact]
    public void AbortAndGuard_AfterPromotion_RollBackToTheKnownGood()
    {
        var baking = RolloutMachine.OnCommand(Canary(step: 3), Plan, RolloutCommand.PromoteFull, T0).Next;

        var abort = RolloutMachine.OnCommand(baking, Plan, RolloutCommand.Abort, T0.AddMinutes(1));
        var guard = RolloutMachine.OnGuardTrip(baking, "error rate 4.1 % > 1 %", T0.AddMinutes(1));

        Assert.Equal([new RolloutAction.RollBack("aborted by a human")], abort.Actions);
        Assert.Equal([new RolloutAction.RollBack("guard: error rate 4.1 % > 1 %")], guard.Actions);
        Assert.Equal("rolled back to v1: guard: error rate 4.1 % > 1 %", guard.Reason);
    }

    [Theory]
    [InlineData(RolloutCommand.Pause)]
    [InlineData(RolloutCommand.Resume)]
    [InlineData(RolloutCommand.Promote)]
    [InlineData(RolloutCommand.PromoteFull)]
    [InlineData(RolloutCommand.Abort)]
    [InlineData(RolloutCommand.Approve)]
    public void OnCommand_FinishedRollout_RefusedUnchanged(RolloutCommand command)
    {
        var rolledBack = RolloutMachine.OnCommand(Canary(step: 0), Plan, RolloutCommand.Abort, T0).Next;

        var t = RolloutMachine.OnCommand(rolledBack, Plan, command, T0.AddMinutes(1));

        Assert.False(t.Applied);
        Assert.Equal(rolledBack, t.Next);
        Assert.Empty(t.Actions);
    }

    [Fact]
    public void OnGuardTrip_InShadow_Refused()
    {
        var shadow = RolloutMachine.Start("dep-1", "ranker", "v2", "v1", shadowOnly: false, T0).Next;

        var t = RolloutMachine.OnGuardTrip(shadow, "p95", T0);

        Assert.False(t.Applied);
        Assert.Equal(shadow, t.Next);
    }

    private static RolloutState Canary(int step) => new()
    {
        DeploymentId = "dep-1",
        Service = "ranker",
        Candidate = "v2",
        KnownGood = "v1",
        Phase = RolloutPhase.Canary,
        Step = step,
        PhaseStartedAt = T0,
        Generation = 10 + step,
    };

    private static StepAnalysis Analysis(StepOutcome outcome) => new()
    {
        Outcome = outcome,
        Reason = "why",
        WindowComplete = true,
        CanaryRequests = 1000,
        ProductionRequests = 20_000,
        Checks = [],
    };
}
