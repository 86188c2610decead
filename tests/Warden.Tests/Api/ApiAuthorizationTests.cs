using System.Net;
using System.Text.Json.Nodes;
using Warden.Access;
using Warden.Api;
using Warden.Audit;
using Warden.Channels;

namespace Warden.Tests.Api;

/// <summary>Every endpoint × every role and no token, generated from <see cref="ApiEndpoints.All"/>: a new endpoint is covered by its rule or fails here.</summary>
public sealed class ApiAuthorizationTests : IAsyncLifetime
{
    private ApiRig _rig = null!;

    public static TheoryData<string, string, string> Matrix()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var route in ApiEndpoints.All)
        {
            data.Add(route.Method, route.Path, "none");
            foreach (var role in Enum.GetValues<Role>())
            {
                data.Add(route.Method, route.Path, Roles.Name(role));
            }
        }

        return data;
    }

    public async Task InitializeAsync() => _rig = await ApiRig.StartAsync(new ApiAccessOptions { FailuresPerWindow = 1000 });

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Call_EveryEndpointEveryRole_AllowedExactlyWhenTheRolePermits(string method, string path, string caller)
    {
        var route = ApiEndpoints.All.Single(r => r.Method == method && r.Path == path);
        Role? role = caller == "none" ? null : Roles.TryParse(caller, out var r) ? r : throw new ArgumentException(caller);
        var concrete = path.Replace("{id}", "cy-20261122T000000000Z", StringComparison.Ordinal).Replace("{name}", ChannelNames.Rollback, StringComparison.Ordinal)
            .Replace("{model}", "ranker", StringComparison.Ordinal).Replace("{service}", "ranker", StringComparison.Ordinal)
            .Replace("{version}", "v2", StringComparison.Ordinal).Replace("{alias}", "canary", StringComparison.Ordinal);

        var expected = role is null ? HttpStatusCode.Unauthorized : route.Permits(role.Value) ? (HttpStatusCode?)null : HttpStatusCode.Forbidden;

        // 'cycle run' waits up to 30 s for a server's cycle, and this rig runs none: a call the rule
        // lets through is still waiting after 3 s, while a refusal comes at once.
        using var waiting = new CancellationTokenSource(route.Command == "cycle run" ? TimeSpan.FromSeconds(3) : Timeout.InfiniteTimeSpan);
        HttpResponseMessage response;
        try
        {
            response = await _rig.SendAsync(method, concrete, role, HttpCompletionOption.ResponseHeadersRead, waiting.Token);
        }
        catch (TaskCanceledException) when (waiting.IsCancellationRequested && route.Command == "cycle run")
        {
            Assert.Null(expected);
            return;
        }

        using var answered = response;
        if (expected is { } refused)
        {
            Assert.Equal(refused, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal(Roles.Name(route.Needs), problem["needs"]!.GetValue<string>());
        }
        else
        {
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{caller} {method} {path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Forbidden_SaysWhichRoleIsNeededAndWhichTheTokenHas()
    {
        using var response = await _rig.SendAsync("POST", "/api/v1/cycles", Role.Viewer);

        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("POST /api/v1/cycles needs the operator role; token 'viewer' has the viewer role.", problem["detail"]!.GetValue<string>());
        Assert.Equal(1, _rig.Access.Refusals.Forbidden);
    }

    [Theory]
    [InlineData(null, "this call needs a token with the viewer role")]
    [InlineData("wdn_nope", "the token is not valid")]
    [InlineData("Basic dXNlcjpwYXNz", "this call needs a token with the viewer role")]
    public async Task Unauthenticated_401WithBearerChallengeAndTheNeededRole(string? header, string detail)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_rig.Base, "api/v1/channels"));
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", header.StartsWith("Basic", StringComparison.Ordinal) ? header : $"Bearer {header}");
        }

        using var response = await _rig.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.StartsWith(detail, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/registry/ranker", 404, "model 'ranker' has no registered versions; register one with 'warden registry add ranker VERSION --artifact PATH'.")]
    [InlineData("/api/v1/registry/Bad%20Name", 400, "model 'Bad Name' is not valid: use letters, digits and . _ - (first a letter or digit, at most 128), e.g. ranker or v2.")]
    [InlineData("/api/v1/registry/--data-dir=x", 400, "model '--data-dir=x' is not valid: use letters, digits and . _ - (first a letter or digit, at most 128), e.g. ranker or v2.")]
    [InlineData("/api/v1/registry/@Warden.Tests.deps.json", 400, "model '@Warden.Tests.deps.json' is not valid: use letters, digits and . _ - (first a letter or digit, at most 128), e.g. ranker or v2.")]
    [InlineData("/api/v1/audit?limit=5&data-dir=/tmp", 400, "GET /api/v1/audit does not take 'data-dir'; it takes since, subject, action, limit.")]
    [InlineData("/api/v1/rollouts/ranker/status", 404, "ranker has no rollout yet; start one with 'warden rollout start ranker VERSION'.")]
    [InlineData("/api/v1/cycles/cy-20261122T000000000Z", 404, "no cycle 'cy-20261122T000000000Z' on this store (no cycle has run on this store yet); see 'warden cycle list'.")]
    [InlineData("/api/v1/cycles?limit=0", 400, "--limit 0: give a number from 1 to 10000.")]
    public async Task Read_Missing_ProblemWithTheCliWording(string path, int status, string detail)
    {
        using var response = await _rig.SendAsync("GET", path, Role.Viewer);

        Assert.Equal(status, (int)response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        if (detail.Length > 0)
        {
            Assert.Equal(detail, problem["detail"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task RevokedToken_401NamingTheRevocation()
    {
        await new TokenIssuer(_rig.Store).RevokeAsync("operator", "admin@test");

        using var response = await _rig.SendAsync("GET", "/api/v1/channels", Role.Operator);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("token 'operator' was revoked;", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostCycle_Operator_RequestAuditedUnderTheTokensNameNeverTheToken()
    {
        using var response = await _rig.SendAsync("POST", "/api/v1/cycles", Role.Operator);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var request = await _rig.Store.ReadAsync((tx, ct) => tx.Audit.ListAsync(new AuditQuery { Action = AuditActions.CycleRequest }, ct));
        var e = Assert.Single(request);
        Assert.Equal("operator", e.Actor);
        Assert.Equal(e.Id, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["request"]!.GetValue<string>());
        var secret = _rig.Tokens[Role.Operator];
        var all = await _rig.Store.ReadAsync((tx, ct) => tx.Audit.ListAsync(new AuditQuery { Limit = 1000 }, ct));
        Assert.DoesNotContain(all, a => a.Payload.Contains(secret, StringComparison.Ordinal) || a.Actor.Contains(secret, StringComparison.Ordinal));
    }
}
