using System.Net;
using System.Text;
using System.Text.Json;
using Warden.Gateway.Routing;
using Warden.Gateway.Telemetry;
using Warden.Gateway.Tests.Support;

namespace Warden.Gateway.Tests.Admin;

/// <summary>
/// Every route change passes the route-change gate before it is published: the gate sees before,
/// after, revision, actor and reason; a refusal or a failed record publishes nothing.
/// </summary>
public sealed class RouteChangeGateTests : IAsyncLifetime
{
    private TestBackend _v1 = null!;
    private TestBackend _v2 = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _v1 = await TestBackend.EchoAsync("v1");
        _v2 = await TestBackend.EchoAsync("v2");
        _gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", _v1.Url), ("v2", _v2.Url)]));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _v1.DisposeAsync();
        await _v2.DisposeAsync();
    }

    [Fact]
    public void Start_StartingTableRecorded()
    {
        var start = Assert.Single(_gateway.Gate.Starts);
        Assert.Equal((1L, "v1"), (start.Revision, start.Services["ranker"].Production.Version));
    }

    [Fact]
    public async Task PutRoute_Applied_GateSawBeforeAfterRevisionActorReason()
    {
        using var response = await Put("""{"canary":"v2","canary_weight":5,"reason":"ramp to 5 %"}""", actor: "alice");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var change = Assert.Single(_gateway.Gate.Changes);
        Assert.Equal(("ranker", 2L, "alice", "ramp to 5 %", false), (change.Service, change.Revision, change.Actor, change.Reason, change.Override));
        Assert.Equal((null, "v2", 500), (change.Before.Canary?.Version, change.After.Canary?.Version, change.After.CanaryBasisPoints));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("fake-1", body.RootElement.GetProperty("audit_event").GetString());
    }

    [Fact]
    public async Task PutRoute_NoActorHeader_RecordedAsAnonymousAtTheCallersAddress()
    {
        using var response = await Put("""{"shadow":"v2"}""", actor: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("anonymous@127.0.0.1", Assert.Single(_gateway.Gate.Changes).Actor);
    }

    [Fact]
    public async Task PutRoute_GateRefuses_409WithProblemsNothingPublished()
    {
        _gateway.Gate.Decide = _ => RouteChangeDecision.Refuse([new RouteProblem("production", "cannot promote ranker v2 to production: no GO verdict")]);

        using var response = await Put("""{"production":"v2"}""", actor: "alice");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var problem = Assert.Single(body.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(("production", "cannot promote ranker v2 to production: no GO verdict"), (problem.GetProperty("field").GetString(), problem.GetProperty("message").GetString()));
        Assert.Equal(1, _gateway.Host.Routes.Current.Revision);
        Assert.Equal("v1", EchoReply.Parse(await _gateway.Client.GetStringAsync("ranker/x")).Version);
        Assert.Equal(1, _gateway.Observer.Count(GatewayEvent.RouteChangeRejected));
    }

    [Fact]
    public async Task PutRoute_AuditWriteFails_503RouteUnchanged()
    {
        _gateway.Gate.Decide = _ => throw new IOException("disk full");

        using var response = await Put("""{"canary":"v2","canary_weight":50}""", actor: "alice");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(
            "route change for 'ranker' not applied: its audit event could not be written (disk full); the route is unchanged at revision 1",
            response.Headers.GetValues("X-Warden-Reason").Single());
        Assert.Equal(1, _gateway.Host.Routes.Current.Revision);
        Assert.Null(_gateway.Host.Routes.Current.Services["ranker"].Canary);
        Assert.Equal(0, _gateway.Observer.Count(GatewayEvent.RouteChanged));
    }

    [Theory]
    [InlineData("""{"production":"v2","override":true}""", "reason|\"override\": true needs a \"reason\": the audit log records why production moved without a GO verdict")]
    [InlineData("""{"canary":"v2","canary_weight":5,"override":true,"reason":"x"}""", "override|override applies to a change of production only; this change keeps production at v1 (canary and shadow changes need no verdict); drop \"override\"")]
    [InlineData("""{"shadow":"v2","deployment":"dep-1"}""", "deployment|deployment applies to a change of production only; this change keeps production at v1; drop \"deployment\"")]
    [InlineData("""{"production":"v2","override":"yes","reason":""}""", "override|override must be true or false; got \"yes\"", "reason|reason must be a non-empty string saying why the route changes; got \"\"")]
    [InlineData("""{"reason":"just because"}""", "|nothing to change; give at least one of production, shadow, canary, canary_weight")]
    public async Task PutRoute_BadGrounds_400BeforeTheGate(string json, params string[] problems)
    {
        using var response = await Put(json, actor: "alice");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(problems, body.RootElement.GetProperty("problems").EnumerateArray().Select(p => $"{p.GetProperty("field").GetString()}|{p.GetProperty("message").GetString()}"));
        Assert.Empty(_gateway.Gate.Changes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\u0001b")]
    public async Task PutRoute_BadActorHeader_400(string actor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "admin/routes/ranker") { Content = new StringContent("""{"shadow":"v2"}""", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Warden-Actor", actor);

        using var response = await _gateway.AdminClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("X-Warden-Actor must be one name of 1 to 200 printable characters", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_gateway.Gate.Changes);
    }

    [Fact]
    public async Task PutRoute_OverrideWithReason_GateToldOverrideAndReason()
    {
        using var response = await Put("""{"production":"v2","override":true,"reason":"hotfix: v1 leaks memory"}""", actor: "alice");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var change = Assert.Single(_gateway.Gate.Changes);
        Assert.True(change.MovesProduction);
        Assert.Equal((true, "hotfix: v1 leaks memory", "v1", "v2"), (change.Override, change.Reason, change.Before.Production.Version, change.After.Production.Version));
    }

    private Task<HttpResponseMessage> Put(string json, string? actor)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "admin/routes/ranker") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (actor is not null)
        {
            request.Headers.Add("X-Warden-Actor", actor);
        }

        return _gateway.AdminClient.SendAsync(request);
    }
}
