using Microsoft.Extensions.Logging.Abstractions;
using Warden.Gateway.Routing;
using Warden.Gateway.Telemetry;
using Warden.Gateway.Tests.Support;

namespace Warden.Gateway.Tests.Routing;

/// <summary>
/// <see cref="RouteUpdater.FollowAsync"/>: a route another server recorded is published without the
/// gate (it passed one where it was made), a route already in force changes nothing, and a
/// version this gateway does not know is refused with the table unchanged.
/// </summary>
public sealed class RouteFollowTests
{
    private readonly RecordingObserver _observer = new();
    private readonly RecordingRouteGate _gate = new();
    private readonly RouteTableHolder _holder;
    private readonly RouteUpdater _updater;

    public RouteFollowTests()
    {
        var service = TestGateway.Service("ranker", [("v1", new Uri("http://127.0.0.1:8091/")), ("v2", new Uri("http://127.0.0.1:8092/")), ("v3", new Uri("http://127.0.0.1:8093/"))]);
        _holder = new RouteTableHolder([service.Route]);
        _updater = new RouteUpdater(_holder, new BackendCatalog([service], 5), _gate, _observer, NullLogger.Instance);
    }

    [Fact]
    public async Task Follow_RecordedRoute_PublishedWithoutTheGate()
    {
        var result = await _updater.FollowAsync("ranker", new FollowedRoute("v2", "v3", 12.5, "v1"), "evt-42");

        Assert.Equal((RouteUpdateStatus.Applied, "evt-42"), (result!.Status, result.Record));
        var route = _holder.Current.Services["ranker"];
        Assert.Equal(("v2", "v3", 1250, "v1"), (route.Production.Version, route.Canary!.Version, route.CanaryBasisPoints, route.Shadow!.Version));
        Assert.Equal(2, _holder.Current.Revision);
        Assert.Empty(_gate.Changes);
        Assert.Equal(("ranker", GatewayEvent.RouteChanged), Assert.Single(_observer.Events));
    }

    [Theory]
    [InlineData(12.5, true)]
    [InlineData(12.51, false)]
    public async Task Follow_RouteAlreadyInForce_NothingChanges(double weight, bool same)
    {
        await _updater.ApplyAsync("ranker", new RouteUpdate { ChangeCanary = true, Canary = "v2", CanaryWeightPercent = 12.5 }, "tester");

        var result = await _updater.FollowAsync("ranker", new FollowedRoute("v1", "v2", weight, null), "evt-7");

        Assert.Equal(same, result is null);
        Assert.Equal(same ? 2 : 3, _holder.Current.Revision);
    }

    [Fact]
    public async Task Follow_CanaryRemoved_WeightIgnored()
    {
        await _updater.ApplyAsync("ranker", new RouteUpdate { ChangeCanary = true, Canary = "v2", CanaryWeightPercent = 50 }, "tester");

        var result = await _updater.FollowAsync("ranker", new FollowedRoute("v1", null, 0, null), "evt-8");

        Assert.Equal(RouteUpdateStatus.Applied, result!.Status);
        Assert.Equal((null, 0), (_holder.Current.Services["ranker"].Canary, _holder.Current.Services["ranker"].CanaryBasisPoints));
    }

    [Fact]
    public async Task Follow_VersionThisGatewayLacks_RefusedTableUnchanged()
    {
        var before = _holder.Current;

        var result = await _updater.FollowAsync("ranker", new FollowedRoute("v9", null, 0, null), "evt-9");

        Assert.Equal(RouteUpdateStatus.Invalid, result!.Status);
        Assert.Equal("production", Assert.Single(result.Problems).Field);
        Assert.Same(before, _holder.Current);
    }

    [Fact]
    public async Task Follow_UnknownService_Refused()
    {
        var result = await _updater.FollowAsync("search", new FollowedRoute("v1", null, 0, null), "evt-10");

        Assert.Equal(RouteUpdateStatus.UnknownService, result!.Status);
        Assert.Equal(1, _holder.Current.Revision);
    }
}
