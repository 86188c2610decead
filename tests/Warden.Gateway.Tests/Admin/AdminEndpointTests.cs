using System.Net;
using System.Text;
using System.Text.Json;
using Warden.Gateway.Configuration;
using Warden.Gateway.Telemetry;
using Warden.Gateway.Tests.Support;

namespace Warden.Gateway.Tests.Admin;

public sealed class AdminEndpointTests : IAsyncLifetime
{
    private TestBackend _v1 = null!;
    private TestBackend _v2 = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _v1 = await TestBackend.EchoAsync("v1");
        _v2 = await TestBackend.EchoAsync("v2");
        _gateway = await TestGateway.StartAsync(new GatewayOptions
        {
            Services =
            [
                TestGateway.Service("ranker", [("v1", _v1.Url), ("v2", _v2.Url)], shadow: "v2"),
                TestGateway.Service("search", [("s1", _v1.Url)]),
            ],
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _v1.DisposeAsync();
        await _v2.DisposeAsync();
    }

    [Fact]
    public async Task GetRoutes_EveryServiceWithRevisionWeightAndHealth()
    {
        using var response = await _gateway.AdminClient.GetAsync("admin/routes");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = $$"""
            {"revision":1,"services":[{"service":"ranker","production":"v1","shadow":"v2","canary":null,"canary_weight":0,"backends":[{"version":"v1","address":"{{_v1.Url}}","health":"unknown","consecutive_failures":0,"last_failure":null},{"version":"v2","address":"{{_v2.Url}}","health":"unknown","consecutive_failures":0,"last_failure":null}]},{"service":"search","production":"s1","shadow":null,"canary":null,"canary_weight":0,"backends":[{"version":"s1","address":"{{_v1.Url}}","health":"unknown","consecutive_failures":0,"last_failure":null}]}]}
            """;
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PutRoute_Valid_AppliedRevisionBumpedTrafficMoves()
    {
        using var response = await Put("ranker", """{"canary":"v2","canary_weight":100,"shadow":null}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, body.RootElement.GetProperty("revision").GetInt64());
        var route = body.RootElement.GetProperty("route");
        Assert.Equal(("v1", "v2", 100.0, JsonValueKind.Null), (route.GetProperty("production").GetString(), route.GetProperty("canary").GetString(), route.GetProperty("canary_weight").GetDouble(), route.GetProperty("shadow").ValueKind));
        Assert.Equal("v2", EchoReply.Parse(await _gateway.Client.GetStringAsync("ranker/x")).Version);
        Assert.Equal(("ranker", GatewayEvent.RouteChanged), _gateway.Observer.Events.Single(e => e.Kind == GatewayEvent.RouteChanged));
    }

    [Fact]
    public async Task PutRoute_FractionalWeight_KeptAtBasisPointResolution()
    {
        using var response = await Put("ranker", """{"canary":"v2","canary_weight":12.5}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1250, _gateway.Host.Routes.Current.Services["ranker"].CanaryBasisPoints);
        using var get = JsonDocument.Parse(await _gateway.AdminClient.GetStringAsync("admin/routes/ranker"));
        Assert.Equal(12.5, get.RootElement.GetProperty("route").GetProperty("canary_weight").GetDouble());
    }

    [Theory]
    [InlineData("""{"canary":"v2","canary_weight":120}""", "canary_weight|canary weight must be 0–100 (percent, 0.01 resolution); currently 120")]
    [InlineData("""{"production":"v3"}""", "production|production version 'v3' is not a backend of service 'ranker' (did you mean 'v1'?); known backends: v1, v2")]
    [InlineData("""{"canary_wieght":5}""", "canary_wieght|unknown field 'canary_wieght' (did you mean 'canary_weight'?); known fields: production, shadow, canary, canary_weight, reason, override, deployment")]
    [InlineData("""{"production":1,"canary":true,"canary_weight":"5"}""",
        "production|production must be a version name string; got 1",
        "canary|canary must be a version name string, or null to remove it; got true",
        "canary_weight|canary_weight must be a number (percent, 0–100, 0.01 resolution); got \"5\"")]
    [InlineData("""{"production":null}""", "production|production must be a version name string; got null")]
    [InlineData("{}", "|nothing to change; give at least one of production, shadow, canary, canary_weight")]
    [InlineData("[1]", "|the body is a JSON array, not an object; send a JSON object such as {\"canary\": \"v2\", \"canary_weight\": 5}")]
    [InlineData("""{"shadow":"v1"}""", "shadow|shadow version 'v1' is the production version; a shadow must be another backend (known backends: v1, v2)")]
    public async Task PutRoute_Invalid_400ListsEveryProblem(string json, params string[] problems)
    {
        using var response = await Put("ranker", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("route change for 'ranker' refused", body.RootElement.GetProperty("error").GetString());
        Assert.Equal(problems, body.RootElement.GetProperty("problems").EnumerateArray().Select(p => $"{p.GetProperty("field").GetString()}|{p.GetProperty("message").GetString()}"));
        Assert.Equal(1, _gateway.Host.Routes.Current.Revision);
        Assert.Equal(1, _gateway.Observer.Count(GatewayEvent.RouteChangeRejected));
        Assert.Equal(0, _gateway.Observer.Count(GatewayEvent.RouteChanged));
    }

    [Theory]
    [InlineData("{\"canary\": \"v2\",\n \"canary_weight\" 5}", "malformed JSON at line 2, position 18: '5' is invalid after a property name. Expected a ':'.")]
    [InlineData("{\"canary\": ", "malformed JSON at line 1, position 12: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.")]
    [InlineData("", "the body is empty; send a JSON object such as {\"canary\": \"v2\", \"canary_weight\": 5}")]
    public async Task PutRoute_MalformedJson_400WithLineAndPosition(string json, string message)
    {
        using var response = await Put("ranker", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var problem = Assert.Single(body.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(message, problem.GetProperty("message").GetString());
    }

    [Fact]
    public async Task PutRoute_UnknownService_404ListsServices()
    {
        using var response = await Put("rankr", """{"production":"v1"}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unknown service 'rankr'; known services: ranker, search", body.RootElement.GetProperty("error").GetString());
        Assert.Equal((null, GatewayEvent.RouteChangeRejected), Assert.Single(_gateway.Observer.Events));
    }

    [Fact]
    public async Task PutRoute_BodyTooLarge_400()
    {
        using var response = await Put("ranker", "{\"production\":\"" + new string('x', 70_000) + "\"}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("the body is larger than 65536 bytes", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Admin_UnknownEndpoint_404NamesKnownOnes()
    {
        using var response = await _gateway.AdminClient.GetAsync("admin/weights");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(
            "no admin endpoint GET /admin/weights; known: GET /admin/routes, GET /admin/routes/{service}, PUT /admin/routes/{service}",
            response.Headers.GetValues("X-Warden-Reason").Single());
    }

    private Task<HttpResponseMessage> Put(string service, string json) =>
        _gateway.AdminClient.PutAsync($"admin/routes/{service}", new StringContent(json, Encoding.UTF8, "application/json"));
}
