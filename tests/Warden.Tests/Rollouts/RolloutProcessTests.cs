using System.Text.Json.Nodes;
using Warden.Core.Rollouts;

namespace Warden.Tests.Rollouts;

/// <summary>
/// Rollouts end to end with real processes: <c>warden serve</c> (gateway and rollout controller)
/// over the reference model servers, a real load of OIP infer calls, the CLI as a user types it;
/// <c>kill -9</c> in each phase (shadow, mid-step, promotion, rollback) and a second server on the
/// same store. Every test asserts on the store: the rollout's state and history, the audit log,
/// and an intact audit chain at the end.
/// </summary>
public sealed class RolloutProcessTests(ModelServerPair models) : IClassFixture<ModelServerPair>
{
    private const string Shadow = "v1|-|0|v2";
    private const string Production1 = "v1|-|0|-";
    private const string Production2 = "v2|-|0|-";

    [Fact]
    public async Task Rollout_GoVerdictAndCleanCanary_ShadowStepsPromotionBaked()
    {
        await using var rig = new RolloutRig(models, "[25, 50]");
        rig.Register();
        var serve = await rig.StartServeAsync();
        rig.LoadThrough(serve);

        rig.StartRollout();

        await rig.WaitForRouteAsync(serve, Shadow);
        await rig.WaitForAsync(s => s.Phase != RolloutPhase.Shadow, "to leave the shadow phase");
        await rig.WaitForRouteAsync(serve, "v1|v2|25|-");
        await rig.WaitForAsync(s => s.Phase != RolloutPhase.Canary || s.Step > 0, "to pass canary step 1");
        await rig.WaitForRouteAsync(serve, "v1|v2|50|-");
        var done = await rig.WaitForAsync(s => s.IsFinished, "to be promoted and baked");
        Assert.True(done.State.Phase == RolloutPhase.Promoted, rig.Describe(done));
        await rig.WaitForRouteAsync(serve, Production2);

        // 'rollout status' shows the live verdict and each step's analysis with its measurements.
        var status = rig.Json("rollout", "status", "ranker", "--config", rig.ConfigPath);
        Assert.Equal("promoted", status["rollout"]!["phase"]!.GetValue<string>());
        Assert.Equal("GO", Assert.Single(status["verdicts"]!.AsArray())!["detail"]!["outcome"]!.GetValue<string>());
        var analyses = status["analyses"]!.AsArray();
        Assert.Equal([1, 2], analyses.Select(a => a!["step"]!.GetValue<int>()));
        Assert.Equal([25m, 50m], analyses.Select(a => a!["weight_percent"]!.GetValue<decimal>()));
        Assert.All(analyses, a => Assert.Equal("advance", a!["detail"]!["outcome"]!.GetValue<string>()));
        Assert.All(analyses, a => Assert.True(a!["detail"]!["canary_requests"]!.GetValue<long>() >= 200, a.ToJsonString()));
        var text = rig.Cli("rollout", "status", "ranker", "--config", rig.ConfigPath);
        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Contains("Every check passed at 25 %", text.Out, StringComparison.Ordinal);
        Assert.Contains("Every check passed at 50 %", text.Out, StringComparison.Ordinal);

        // The registry followed: v2 production, v1 previous; one promotion event.
        var aliases = rig.Json("registry", "show", "ranker")["aliases"]!;
        Assert.Equal(("v2", "v1"), (aliases["production"]!.GetValue<string>(), aliases["previous"]!.GetValue<string>()));
        Assert.Single(rig.Audit(), e => Action(e) == "registry.promote");

        var history = rig.History();
        Assert.Equal(["shadow", "canary step 1", "canary step 2", "baking", "promoted"], history.Select(e => e["to"]!.GetValue<string>()));
        Assert.Equal(["start", "verdict", "analysis", "analysis", "clock"], history.Select(e => e["input"]!.GetValue<string>()));
        AssertGenerationsIncrease(history);
        var rollout = rig.Audit("rollout:ranker");
        Assert.Equal(["rollout.start", "rollout.step", "rollout.step", "rollout.promote", "rollout.baked"], rollout.Select(Action));
        Assert.Equal(["tester", serve.Holder, serve.Holder, serve.Holder, serve.Holder], rollout.Select(Actor));
        rig.AssertAuditIntact();
    }

