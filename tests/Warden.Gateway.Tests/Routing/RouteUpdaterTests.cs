using Microsoft.Extensions.Logging.Abstractions;
using Warden.Gateway.Routing;
using Warden.Gateway.Telemetry;
using Warden.Gateway.Tests.Support;

namespace Warden.Gateway.Tests.Routing;

public sealed class RouteUpdaterTests
{
    private readonly RecordingObserver _observer = new();
    private readonly RecordingRouteGate _gate = new();
    private readonly RouteTableHolder _holder;
    private readonly RouteUpdater _updater;

    public RouteUpdaterTests()
    {
        var service = TestGateway.Service("ranker", [("v1", new Uri("http://127.0.0.1:8091/")), ("v2", new Uri("http://127.0.0.1:8092/")), ("v3", new Uri("http://127.0.0.1:8093/"))]);
        _holder = new RouteTableHolder([service.Route]);
        _updater = new RouteUpdater(_holder, new BackendCatalog([service], 5), _gate, _observer, NullLogger.Instance);
    }

    [Fact]
    public async Task Apply_CanaryWithWeight_PublishesNextRevision()
    {
        var before = _holder.Current;

        var result = await _updater.ApplyAsync("ranker", new RouteUpdate { ChangeCanary = true, Canary = "v2", CanaryWeightPercent = 12.5 }, "tester");

        Assert.Equal(RouteUpdateStatus.Applied, result.Status);
        Assert.Same(result.Table, _holder.Current);
        Assert.Equal(2, _holder.Current.Revision);
        var route = _holder.Current.Services["ranker"];
        Assert.Equal(("v1", "v2", 1250, (string?)null), (route.Production.Version, route.Canary!.Version, route.CanaryBasisPoints, route.Shadow?.Version));
        Assert.Null(before.Services["ranker"].Canary);
        Assert.Equal(("ranker", GatewayEvent.RouteChanged), Assert.Single(_observer.Events));
    }

    [Fact]
    public async Task Apply_PartialChanges_KeepWhatIsNotNamed()
    {
        await _updater.ApplyAsync("ranker", new RouteUpdate { ChangeCanary = true, Canary = "v2", CanaryWeightPercent = 5, ChangeShadow = true, Shadow = "v3" }, "tester");

        await _updater.ApplyAsync("ranker", new RouteUpdate { CanaryWeightPercent = 25 }, "tester");
        var route = _holder.Current.Services["ranker"];
        Assert.Equal(("v1", "v2", 2500, "v3"), (route.Production.Version, route.Canary!.Version, route.CanaryBasisPoints, route.Shadow!.Version));

        await _updater.ApplyAsync("ranker", new RouteUpdate { ChangeShadow = true, Shadow = null, ChangeCanary = true, Canary = null }, "tester");
        route = _holder.Current.Services["ranker"];
        Assert.Equal((null, 0, null), (route.Canary, route.CanaryBasisPoints, route.Shadow));
        Assert.Equal(4, _holder.Current.Revision);
    }

    public static TheoryData<string> RefusalNames => [.. Refusals.Keys];

