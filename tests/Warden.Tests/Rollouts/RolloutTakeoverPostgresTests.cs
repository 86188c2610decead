using System.Globalization;
using System.Text.Json.Nodes;
using Warden.Core.Rollouts;
using Warden.Storage.Postgres.Tests;
using Xunit.Abstractions;

namespace Warden.Tests.Rollouts;

/// <summary>
/// Two <c>warden serve</c> processes on one PostgreSQL schema (test.sh's server), each with its own
/// listeners and data directory, the same warden.yaml (lease 3 s, a look every 300 ms): one leads
/// by the <c>rollout-controller</c> lease; <c>kill -9</c> it in the middle of a canary step and the
/// other takes the lease once it has expired, with the next epoch, and finishes the rollout. The
/// store then shows every transition once, each under the epoch of the server that made it, and
/// an audit chain that verifies. The takeover time is measured and written to the test output.
/// </summary>
public sealed class RolloutTakeoverPostgresTests(ModelServerPair models, ITestOutputHelper output) : IClassFixture<ModelServerPair>, IAsyncLifetime
{
    private const string Step2 = "v1|v2|50|-";
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task TwoServers_LeaderKilledMidCanary_OtherTakesOverWithinTheLeaseAndEveryActionIsDoneOnce()
    {
        await using var rig = new RolloutRig(models, "[25, 50, 75]", new RolloutRigOptions { Store = _database.StoreUrl() });
        rig.Register();
        var one = await rig.StartServeAsync();
        var two = await rig.StartServeAsync();
        var holder = await WaitForLeaderAsync(rig);
        var (leader, follower) = holder == one.Holder ? (one, two) : (two, one);
        Assert.True(holder == leader.Holder, $"the lease is held by {holder}, neither of the servers ({one.Holder}, {two.Holder})");
        rig.LoadThrough(leader);
        rig.StartRollout();

        // Mid-rollout: the second of three canary steps, routed by both gateways (each follows the store).
        await rig.WaitForAsync(s => s is { Phase: RolloutPhase.Canary, Step: 1 }, "to reach canary step 2 (50 %)", 120);
        await rig.WaitForRouteAsync(leader, Step2);
        await rig.WaitForRouteAsync(follower, Step2);
        var killedAt = TimeProvider.System.GetUtcNow();
        leader.Process.Kill();
        rig.LoadThrough(follower);

        var done = await rig.WaitForAsync(s => s.IsFinished, "to be finished by the other server", 120);
        Assert.True(done.State.Phase == RolloutPhase.Promoted, rig.Describe(done));
        await rig.WaitForRouteAsync(follower, "v2|-|0|-");

        // One takeover: the next epoch, by the follower, only once the leader's holding had expired,
        // and within the lease and one look after the kill.
        var leases = Leases(rig);
        Assert.Equal([leader.Holder, follower.Holder], leases.Select(l => Text(l, "holder")));
        var (epoch1, epoch2) = (Epoch(leases[0]), Epoch(leases[1]));
        Assert.Equal(epoch1 + 1, epoch2);
        Assert.Equal((leader.Holder, epoch1), (Text(leases[1], "previous_holder"), leases[1]["payload"]!["previous_epoch"]!.GetValue<long>()));
        var takenAt = Time(leases[1]["time"]!);
        var expiredAt = Time(leases[1]["payload"]!["previous_expired_at"]!);
        Assert.True(takenAt >= expiredAt, $"the follower took the lease at {takenAt:O}, before the leader's holding expired at {expiredAt:O}");
        var takeover = takenAt - killedAt;
        var bound = TimeSpan.FromMilliseconds(RolloutRig.LeaseMs + RolloutRig.IntervalMs);
        var acted = rig.Audit("rollout:ranker").Where(e => Text(e, "actor") != "tester").ToList();
        var firstAction = acted.First(e => Text(e, "actor") == follower.Holder);
        output.WriteLine(
            $"takeover {takeover.TotalMilliseconds:0} ms after kill -9 (lease {RolloutRig.LeaseMs} ms, look every {RolloutRig.IntervalMs} ms, bound {bound.TotalMilliseconds:0} ms); " +
            $"leader's holding expired {(expiredAt - killedAt).TotalMilliseconds:0} ms after the kill; " +
            $"first transition by the new leader ({Text(firstAction, "action")}) {(Time(firstAction["time"]!) - killedAt).TotalMilliseconds:0} ms after the kill");
        // The slack covers one look's own work (store round trips) on a busy 2-core box.
        Assert.True(takeover < bound + TimeSpan.FromMilliseconds(1500), $"the follower took the lease {takeover.TotalMilliseconds:0} ms after the kill; lease {RolloutRig.LeaseMs} ms, interval {RolloutRig.IntervalMs} ms");

        // Every transition once, in order, one generation each; before the takeover all the leader's
        // under its epoch, after it all the follower's under the next one.
        var history = rig.History();
        Assert.Equal(["shadow", "canary step 1", "canary step 2", "canary step 3", "baking", "promoted"], history.Select(e => Text(e, "to")));
        var generations = history.Select(e => e["generation"]!.GetValue<long>()).ToList();
        Assert.True(generations.Zip(generations.Skip(1)).All(p => p.Second == p.First + 1), $"generations not one by one: {string.Join(", ", generations)}");
        Assert.Equal(["rollout.start", "rollout.step", "rollout.step", "rollout.step", "rollout.promote", "rollout.baked"], rig.Audit("rollout:ranker").Select(e => Text(e, "action")));
        var takeoverSeq = leases[1]["seq"]!.GetValue<long>();
        Assert.All(acted, e => Assert.Equal(
            e["seq"]!.GetValue<long>() < takeoverSeq ? (leader.Holder, epoch1) : (follower.Holder, epoch2),
            (Text(e, "actor"), Epoch(e))));
        Assert.Equal(["rollout.step", "rollout.step"], acted.Where(e => Text(e, "actor") == leader.Holder).Select(e => Text(e, "action")));

        // Every step's route recorded in order, by whichever server applied it first: the other's
        // gateway follows the recorded change (StoreRouteFollower) or applies it at its own look, and
        // when the two race both record the same route back to back. The dead leader records nothing
        // after the kill; one promotion in the registry.
        var routeEvents = rig.Audit("route:ranker").Where(e => Text(e, "action") == "route.change").ToList();
        var routes = routeEvents.Select(e => e["payload"]!["after"]!).Select(a =>
            $"{a["production"]}|{a["canary"]?.ToString() ?? "-"}|{a["canary_weight"]!.GetValue<double>().ToString(System.Globalization.CultureInfo.InvariantCulture)}|{a["shadow"]?.ToString() ?? "-"}").ToList();
        Assert.Equal(["v1|-|0|v2", "v1|v2|25|-", Step2, "v1|v2|75|-", "v2|-|0|-"], routes.Where((r, i) => i == 0 || r != routes[i - 1]));
        Assert.All(routeEvents.Where(e => Text(e, "actor") == leader.Holder), e => Assert.True(e["seq"]!.GetValue<long>() < takeoverSeq, $"the dead leader recorded {e["id"]} after the takeover"));
        Assert.Equal(["v1|v2|75|-", "v2|-|0|-"], routeEvents.Where(e => e["seq"]!.GetValue<long>() > takeoverSeq).Select(e => routes[routeEvents.IndexOf(e)]).Distinct());
        Assert.Single(rig.Audit(), e => Text(e, "action") == "registry.promote");
        Assert.Equal("v2", rig.Json("registry", "show", "ranker")["aliases"]!["production"]!.GetValue<string>());
        rig.AssertAuditIntact();
    }


    private static async Task<string> WaitForLeaderAsync(RolloutRig rig)
    {
        for (var i = 0; i < 100; i++)
        {
            await using (var store = await rig.OpenStoreAsync())
            {
                if (await store.ReadAsync((tx, ct) => tx.Leases.ReadAsync(Warden.Rollouts.RolloutControllerOptions.LeaseName, ct)) is { } lease)
                {
                    return lease.Holder;
                }
            }

            await Task.Delay(100);
        }

        Assert.Fail($"no server took the rollout-controller lease within 10 s; {rig.Describe(null)}");
        return null!;
    }

    private static List<JsonNode> Leases(RolloutRig rig) => [.. rig.Audit("lease:rollout-controller").Where(e => Text(e, "action") == "controller.lease")];

    private static string Text(JsonNode e, string name) => (e[name] ?? e["payload"]![name])!.GetValue<string>();

    private static long Epoch(JsonNode e) => e["payload"]!["epoch"]!.GetValue<long>();

    private static DateTimeOffset Time(JsonNode node) => DateTimeOffset.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture);
}