    [Fact]
    public async Task Serve_KilledInShadow_RestartResumesTheShadowAndProceeds()
    {
        await using var rig = new RolloutRig(models, "[50]");
        rig.Register();
        var first = await rig.StartServeAsync();
        rig.LoadThrough(first);
        rig.StartRollout();
        await rig.WaitForRouteAsync(first, Shadow);

        first.Process.Kill();
        var killed = (await rig.RolloutAsync())!;
        Assert.True(killed.State.Phase == RolloutPhase.Shadow, rig.Describe(killed));

        var second = await rig.StartServeAsync();
        rig.LoadThrough(second);
        var done = await rig.WaitForAsync(s => s.IsFinished, "to go on from the shadow to production after the restart");
        Assert.True(done.State.Phase == RolloutPhase.Promoted, rig.Describe(done));
        await rig.WaitForRouteAsync(second, Production2);

        // The restarted gateway started from warden.yaml (v1 alone) and went back into the shadow the
        // store called for, then on: the same rollout, not a second one.
        Assert.Equal([Shadow, "v1|v2|50|-", Production2], rig.RouteChanges(second.Holder));
        Assert.Equal([Shadow], rig.RouteChanges(first.Holder));
        var history = rig.History();
        Assert.Equal(["shadow", "canary step 1", "baking", "promoted"], history.Select(e => e["to"]!.GetValue<string>()));
        Assert.Equal(killed.State.Generation, history[0]["generation"]!.GetValue<long>());
        AssertGenerationsIncrease(history);
        var rollout = rig.Audit("rollout:ranker");
        Assert.Equal(["rollout.start", "rollout.step", "rollout.promote", "rollout.baked"], rollout.Select(Action));
        Assert.Equal(["tester", second.Holder, second.Holder, second.Holder], rollout.Select(Actor));
        rig.AssertAuditIntact();
    }