    private static readonly Dictionary<string, (RouteUpdate Update, string[] Problems)> Refusals = new()
    {
        ["weight 120"] = (
            new RouteUpdate { ChangeCanary = true, Canary = "v2", CanaryWeightPercent = 120 },
            ["canary_weight: canary weight must be 0–100 (percent, 0.01 resolution); currently 120"]),
        ["weight 12.345"] = (
            new RouteUpdate { ChangeCanary = true, Canary = "v2", CanaryWeightPercent = 12.345 },
            ["canary_weight: canary weight must be 0–100 (percent, 0.01 resolution); currently 12.345"]),
        ["unknown production"] = (
            new RouteUpdate { Production = "v9" },
            ["production: production version 'v9' is not a backend of service 'ranker' (did you mean 'v1'?); known backends: v1, v2, v3"]),
        ["unknown shadow, case"] = (
            new RouteUpdate { ChangeShadow = true, Shadow = "V2" },
            ["shadow: shadow version 'V2' is not a backend of service 'ranker' (did you mean 'v2'?); known backends: v1, v2, v3"]),
        ["canary is production"] = (
            new RouteUpdate { ChangeCanary = true, Canary = "v1", CanaryWeightPercent = 5 },
            ["canary: canary version 'v1' is the production version; a canary must be another backend (known backends: v1, v2, v3)"]),
        ["new canary without weight"] = (
            new RouteUpdate { ChangeCanary = true, Canary = "v2" },
            ["canary_weight: a new canary ('v2') needs canary_weight, in percent from 0 to 100"]),
        ["weight without canary"] = (
            new RouteUpdate { CanaryWeightPercent = 5 },
            ["canary_weight: canary_weight is given but service 'ranker' has no canary; set canary too"]),
        ["weight with canary removed"] = (
            new RouteUpdate { ChangeCanary = true, Canary = null, CanaryWeightPercent = 5 },
            ["canary_weight: canary_weight is given but canary is null (removed); give a canary version, or drop canary_weight"]),
        ["several problems"] = (
            new RouteUpdate { Production = "v4", ChangeShadow = true, Shadow = "v4", ChangeCanary = true, Canary = "v2", CanaryWeightPercent = -1 },
            [
                "production: production version 'v4' is not a backend of service 'ranker' (did you mean 'v1'?); known backends: v1, v2, v3",
                "shadow: shadow version 'v4' is not a backend of service 'ranker' (did you mean 'v1'?); known backends: v1, v2, v3",
                "canary_weight: canary weight must be 0–100 (percent, 0.01 resolution); currently -1",
            ]),
    };

    [Theory]
    [MemberData(nameof(RefusalNames))]
    public async Task Apply_Invalid_EveryProblemNothingPublished(string name)
    {
        var (update, problems) = Refusals[name];
        var before = _holder.Current;

        var result = await _updater.ApplyAsync("ranker", update, "tester");

        Assert.Equal(RouteUpdateStatus.Invalid, result.Status);
        Assert.Equal(problems, result.Problems.Select(p => $"{p.Field}: {p.Message}"));
        Assert.Same(before, _holder.Current);
        Assert.Equal(("ranker", GatewayEvent.RouteChangeRejected), Assert.Single(_observer.Events));
    }

    [Fact]
    public async Task Apply_UnknownService_RefusedAndCounted()
    {
        var result = await _updater.ApplyAsync("search", new RouteUpdate { Production = "v1" }, "tester");

        Assert.Equal(RouteUpdateStatus.UnknownService, result.Status);
        Assert.Equal(1, _holder.Current.Revision);
        Assert.Equal((null, GatewayEvent.RouteChangeRejected), Assert.Single(_observer.Events));
    }

    [Fact]
    public async Task Apply_ConcurrentWriters_NoChangeLost()
    {
        // Each writer raises the weight by 0.01 % and reads it back from the revision it made:
        // with compare-and-swap publishing, 400 changes give 400 revisions and +4 %.
        await _updater.ApplyAsync("ranker", new RouteUpdate { ChangeCanary = true, Canary = "v2", CanaryWeightPercent = 0 }, "tester");
        var revisions = new System.Collections.Concurrent.ConcurrentBag<long>();

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            while (true)
            {
                var table = _holder.Current;
                var route = table.Services["ranker"];
                var next = RouteTableHolder.With(table, route with { CanaryBasisPoints = route.CanaryBasisPoints + 1 });
                if (_holder.TryPublish(table, next))
                {
                    revisions.Add(next.Revision);
                    return;
                }
            }
        });

        Assert.Equal(402, _holder.Current.Revision);
        Assert.Equal(400, _holder.Current.Services["ranker"].CanaryBasisPoints);
        Assert.Equal(Enumerable.Range(3, 400).Select(i => (long)i), revisions.Order());
    }
}
