using System.Text.Json;
using Warden.Tests.Support;

namespace Warden.Tests.Hosting;

/// <summary>
/// The route table loaded from warden.yaml at start is recorded as route.load when it differs
/// from the last route the log holds for the service (the first start included), never gated.
/// </summary>
public sealed class RouteLoadTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Start_SameRouteAsLastRecorded_NoNewEvent()
    {
        await (await GovernedGateway.StartAsync(_dir)).DisposeAsync();

        await using var again = await GovernedGateway.StartAsync(_dir);

        Assert.Equal("route.load", Assert.Single(again.RouteEvents()).GetProperty("action").GetString());
    }

    [Fact]
    public async Task Start_ConfigDiffersFromLastRecorded_RouteLoadWithBeforeAndAfter()
    {
        await (await GovernedGateway.StartAsync(_dir)).DisposeAsync();

        await using var edited = await GovernedGateway.StartAsync(_dir, production: "v3");

        var events = edited.RouteEvents();
        Assert.Equal(2, events.Count);
        var payload = events[1].GetProperty("payload");
        Assert.Equal(("route.load", "v1", "v3", "production"), (
            events[1].GetProperty("action").GetString(),
            payload.GetProperty("before").GetProperty("production").GetString(),
            payload.GetProperty("after").GetProperty("production").GetString(),
            payload.GetProperty("changed")[0].GetString()));
        Assert.Equal("the route in warden.yaml differs from the last one recorded (evt-1)", payload.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Start_AfterARouteChange_ConfigRouteRecordedAgain()
    {
        await using (var first = await GovernedGateway.StartAsync(_dir))
        {
            Assert.Equal(0, first.RouteSet("--canary", "v2", "--weight", "5").ExitCode);
        }

        await using var restarted = await GovernedGateway.StartAsync(_dir);

        var last = restarted.RouteEvents()[^1];
        Assert.Equal("route.load", last.GetProperty("action").GetString());
        Assert.Equal(("v2", JsonValueKind.Null), (
            last.GetProperty("payload").GetProperty("before").GetProperty("canary").GetString(),
            last.GetProperty("payload").GetProperty("after").GetProperty("canary").ValueKind));
    }
}