    [Fact]
    public async Task Serve_KilledRightAfterStoringAStep_RestartContinuesThatStep()
    {
        await using var rig = new RolloutRig(models, "[25, 50]");
        rig.Register();
        var first = await rig.StartServeAsync(killAfter: "rollout.step");
        rig.LoadThrough(first);
        rig.StartRollout();

        Assert.NotEqual(0, await first.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var killed = (await rig.RolloutAsync())!;
        Assert.True(killed.State is { Phase: RolloutPhase.Canary, Step: 0 }, rig.Describe(killed));

        var second = await rig.StartServeAsync();
        rig.LoadThrough(second);
        await rig.WaitForRouteAsync(second, "v1|v2|25|-");

        // The step goes on as stored: same generation, same start (its window is not restarted).
        var resumed = (await rig.RolloutAsync())!;
        Assert.Equal((RolloutPhase.Canary, 0, killed.State.Generation, killed.State.PhaseStartedAt), (resumed.State.Phase, resumed.State.Step, resumed.State.Generation, resumed.State.PhaseStartedAt));
        var done = await rig.WaitForAsync(s => s.IsFinished, "to finish both steps and the promotion after the restart");
        Assert.True(done.State.Phase == RolloutPhase.Promoted, rig.Describe(done));

        // The dead server stored the step but never routed it; the new one routed it first thing.
        Assert.Equal([Shadow], rig.RouteChanges(first.Holder));
        Assert.Equal(["v1|v2|25|-", "v1|v2|50|-", Production2], rig.RouteChanges(second.Holder));
        var history = rig.History();
        Assert.Equal(["shadow", "canary step 1", "canary step 2", "baking", "promoted"], history.Select(e => e["to"]!.GetValue<string>()));
        Assert.Equal(killed.State.Generation, history[1]["generation"]!.GetValue<long>());
        AssertGenerationsIncrease(history);
        var rollout = rig.Audit("rollout:ranker");
        Assert.Equal(["rollout.start", "rollout.step", "rollout.step", "rollout.promote", "rollout.baked"], rollout.Select(Action));
        Assert.Equal(["tester", first.Holder, second.Holder, second.Holder, second.Holder], rollout.Select(Actor));
        rig.AssertAuditIntact();
    }

    [Fact]
    public async Task Serve_KilledRightAfterStoringThePromotion_RestartRoutesProductionV2Once()
    {
        await using var rig = new RolloutRig(models, "[50]");
        rig.Register();
        var first = await rig.StartServeAsync(killAfter: "rollout.promote");
        rig.LoadThrough(first);
        rig.StartRollout();

        Assert.NotEqual(0, await first.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var killed = (await rig.RolloutAsync())!;
        Assert.True(killed.State.Phase == RolloutPhase.Baking, rig.Describe(killed));
        Assert.Equal([Shadow, "v1|v2|50|-"], rig.RouteChanges(first.Holder));

        var second = await rig.StartServeAsync();
        rig.LoadThrough(second);
        await rig.WaitForRouteAsync(second, Production2);
        var done = await rig.WaitForAsync(s => s.IsFinished, "to bake after the restart");
        Assert.True(done.State.Phase == RolloutPhase.Promoted, rig.Describe(done));

        Assert.Equal([Production2], rig.RouteChanges(second.Holder));
        var aliases = rig.Json("registry", "show", "ranker")["aliases"]!;
        Assert.Equal(("v2", "v1"), (aliases["production"]!.GetValue<string>(), aliases["previous"]!.GetValue<string>()));
        Assert.Single(rig.Audit(), e => Action(e) == "registry.promote");
        var rollout = rig.Audit("rollout:ranker");
        Assert.Equal(["rollout.start", "rollout.step", "rollout.promote", "rollout.baked"], rollout.Select(Action));
        Assert.Equal(["tester", first.Holder, first.Holder, second.Holder], rollout.Select(Actor));
        AssertGenerationsIncrease(rig.History());
        rig.AssertAuditIntact();
    }

    [Fact]
    public async Task Serve_KilledRightAfterStoringARollback_RestartKeepsProductionV1Once()
    {
        await using var rig = new RolloutRig(models, "[50]");
        rig.Register();
        var first = await rig.StartServeAsync(killAfter: "rollout.rollback");
        rig.LoadThrough(first);
        rig.StartRollout();
        try
        {
            // A candidate that fails live: one answer in five is a 500 from the first step on.
            await rig.WaitForAsync(s => s.Phase == RolloutPhase.Canary, "to reach canary step 1", 60);
            await models.SetV2ErrorRateAsync(0.2);
            Assert.NotEqual(0, await first.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            await models.SetV2ErrorRateAsync(0);
        }

        var killed = (await rig.RolloutAsync())!;
        Assert.True(killed.State.Phase == RolloutPhase.RolledBack, rig.Describe(killed));
        Assert.Equal([Shadow, "v1|v2|50|-"], rig.RouteChanges(first.Holder));

        var second = await rig.StartServeAsync();
        rig.LoadThrough(second);
        await rig.WaitForRouteAsync(second, Production1);
        await Task.Delay(3 * RolloutRig.IntervalMs);

        // The restarted gateway starts on v1 alone, which is what the rolled-back rollout calls for:
        // it changes nothing, and the rollback is neither repeated nor undone.
        Assert.Equal(Production1, await rig.RouteAsync(second));
        Assert.Empty(rig.RouteChanges(second.Holder));
        var after = (await rig.RolloutAsync())!;
        Assert.Equal((RolloutPhase.RolledBack, killed.State.Generation), (after.State.Phase, after.State.Generation));
        // The live guard saw the errors first (in process, within its 100 ms interval; the step
        // analysis waits for the telemetry windows): its rollback is the one stored.
        var rollback = rig.History()[^1];
        Assert.Equal("rolled_back", rollback["to"]!.GetValue<string>());
        Assert.Equal("guard", rollback["input"]!.GetValue<string>());
        Assert.StartsWith("rb-", rollback["detail"]!["rollback_run_id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("error_rate", rollback["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("v1", rig.Json("registry", "show", "ranker")["aliases"]!["production"]!.GetValue<string>());
        var rollout = rig.Audit("rollout:ranker");
        Assert.Equal(["rollout.start", "rollout.step", "rollout.rollback"], rollout.Select(Action));
        Assert.Equal(["tester", first.Holder, first.Holder], rollout.Select(Actor));
        rig.AssertAuditIntact();
    }

    [Fact]
    public async Task TwoServers_OneStore_OneActsAndTheOtherTakesOverAfterKill()
    {
        await using var rig = new RolloutRig(models, "[25, 50]");
        rig.Register();
        var first = await rig.StartServeAsync();
        await WaitForLeasesAsync(rig, 1);
        var second = await rig.StartServeAsync();
        rig.LoadThrough(first);
        rig.StartRollout();

        await rig.WaitForAsync(s => s.Phase == RolloutPhase.Canary, "to reach canary step 1", 60);

        // Both gateways follow the store; only the first acts.
        await rig.WaitForRouteAsync(second, "v1|v2|25|-");
        Assert.Equal([first.Holder], Leases(rig).Select(Holder));
        var killedAt = TimeProvider.System.GetUtcNow();
        first.Process.Kill();
        rig.LoadThrough(second);

        var done = await rig.WaitForAsync(s => s.IsFinished, "to be finished by the second server");
        Assert.True(done.State.Phase == RolloutPhase.Promoted, rig.Describe(done));
        await rig.WaitForRouteAsync(second, Production2);

        // One takeover, by the second server, within the lease (and a look) after the kill.
        var leases = Leases(rig);
        Assert.Equal([first.Holder, second.Holder], leases.Select(Holder));
        Assert.Equal(first.Holder, leases[1]["payload"]!["previous_holder"]!.GetValue<string>());
        var takeover = DateTimeOffset.Parse(leases[1]["time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) - killedAt;
        Assert.True(takeover < TimeSpan.FromMilliseconds(RolloutRig.LeaseMs + RolloutRig.IntervalMs + 1500), $"the second server took the lease {takeover.TotalMilliseconds:0} ms after the kill; lease {RolloutRig.LeaseMs} ms");

        // Every transition before the takeover is the first server's, every one after it the second's.
        var takeoverSeq = leases[1]["seq"]!.GetValue<long>();
        var acted = rig.Audit("rollout:ranker").Where(e => Actor(e) != "tester").ToList();
        Assert.All(acted, e => Assert.Equal(e["seq"]!.GetValue<long>() < takeoverSeq ? first.Holder : second.Holder, Actor(e)));
        Assert.Contains(acted, e => Actor(e) == first.Holder);
        Assert.Contains(acted, e => Actor(e) == second.Holder);
        Assert.Equal(["rollout.start", "rollout.step", "rollout.step", "rollout.promote", "rollout.baked"], rig.Audit("rollout:ranker").Select(Action));
        var history = rig.History();
        Assert.Equal(["shadow", "canary step 1", "canary step 2", "baking", "promoted"], history.Select(e => e["to"]!.GetValue<string>()));
        AssertGenerationsIncrease(history);
        rig.AssertAuditIntact();
    }

    private static IReadOnlyList<JsonNode> Leases(RolloutRig rig) => [.. rig.Audit("lease:rollout-controller").Where(e => Action(e) == "controller.lease")];

    private static string Holder(JsonNode lease) => lease["payload"]!["holder"]!.GetValue<string>();

    private static async Task WaitForLeasesAsync(RolloutRig rig, int count)
    {
        for (var i = 0; i < 100 && Leases(rig).Count < count; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(Leases(rig).Count == count, $"expected {count} controller.lease event(s); {rig.Describe(await rig.RolloutAsync())}");
    }


    private static string Action(JsonNode e) => e["action"]!.GetValue<string>();

    private static string Actor(JsonNode e) => e["actor"]!.GetValue<string>();

    private static void AssertGenerationsIncrease(IReadOnlyList<JsonNode> history)
    {
        var generations = history.Select(e => e["generation"]!.GetValue<long>()).ToList();
        Assert.True(generations.Zip(generations.Skip(1)).All(p => p.Second == p.First + 1), $"generations not one by one: {string.Join(", ", generations)}");
    }
}
